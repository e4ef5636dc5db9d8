// The REST API data plane over plain node:http: invoke URLs (host and path forms), resource matching,
// the Lambda proxy event field by field, stage variables, errors (403 Missing Authentication Token,
// 502, 504, 500 on a refused permission), MOCK integrations, Lambda authorizers, API keys with usage
// plans (403, 429 Too Many Requests / Limit Exceeded), stage throttling, AWS_IAM methods, TOKEN and
// REQUEST authorizers and stage access logs.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { startCumulo, waitFor, type CumuloProcess } from './harness.js';
import { callRestApi, type RestAnswer, type RestRequest } from './rest-api-http.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const uri = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn(name)}/invocations`;

const FUNCTIONS: Record<string, string> = {
  echo: `exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json', 'x-fn': 'echo' }, multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] }, body: JSON.stringify(event) });`,
  fails: `exports.handler = async () => { throw new Error('boom'); };`,
  malformed: `exports.handler = async () => [1, 2, 3];`,
  slow: `exports.handler = async () => { await new Promise((r) => setTimeout(r, 2500)); return { statusCode: 200, body: 'late' }; };`,
  noperm: `exports.handler = async () => ({ statusCode: 200, body: 'should not run' });`,
  auth: `exports.handler = async (event) => {
    const token = event.authorizationToken;
    if (token === 'unauthorized') throw new Error('Unauthorized');
    if (token === 'broken') return { nothing: true };
    const effect = token === 'deny' ? 'Deny' : 'Allow';
    const resource = token === 'elsewhere' ? 'arn:aws:execute-api:us-east-1:${ACCOUNT}:other/*' : event.methodArn.split('/').slice(0, 2).join('/') + '/*';
    return { principalId: 'user-' + token, policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] }, context: { user: token, n: 1 } };
  };`,
  // A REQUEST authorizer: allows X-User unless ?mode=deny; reports what its event carried.
  reqauth: `exports.handler = async (event) => {
    const user = event.headers['X-User'] ?? event.headers['x-user'];
    const effect = event.queryStringParameters?.mode === 'deny' ? 'Deny' : 'Allow';
    return { principalId: 'req-' + user, policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn }] },
      context: { type: event.type, methodArn: event.methodArn, resource: event.resource, httpMethod: event.httpMethod, stageColor: event.stageVariables?.color, mode: event.queryStringParameters?.mode } };
  };`,
};

let server: CumuloProcess;
let apigw: APIGatewayClient;
let lambda: LambdaClient;
let apiId: string;
let apiKeyValue: string;
let quotaKeyValue: string;
const ids: Record<string, string> = {};

const request = (path: string, options: RestRequest = {}): Promise<RestAnswer> =>
  callRestApi(server.port, apiId, path, options);

async function createFunction(name: string, code: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: await handlerZip(code) },
      Timeout: 10,
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 15 }, { FunctionName: name });
}

async function resource(parent: string, pathPart: string): Promise<string> {
  const r = await apigw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: ids[parent] ?? parent, pathPart }),
  );
  ids[r.path!] = r.id!;
  return r.id!;
}

async function method(
  resourceId: string,
  httpMethod: string,
  fn: string,
  extra: {
    authorizationType?: string;
    authorizerId?: string;
    apiKeyRequired?: boolean;
    timeoutInMillis?: number;
  } = {},
): Promise<void> {
  await apigw.send(
    new PutMethodCommand({
      restApiId: apiId,
      resourceId,
      httpMethod,
      authorizationType: extra.authorizationType ?? 'NONE',
      authorizerId: extra.authorizerId,
      apiKeyRequired: extra.apiKeyRequired,
    }),
  );
  await apigw.send(
    new PutIntegrationCommand({
      restApiId: apiId,
      resourceId,
      httpMethod,
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: uri(fn),
      timeoutInMillis: extra.timeoutInMillis,
    }),
  );
}

