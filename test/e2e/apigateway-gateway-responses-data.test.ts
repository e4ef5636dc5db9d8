// Customised gateway responses at the invoke URL, over plain node:http: CORS headers on a 403
// MISSING_AUTHENTICATION_TOKEN and a 401 UNAUTHORIZED, mapped headers ('literal', method.request.*,
// stageVariables.*, context.*), status codes, VTL templates with $context.error, the DEFAULT_4XX /
// DEFAULT_5XX fallbacks, templates chosen by Accept, and changes applied only after a redeploy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  APIGatewayClient,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  type PutGatewayResponseCommandInput,
} from '@aws-sdk/client-api-gateway';
import { startCumulo, type CumuloProcess } from './harness.js';
import { callRestApi, type RestAnswer, type RestRequest } from './rest-api-http.js';

let server: CumuloProcess;
let apigw: APIGatewayClient;
let apiId: string;

const request = (path: string, options: RestRequest = {}): Promise<RestAnswer> =>
  callRestApi(server.port, apiId, path, options);

const put = (input: Omit<PutGatewayResponseCommandInput, 'restApiId'>) =>
  apigw.send(new PutGatewayResponseCommand({ restApiId: apiId, ...input }));

const deploy = () =>
  apigw.send(
    new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test', variables: { color: 'blue' } }),
  );

/** A MOCK method: `template` is its application/json request template, `extra` the integration's options. */
async function mockMethod(
  parentId: string,
  pathPart: string,
  method: { authorizerId?: string },
  integration: { template: string; passthroughBehavior?: string },
): Promise<void> {
  const { id } = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId, pathPart }));
  const target = { restApiId: apiId, resourceId: id!, httpMethod: 'POST' };
  await apigw.send(
    new PutMethodCommand({
      ...target,
      authorizationType: method.authorizerId ? 'CUSTOM' : 'NONE',
      authorizerId: method.authorizerId,
    }),
  );
  await apigw.send(
    new PutIntegrationCommand({
      ...target,
      type: 'MOCK',
      requestTemplates: { 'application/json': integration.template },
      passthroughBehavior: integration.passthroughBehavior,
    }),
  );
  await apigw.send(new PutIntegrationResponseCommand({ ...target, statusCode: '200' }));
}

before(async () => {
  server = await startCumulo();
  apigw = new APIGatewayClient(server.clientConfig);
  const api = await apigw.send(new CreateRestApiCommand({ name: 'gateway-responses' }));
  apiId = api.id!;
  // A TOKEN authorizer answers 401 without calling its function when the token is missing; with a
  // token it calls a function that does not exist: AUTHORIZER_CONFIGURATION_ERROR (500).
  const authorizer = await apigw.send(
    new CreateAuthorizerCommand({
      restApiId: apiId,
      name: 'token',
      type: 'TOKEN',
      identitySource: 'method.request.header.Authorization',
      authorizerUri:
        'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:absent/invocations',
    }),
  );
  const root = api.rootResourceId!;
  await mockMethod(root, 'open', {}, { template: '{"statusCode": 200}' });
  await mockMethod(root, 'secure', { authorizerId: authorizer.id }, { template: '{"statusCode": 200}' });
  await mockMethod(root, 'strict', {}, { template: '{"statusCode": 200}', passthroughBehavior: 'NEVER' });
  await mockMethod(root, 'parse', {}, { template: '{"statusCode": 200, "x": $input.json(\'$.x\')}' });
  await deploy();
});

after(async () => {
  apigw?.destroy();
  await server?.dispose();
});

