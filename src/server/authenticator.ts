// SigV4 in front of every service: find the caller's key, verify the signature in the style of
// errors the target service uses, and name the principal.
import { missingAuthentication, parseAuth, verifyRequest, type AuthErrorStyle } from '../auth/index.js';
import type { Credentials } from '../iam/credentials.js';
import type { Principal } from '../services/service.js';
import type { HttpRequest } from './http-types.js';
import type { Authenticator, ServedService } from './server.js';

function errorStyle(service: ServedService): AuthErrorStyle {
  const protocol = service.definition.model.metadata.protocol;
  if (protocol === 'rest-xml') return 's3';
  if (protocol === 'query') return 'query';
  return 'json';
}

/** DynamoDB and Kinesis document their authentication errors as 400; Lambda and API Gateway as 403. */
const JSON_400 = new Set(['dynamodb', 'kinesis', 'dynamodbstreams']);

export function createAuthenticator(credentials: Credentials): Authenticator {
  return {
    signedService: (req) => parseAuth(req)?.service || undefined,
    authenticate: async (req: HttpRequest, service: ServedService) => {
      const style = errorStyle(service);
      const jsonStatus = JSON_400.has(service.definition.signingName) ? 400 : 403;
      const parsed = parseAuth(req);
      if (!parsed) throw missingAuthentication({ style, jsonStatus });
      let principal: Principal | undefined;
      const verified = await verifyRequest(
        req,
        parsed,
        async (accessKeyId: string) => {
          const record = await credentials.lookup(accessKeyId);
          if (!record) return undefined;
          principal = record.principal;
          return {
            secretAccessKey: record.secretAccessKey,
            sessionToken: record.sessionToken,
            expiration: record.expiresAt !== undefined ? new Date(record.expiresAt) : undefined,
          };
        },
        { now: Date.now(), style, jsonStatus },
      );
      return { principal: principal!, verified };
    },
  };
}
