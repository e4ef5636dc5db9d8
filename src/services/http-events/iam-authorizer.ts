// `requestContext.authorizer.iam` of a payload 2.0 event for a SigV4-signed caller (HTTP API routes
// with AWS_IAM authorization; function URLs with AuthType AWS_IAM report the same object):
//   { accessKey, accountId, callerId, cognitoIdentity, principalOrgId, userArn, userId }
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
// Cumulo has no Cognito identities or organizations: those two are null, as for any IAM user.
import type { Principal } from '../service.js';

export function iamAuthorizer(principal: Principal): { iam: Record<string, unknown> } {
  // The unique id of the caller: the part of its ARN after the account ("user/alice", "root").
  const callerId = principal.arn.split(':').slice(5).join(':');
  return {
    iam: {
      accessKey: principal.accessKeyId,
      accountId: principal.accountId,
      callerId,
      cognitoIdentity: null,
      principalOrgId: null,
      userArn: principal.arn,
      userId: callerId,
    },
  };
}