before(async () => {
  server = await startCumulo();
  apigw = new APIGatewayClient(server.clientConfig);
  lambda = new LambdaClient(server.clientConfig);
  await Promise.all(Object.entries(FUNCTIONS).map(([name, code]) => createFunction(name, code)));
  const api = await apigw.send(
    new CreateRestApiCommand({ name: 'data-plane', binaryMediaTypes: ['image/png'] }),
  );
  apiId = api.id!;
  ids['/'] = api.rootResourceId!;
  for (const name of Object.keys(FUNCTIONS).filter((n) => n !== 'noperm')) {
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: 'apigw',
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/*`,
      }),
    );
  }
  await method(ids['/']!, 'GET', 'echo');
  await method(await resource('/', 'items'), 'GET', 'echo');
  await method(await resource('/items', '{id}'), 'ANY', 'echo');
  await method(await resource('/items', 'special'), 'GET', 'echo');
  await method(await resource('/', '{proxy+}'), 'ANY', 'echo');
  await method(await resource('/', 'fail'), 'GET', 'fails');
  await method(await resource('/', 'bad'), 'GET', 'malformed');
  await method(await resource('/', 'slow'), 'GET', 'slow', { timeoutInMillis: 1000 });
  await method(await resource('/', 'noperm'), 'GET', 'noperm');
  const authorizer = await apigw.send(
    new CreateAuthorizerCommand({
      restApiId: apiId,
      name: 'token',
      type: 'TOKEN',
      authorizerUri: uri('auth'),
      identitySource: 'method.request.header.Authorization',
      authorizerResultTtlInSeconds: 0,
    }),
  );
  await method(await resource('/', 'secure'), 'GET', 'echo', {
    authorizationType: 'CUSTOM',
    authorizerId: authorizer.id,
  });
  const requestAuthorizer = await apigw.send(
    new CreateAuthorizerCommand({
      restApiId: apiId,
      name: 'request',
      type: 'REQUEST',
      authorizerUri: uri('reqauth'),
      identitySource: 'method.request.header.X-User, method.request.querystring.mode',
      authorizerResultTtlInSeconds: 300,
    }),
  );
  await method(await resource('/', 'reqsecure'), 'GET', 'echo', {
    authorizationType: 'CUSTOM',
    authorizerId: requestAuthorizer.id,
  });
  await method(await resource('/', 'keyed'), 'GET', 'echo', { apiKeyRequired: true });
  await method(await resource('/', 'iam'), 'GET', 'echo', { authorizationType: 'AWS_IAM' });
  const mock = await resource('/', 'mock');
  await apigw.send(
    new PutMethodCommand({
      restApiId: apiId,
      resourceId: mock,
      httpMethod: 'GET',
      authorizationType: 'NONE',
    }),
  );
  await apigw.send(
    new PutIntegrationCommand({
      restApiId: apiId,
      resourceId: mock,
      httpMethod: 'GET',
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
    }),
  );
  await apigw.send(
    new PutIntegrationResponseCommand({
      restApiId: apiId,
      resourceId: mock,
      httpMethod: 'GET',
      statusCode: '200',
      responseTemplates: { 'application/json': '{"mocked": true}' },
      responseParameters: { 'method.response.header.X-Mock': "'yes'" },
    }),
  );
  const deployment = await apigw.send(
    new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test', variables: { color: 'blue' } }),
  );
  await apigw.send(
    new CreateStageCommand({ restApiId: apiId, stageName: 'limited', deploymentId: deployment.id }),
  );
  await apigw.send(
    new UpdateStageCommand({
      restApiId: apiId,
      stageName: 'limited',
      patchOperations: [
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: '0.01' },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: '1' },
      ],
    }),
  );
  const key = await apigw.send(new CreateApiKeyCommand({ name: 'good', enabled: true }));
  apiKeyValue = key.value!;
  const plan = await apigw.send(
    new CreateUsagePlanCommand({
      name: 'plan',
      apiStages: [{ apiId, stage: 'test' }],
      throttle: { rateLimit: 100, burstLimit: 50 },
    }),
  );
  await apigw.send(
    new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }),
  );
  const quotaKey = await apigw.send(new CreateApiKeyCommand({ name: 'quota', enabled: true }));
  quotaKeyValue = quotaKey.value!;
  const quotaPlan = await apigw.send(
    new CreateUsagePlanCommand({
      name: 'quota',
      apiStages: [{ apiId, stage: 'test' }],
      quota: { limit: 2, period: 'DAY' },
    }),
  );
  await apigw.send(
    new CreateUsagePlanKeyCommand({ usagePlanId: quotaPlan.id, keyId: quotaKey.id, keyType: 'API_KEY' }),
  );
});

after(async () => {
  apigw?.destroy();
  lambda?.destroy();
  await server?.dispose();
});

describe('routing', () => {
  it('serves both invoke URL forms', async () => {
    const byHost = await request('/test/items');
    assert.equal(byHost.status, 200);
    assert.equal(byHost.json.resource, '/items');
    const byPath = await request('/test/items', { hostForm: false });
    assert.equal(byPath.status, 200);
    assert.equal(byPath.json.resource, '/items');
  });

  it('prefers literal parts, then {param}, then {proxy+}; ANY serves every method', async () => {
    assert.equal((await request('/test/items/special')).json.resource, '/items/special');
    const param = await request('/test/items/42', { method: 'DELETE' });
    assert.equal(param.json.resource, '/items/{id}');
    assert.deepEqual(param.json.pathParameters, { id: '42' });
    const greedy = await request('/test/a/b/c', { method: 'POST' });
    assert.equal(greedy.json.resource, '/{proxy+}');
    assert.deepEqual(greedy.json.pathParameters, { proxy: 'a/b/c' });
    assert.equal((await request('/test/')).json.resource, '/');
  });

  it('answers 403 Missing Authentication Token for a method that is not defined, 403 Forbidden for an unknown stage', async () => {
    const missing = await request('/test/items', { method: 'POST' });
    assert.equal(missing.status, 403);
    assert.deepEqual(missing.json, { message: 'Missing Authentication Token' });
    assert.equal(missing.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    const stage = await request('/nostage/items');
    assert.equal(stage.status, 403);
    assert.deepEqual(stage.json, { message: 'Forbidden' });
    // A stage segment that does not percent-decode names no stage either (it used to end in a 500).
    const malformed = await request('/%ff/items');
    assert.equal(malformed.status, 403);
    assert.deepEqual(malformed.json, { message: 'Forbidden' });
  });
});

describe('Lambda proxy integration', () => {
  it('sends the REST proxy event field by field and maps the answer', async () => {
    const res = await request('/test/items/7?a=1&a=2&b=x', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Custom': 'v' },
      body: '{"hello":"world"}',
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-fn'], 'echo');
    assert.deepEqual(res.headers['set-cookie'], ['a=1', 'b=2']);
    const e = res.json;
    assert.equal(e.resource, '/items/{id}');
    assert.equal(e.path, '/items/7');
    assert.equal(e.httpMethod, 'PUT');
    assert.equal(e.headers['X-Custom'], 'v');
    assert.deepEqual(e.multiValueHeaders['X-Custom'], ['v']);
    assert.deepEqual(e.queryStringParameters, { a: '2', b: 'x' });
    assert.deepEqual(e.multiValueQueryStringParameters, { a: ['1', '2'], b: ['x'] });
    assert.deepEqual(e.pathParameters, { id: '7' });
    assert.deepEqual(e.stageVariables, { color: 'blue' });
    assert.equal(e.body, '{"hello":"world"}');
    assert.equal(e.isBase64Encoded, false);
    assert.equal(e.version, undefined);
    const rc = e.requestContext;
    assert.equal(rc.accountId, ACCOUNT);
    assert.equal(rc.apiId, apiId);
    assert.equal(rc.stage, 'test');
    assert.equal(rc.resourceId, ids['/items/{id}']);
    assert.equal(rc.resourcePath, '/items/{id}');
    assert.equal(rc.httpMethod, 'PUT');
    assert.equal(rc.path, '/test/items/7');
    assert.equal(rc.identity.sourceIp, '127.0.0.1');
    assert.equal(rc.identity.apiKey, undefined);
    assert.match(rc.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(res.headers['x-amzn-requestid'], rc.requestId);
    assert.equal(typeof rc.requestTimeEpoch, 'number');
  });

  it('base64-encodes bodies of the API binary media types', async () => {
    const res = await request('/test/items/1', {
      method: 'POST',
      headers: { 'Content-Type': 'image/png' },
      body: '\u0001\u0002png',
    });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json.isBase64Encoded, true);
    assert.equal(Buffer.from(res.json.body, 'base64').toString(), '\u0001\u0002png');
  });

  it('answers 502 for a function error and for a malformed proxy answer', async () => {
    const failed = await request('/test/fail');
    assert.equal(failed.status, 502);
    assert.deepEqual(failed.json, { message: 'Internal server error' });
    const malformed = await request('/test/bad');
    assert.equal(malformed.status, 502);
    assert.deepEqual(malformed.json, { message: 'Internal server error' });
  });

  it('answers 504 Endpoint request timed out after the integration timeout', async () => {
    const res = await request('/test/slow');
    assert.equal(res.status, 504);
    assert.deepEqual(res.json, { message: 'Endpoint request timed out' });
  });

  it('answers 500 when the function policy does not allow API Gateway, and logs why', async () => {
    const res = await request('/test/noperm');
    assert.equal(res.status, 500);
    assert.deepEqual(res.json, { message: 'Internal server error' });
    await waitFor(async () =>
      /Invalid permissions on Lambda function/.test(server.output()) ? true : undefined,
    );
  });

  it('answers a MOCK integration from its integration response', async () => {
    const res = await request('/test/mock');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { mocked: true });
    assert.equal(res.headers['x-mock'], 'yes');
  });
});

describe('Lambda TOKEN authorizer', () => {
  it('passes the context to requestContext.authorizer when the policy allows', async () => {
    const res = await request('/test/secure', { headers: { Authorization: 'alice' } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.requestContext.authorizer, {
      user: 'alice',
      n: 1,
      principalId: 'user-alice',
      integrationLatency: 0,
    });
  });

  it('answers 401 without a token or when the function says Unauthorized', async () => {
    for (const headers of [{}, { Authorization: 'unauthorized' }] as Array<Record<string, string>>) {
      const res = await request('/test/secure', { headers });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, { message: 'Unauthorized' });
    }
  });

  it('answers 403 on an explicit deny and when nothing allows the method', async () => {
    const deny = await request('/test/secure', { headers: { Authorization: 'deny' } });
    assert.equal(deny.status, 403);
    assert.deepEqual(deny.json, {
      message: 'User is not authorized to access this resource with an explicit deny',
    });
    const elsewhere = await request('/test/secure', { headers: { Authorization: 'elsewhere' } });
    assert.equal(elsewhere.status, 403);
    assert.deepEqual(elsewhere.json, { message: 'User is not authorized to access this resource' });
  });

  it('answers 500 with a null message when the authorizer answers nonsense', async () => {
    const res = await request('/test/secure', { headers: { Authorization: 'broken' } });
    assert.equal(res.status, 500);
    assert.deepEqual(res.json, { message: null });
  });
});

describe('Lambda REQUEST authorizer', () => {
  it('sends the request to the authorizer and its context to the function', async () => {
    const res = await request('/test/reqsecure?mode=ok', { headers: { 'X-User': 'bob' } });
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(res.json.requestContext.authorizer, {
      type: 'REQUEST',
      methodArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/test/GET/reqsecure`,
      resource: '/reqsecure',
      httpMethod: 'GET',
      stageColor: 'blue',
      mode: 'ok',
      principalId: 'req-bob',
      integrationLatency: 0,
    });
  });

  it('answers 401 when an identity source is missing (caching on), 403 on a deny', async () => {
    for (const [path, headers] of [
      ['/test/reqsecure?mode=ok', {}],
      ['/test/reqsecure', { 'X-User': 'bob' }],
    ] as Array<[string, Record<string, string>]>) {
      const res = await request(path, { headers });
      assert.equal(res.status, 401, path);
      assert.deepEqual(res.json, { message: 'Unauthorized' });
    }
    const deny = await request('/test/reqsecure?mode=deny', { headers: { 'X-User': 'bob' } });
    assert.equal(deny.status, 403);
    assert.deepEqual(deny.json, {
      message: 'User is not authorized to access this resource with an explicit deny',
    });
  });
});

describe('access logs', () => {
  const group = 'rest-api-access';
  /** The message of the log line for a request id, if written yet. */
  const readLine = (id: string): string | undefined => {
    const dir = path.join(server.dataDir, 'logs', encodeURIComponent(group));
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const text = files.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('');
    const line = text.split('\n').find((l) => l.includes(id));
    return line === undefined ? undefined : (JSON.parse(line) as { message: string }).message;
  };
  const logLine = (id: string) => waitFor(async () => readLine(id), 5000, 'the access log line');

  it('writes the stage format with $context variables, and stops when removed', async () => {
    const settings = await apigw.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'test',
        patchOperations: [
          {
            op: 'replace',
            path: '/accessLogSettings/destinationArn',
            value: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group}`,
          },
          {
            op: 'replace',
            path: '/accessLogSettings/format',
            value:
              '$context.requestId $context.httpMethod $context.resourcePath $context.path $context.status $context.authorizer.principalId $context.integration.status $context.stage',
          },
        ],
      }),
    );
    assert.equal(
      settings.accessLogSettings?.destinationArn,
      `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group}`,
    );
    const ok = await request('/test/items/9');
    const id = ok.headers['x-amzn-requestid'] as string;
    assert.equal(await logLine(id), `${id} GET /items/{id} /test/items/9 200 - 200 test`);
    const authorized = await request('/test/secure', { headers: { Authorization: 'carol' } });
    const authorizedId = authorized.headers['x-amzn-requestid'] as string;
    assert.equal(
      await logLine(authorizedId),
      `${authorizedId} GET /secure /test/secure 200 user-carol 200 test`,
    );
    const missing = await request('/test/nothing/here', { method: 'POST' });
    const missingId = missing.headers['x-amzn-requestid'] as string;
    assert.match(
      await logLine(missingId),
      new RegExp(`^${missingId} POST /\\{proxy\\+\\} /test/nothing/here 200`),
    );

    const removed = await apigw.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'test',
        patchOperations: [{ op: 'remove', path: '/accessLogSettings' }],
      }),
    );
    assert.equal(removed.accessLogSettings, undefined);
    const quiet = await request('/test/items/10');
    const quietId = quiet.headers['x-amzn-requestid'] as string;
    // Logging again: the next request's line shows the log is written in order and has no line for the
    // request made while it was off.
    await apigw.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'test',
        patchOperations: [
          {
            op: 'replace',
            path: '/accessLogSettings/destinationArn',
            value: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group}`,
          },
          { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId' },
        ],
      }),
    );
    const again = await request('/test/items/11');
    const againId = again.headers['x-amzn-requestid'] as string;
    assert.equal(await logLine(againId), againId);
    assert.equal(readLine(quietId), undefined);
  });
});

