// HTTP API routes and Lambda authorizers served by Python functions. Each invocation has a Lambda request
// id of its own (a UUID, the function's context.aws_request_id), not the API's request id: HTTP APIs' ids
// are base64 with '/' and '+', and the Python runtime, which puts the id in its Runtime API paths as
// awslambdaric does, failed every invocation whose API request id held a '/'.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateRouteCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { makeZip } from '../unit/lambda/zip-fixtures.js';
import { ROLE, allowApi, fnArn, proxyIntegration, request } from '../unit/apigatewayv2/e2e-helpers.js';
import { startCumulo, type CumuloProcess } from './harness.js';

const CODE = `
import json

def handler(event, context):
    body = {"lambdaRequestId": context.aws_request_id, "apiRequestId": event["requestContext"]["requestId"]}
    return {"statusCode": 200, "body": json.dumps(body)}

def authorize(event, context):
    return {"isAuthorized": event["headers"].get("x-token") == "allow"}
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Enough calls that some API request ids hold a '/' (each of 11 random bytes' 15 characters may be one). */
const CALLS = 24;

let server: CumuloProcess;
let apiId: string;

async function pythonFunction(lambda: LambdaClient, name: string, handler: string): Promise<string> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'python3.12',
      Role: ROLE,
      Handler: handler,
      Code: { ZipFile: await makeZip([{ name: 'app.py', content: CODE }]) },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 20 }, { FunctionName: name });
  return fnArn(name);
}

before(async () => {
  server = await startCumulo();
  const lambda = new LambdaClient(server.clientConfig);
  const apigw = new ApiGatewayV2Client(server.clientConfig);
  const handler = await pythonFunction(lambda, 'py-route', 'app.handler');
  const authorizer = await pythonFunction(lambda, 'py-authorizer', 'app.authorize');
  apiId = (await apigw.send(new CreateApiCommand({ Name: 'python', ProtocolType: 'HTTP' }))).ApiId!;
  await allowApi(lambda, 'py-route', apiId);
  await allowApi(lambda, 'py-authorizer', apiId);
  const target = await proxyIntegration(apigw, apiId, handler);
  const auth = await apigw.send(
    new CreateAuthorizerCommand({
      ApiId: apiId,
      Name: 'py',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${authorizer}/invocations`,
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.x-token'],
    }),
  );
  await apigw.send(
    new CreateRouteCommand({
      ApiId: apiId,
      RouteKey: 'GET /guarded',
      Target: target,
      AuthorizationType: 'CUSTOM',
      AuthorizerId: auth.AuthorizerId,
    }),
  );
  await apigw.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
  lambda.destroy();
  apigw.destroy();
});

after(async () => {
  await server?.dispose();
});

describe('Python functions behind an HTTP API', () => {
  it('answer every request, each invocation under a Lambda request id of its own', async () => {
    for (let i = 0; i < CALLS; i++) {
      const r = await request(server.port, `/_aws/execute-api/${apiId}/guarded`, {
        headers: [['x-token', 'allow']],
      });
      assert.equal(r.status, 200, r.text);
      const { lambdaRequestId, apiRequestId } = r.json();
      assert.match(lambdaRequestId, UUID);
      assert.equal(apiRequestId, r.headers['apigw-requestid']);
    }
  });

  it("answer 403 Forbidden whenever the authorizer says no, whatever the API's request id", async () => {
    for (let i = 0; i < CALLS; i++) {
      const r = await request(server.port, `/_aws/execute-api/${apiId}/guarded`, {
        headers: [['x-token', 'deny']],
      });
      assert.equal(r.status, 403, r.text);
      assert.deepEqual(r.json(), { message: 'Forbidden' });
    }
  });
});