describe('gateway responses at the invoke URL', () => {
  it('answers the defaults when nothing is customised', async () => {
    const missing = await request('/test/nowhere');
    assert.equal(missing.status, 403);
    assert.equal(missing.body, '{"message":"Missing Authentication Token"}');
    assert.equal(missing.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    assert.equal(missing.headers['access-control-allow-origin'], undefined);
    const unauthorized = await request('/test/secure', { method: 'POST' });
    assert.equal(unauthorized.status, 401);
    assert.deepEqual(unauthorized.json, { message: 'Unauthorized' });
  });

  it('applies a customisation only after the API is redeployed', async () => {
    await put({
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: '404',
      responseParameters: {
        'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
        'gatewayresponse.header.x-trace': 'method.request.header.x-trace',
        'gatewayresponse.header.x-query': 'method.request.querystring.q',
        'gatewayresponse.header.x-color': 'stageVariables.color',
        'gatewayresponse.header.x-stage': 'context.stage',
      },
      responseTemplates: {
        'application/json':
          '{"error": $context.error.messageString, "type": "$context.error.responseType", "stage": "$context.stage", "color": "$stageVariables.color"}',
      },
    });
    await put({
      responseType: 'UNAUTHORIZED',
      responseParameters: {
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example'",
        'gatewayresponse.header.Access-Control-Allow-Headers': "'Authorization,Content-Type'",
      },
    });
    assert.equal((await request('/test/nowhere')).status, 403, 'not deployed yet');
    await deploy();

    const missing = await request('/test/nowhere?q=find', { headers: { 'x-trace': 'abc' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['content-type'], 'application/json');
    assert.equal(missing.headers['access-control-allow-origin'], '*');
    assert.equal(missing.headers['x-trace'], 'abc');
    assert.equal(missing.headers['x-query'], 'find');
    assert.equal(missing.headers['x-color'], 'blue');
    assert.equal(missing.headers['x-stage'], 'test');
    assert.equal(missing.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    assert.deepEqual(missing.json, {
      error: 'Missing Authentication Token',
      type: 'MISSING_AUTHENTICATION_TOKEN',
      stage: 'test',
      color: 'blue',
    });

    const unauthorized = await request('/test/secure', { method: 'POST' });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(unauthorized.headers['access-control-allow-headers'], 'Authorization,Content-Type');
    assert.deepEqual(unauthorized.json, { message: 'Unauthorized' });
    assert.equal(unauthorized.headers['x-amzn-errortype'], 'UnauthorizedException');
  });

  it('falls back to DEFAULT_4XX and DEFAULT_5XX, whose status replaces the type default', async () => {
    await put({
      responseType: 'DEFAULT_4XX',
      responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      responseTemplates: {
        'application/json':
          '{"message": $context.error.messageString, "type": "$context.error.responseType"}',
        'application/xml': '<error><type>$context.error.responseType</type></error>',
      },
    });
    await put({
      responseType: 'DEFAULT_5XX',
      statusCode: '503',
      responseTemplates: { 'application/json': '{"failed": "$context.error.responseType"}' },
    });
    await deploy();

    const media = await request('/test/strict', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    assert.equal(media.status, 415);
    assert.equal(media.headers['access-control-allow-origin'], '*');
    assert.deepEqual(media.json, { message: 'Unsupported Media Type', type: 'UNSUPPORTED_MEDIA_TYPE' });

    const xml = await request('/test/strict', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'application/xml' },
      body: 'hello',
    });
    assert.equal(xml.headers['content-type'], 'application/xml');
    assert.equal(xml.body, '<error><type>UNSUPPORTED_MEDIA_TYPE</type></error>');

    const body = await request('/test/parse', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'not json',
    });
    assert.equal(body.status, 400);
    assert.equal(body.json.type, 'BAD_REQUEST_BODY');
    assert.match(body.json.message, /^Could not parse request body into json/);

    const broken = await request('/test/secure', { method: 'POST', headers: { Authorization: 'token' } });
    assert.equal(broken.status, 503);
    assert.deepEqual(broken.json, { failed: 'AUTHORIZER_CONFIGURATION_ERROR' });
    assert.equal(broken.headers['x-amzn-errortype'], 'AuthorizerConfigurationException');

    // A type customised itself does not take the fallback's.
    const own = await request('/test/nowhere');
    assert.equal(own.status, 404);
    assert.equal(own.json.type, 'MISSING_AUTHENTICATION_TOKEN');
  });
});