describe('API keys, usage plans and throttling', () => {
  it('requires a key of a usage plan that includes the stage', async () => {
    const none = await request('/test/keyed');
    assert.equal(none.status, 403);
    assert.deepEqual(none.json, { message: 'Forbidden' });
    const wrong = await request('/test/keyed', { headers: { 'x-api-key': 'not-a-key-0123456789' } });
    assert.equal(wrong.status, 403);
    const ok = await request('/test/keyed', { headers: { 'x-api-key': apiKeyValue } });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.requestContext.identity.apiKey, apiKeyValue);
  });

  it('answers 429 Limit Exceeded once the quota is used up, also after a kill -9 and restart', async () => {
    for (let i = 0; i < 2; i++)
      assert.equal((await request('/test/keyed', { headers: { 'x-api-key': quotaKeyValue } })).status, 200);
    const over = await request('/test/keyed', { headers: { 'x-api-key': quotaKeyValue } });
    assert.equal(over.status, 429);
    assert.deepEqual(over.json, { message: 'Limit Exceeded' });
    await server.kill();
    server = await startCumulo({ dataDir: server.dataDir, port: server.port });
    const still = await request('/test/keyed', { headers: { 'x-api-key': quotaKeyValue } });
    assert.equal(still.status, 429);
    assert.deepEqual(still.json, { message: 'Limit Exceeded' });
  });

  it('answers 429 Too Many Requests past the stage burst', async () => {
    assert.equal((await request('/limited/items')).status, 200);
    const throttled = await request('/limited/items');
    assert.equal(throttled.status, 429);
    assert.deepEqual(throttled.json, { message: 'Too Many Requests' });
  });
});

describe('AWS_IAM methods', () => {
  async function signed(secret: string): Promise<RestAnswer> {
    const signer = new SignatureV4({
      service: 'execute-api',
      region: 'us-east-1',
      sha256: Sha256,
      credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: secret },
    });
    const host = `${apiId}.execute-api.localhost:${server.port}`;
    const req = await signer.sign({
      method: 'GET',
      protocol: 'http:',
      hostname: host.split(':')[0]!,
      port: server.port,
      path: '/test/iam',
      query: {},
      headers: { host },
    });
    return request('/test/iam', { headers: req.headers as Record<string, string> });
  }

  it('lets a signed caller in and reports its identity', async () => {
    const res = await signed(server.credentials.secretAccessKey);
    assert.equal(res.status, 200);
    assert.equal(res.json.requestContext.identity.accessKey, server.credentials.accessKeyId);
    assert.equal(res.json.requestContext.identity.userArn, `arn:aws:iam::${ACCOUNT}:root`);
  });

  it('answers 403 to unsigned and badly signed requests', async () => {
    const unsigned = await request('/test/iam');
    assert.equal(unsigned.status, 403);
    assert.deepEqual(unsigned.json, { message: 'Missing Authentication Token' });
    const bad = await signed('wrong-secret');
    assert.equal(bad.status, 403);
    assert.match(
      bad.json.message,
      /^The request signature we calculated does not match the signature you provided/,
    );
  });
});
