// HTTP APIs' data plane with plain node:http: route matching, both payload formats field by field,
// response mapping, every error status, CORS, binary bodies, stages, throttling and access logs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { startCumulo, waitFor, type CumuloProcess } from './harness.js';
import {
  ACCOUNT,
  ECHO_HANDLER,
  allowApi,
  createFunction,
  request,
  type RequestOptions,
} from '../unit/apigatewayv2/e2e-helpers.js';

let server: CumuloProcess;
let apigw: ApiGatewayV2Client;
let lambda: LambdaClient;
let apiId: string;
const routeIds = new Map<string, string>();

/** A request through the host form `{apiId}.execute-api.localhost`. */
const call = (p: string, options: RequestOptions = {}) =>
  request(server.port, p, { host: `${apiId}.execute-api.localhost:${server.port}`, ...options });

before(async () => {
  server = await startCumulo();
  apigw = new ApiGatewayV2Client(server.clientConfig);
  lambda = new LambdaClient(server.clientConfig);
  const echo = await createFunction(lambda, 'echo', ECHO_HANDLER);
  await createFunction(lambda, 'denied', ECHO_HANDLER);
  const api = await apigw.send(
    new CreateApiCommand({
      Name: 'data',
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['https://app.example'],
        AllowMethods: ['GET', 'POST'],
        AllowHeaders: ['content-type', 'x-custom'],
        ExposeHeaders: ['x-custom'],
        MaxAge: 300,
        AllowCredentials: true,
      },
    }),
  );
  apiId = api.ApiId!;
  await allowApi(lambda, 'echo', apiId);
  const v2 = await apigw.send(
    new CreateIntegrationCommand({
      ApiId: apiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: echo,
      PayloadFormatVersion: '2.0',
    }),
  );
  const v1 = await apigw.send(
    new CreateIntegrationCommand({
      ApiId: apiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: echo,
      PayloadFormatVersion: '1.0',
    }),
  );
  const slow = await apigw.send(
    new CreateIntegrationCommand({
      ApiId: apiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: echo,
      PayloadFormatVersion: '2.0',
      TimeoutInMillis: 300,
    }),
  );
  const denied = await apigw.send(
    new CreateIntegrationCommand({
      ApiId: apiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:denied`,
      PayloadFormatVersion: '2.0',
    }),
  );
  const routes: Array<[string, string]> = [
    ['GET /items/{id}', v2.IntegrationId!],
    ['GET /items/special', v2.IntegrationId!],
    ['GET /pets/{proxy+}', v2.IntegrationId!],
    ['ANY /{proxy+}', v2.IntegrationId!],
    ['POST /v1/{proxy+}', v1.IntegrationId!],
    ['GET /v1/{proxy+}', v1.IntegrationId!],
    ['GET /timeout/slow', slow.IntegrationId!],
    ['GET /denied', denied.IntegrationId!],
  ];
  for (const [key, integration] of routes) {
    const r = await apigw.send(
      new CreateRouteCommand({ ApiId: apiId, RouteKey: key, Target: `integrations/${integration}` }),
    );
    routeIds.set(key, r.RouteId!);
  }
  await apigw.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /nointegration' }));
  await apigw.send(
    new CreateStageCommand({
      ApiId: apiId,
      StageName: '$default',
      AutoDeploy: true,
      StageVariables: { color: 'blue' },
      AccessLogSettings: {
        DestinationArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:http-api-access`,
        Format:
          '$context.requestId $context.httpMethod $context.routeKey $context.status $context.integrationErrorMessage',
      },
    }),
  );
});
after(async () => {
  apigw?.destroy();
  lambda?.destroy();
  await server?.dispose();
});

describe('route matching', () => {
  const routeOf = async (method: string, p: string): Promise<string> => {
    const r = await call(p, { method });
    assert.equal(r.status, 200, `${method} ${p}: ${r.text}`);
    return r.json().routeKey;
  };

  it('prefers the most specific route', async () => {
    assert.equal(await routeOf('GET', '/items/special'), 'GET /items/special');
    assert.equal(await routeOf('GET', '/items/7'), 'GET /items/{id}');
    assert.equal(await routeOf('GET', '/pets/cat/1'), 'GET /pets/{proxy+}');
    assert.equal(await routeOf('POST', '/pets/cat/1'), 'ANY /{proxy+}');
    assert.equal(await routeOf('GET', '/pets'), 'ANY /{proxy+}');
    assert.equal(await routeOf('DELETE', '/items/7'), 'ANY /{proxy+}');
  });

  it('extracts path parameters, greedy ones with their slashes, decoded', async () => {
    assert.deepEqual((await call('/items/a%20b')).json().pathParameters, { id: 'a b' });
    assert.deepEqual((await call('/pets/cat/1/toy')).json().pathParameters, { proxy: 'cat/1/toy' });
  });

  it('answers 404 Not Found when nothing matches and no $default route exists', async () => {
    const r = await call('/', { method: 'GET' });
    assert.equal(r.status, 404);
    assert.deepEqual(r.json(), { message: 'Not Found' });
    assert.ok(r.headers['apigw-requestid']);
    // A first segment that does not percent-decode names no stage: the path goes to route matching,
    // here to ANY /{proxy+} (it used to end in a 500).
    const malformed = await call('/%ff', { method: 'GET' });
    assert.equal(malformed.status, 200);
    assert.equal(malformed.json().routeKey, 'ANY /{proxy+}');
  });

  it('answers 404 for a route without an integration, and for an unknown API', async () => {
    assert.equal((await call('/nointegration')).status, 404);
    const r = await request(server.port, '/_aws/execute-api/nosuchapi1/x');
    assert.equal(r.status, 404);
    assert.deepEqual(r.json(), { message: 'Not Found' });
  });

  it('serves the path form without DNS', async () => {
    const r = await request(server.port, `/_aws/execute-api/${apiId}/items/3`);
    assert.equal(r.status, 200);
    assert.equal(r.json().requestContext.domainName, `${apiId}.execute-api.localhost`);
  });

  it('HEAD gets the headers without a body', async () => {
    const r = await call('/items/1', { method: 'HEAD' });
    assert.equal(r.status, 200);
    assert.equal(r.body.length, 0);
  });
});

describe('payload format 2.0', () => {
  it('carries every field as AWS sends it', async () => {
    const r = await call('/items/42?b=2&a=1&a=3', {
      method: 'GET',
      headers: [
        ['X-Multi', 'one'],
        ['X-Multi', 'two'],
        ['Cookie', 'c1=v1; c2=v2'],
        ['User-Agent', 'test-agent'],
      ],
    });
    assert.equal(r.status, 200, r.text);
    const e = r.json();
    assert.equal(e.version, '2.0');
    assert.equal(e.routeKey, 'GET /items/{id}');
    assert.equal(e.rawPath, '/items/42');
    assert.equal(e.rawQueryString, 'b=2&a=1&a=3');
    assert.deepEqual(e.cookies, ['c1=v1', 'c2=v2']);
    assert.equal(e.headers['x-multi'], 'one,two');
    assert.equal(e.headers.cookie, undefined);
    assert.equal(e.headers['user-agent'], 'test-agent');
    assert.deepEqual(e.queryStringParameters, { b: '2', a: '1,3' });
    assert.deepEqual(e.pathParameters, { id: '42' });
    assert.deepEqual(e.stageVariables, { color: 'blue' });
    assert.equal(e.isBase64Encoded, false);
    assert.equal('body' in e, false);
    const rc = e.requestContext;
    assert.equal(rc.accountId, ACCOUNT);
    assert.equal(rc.apiId, apiId);
    assert.equal(rc.domainName, `${apiId}.execute-api.localhost`);
    assert.equal(rc.domainPrefix, apiId);
    assert.deepEqual(rc.http, {
      method: 'GET',
      path: '/items/42',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'test-agent',
    });
    assert.equal(rc.requestId, r.headers['apigw-requestid']);
    assert.equal(rc.routeKey, 'GET /items/{id}');
    assert.equal(rc.stage, '$default');
    assert.match(rc.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    assert.ok(Math.abs(rc.timeEpoch - Date.now()) < 60_000);
  });

  it('passes text bodies as they are and binary bodies base64-encoded', async () => {
    const text = (
      await call('/echo', {
        method: 'POST',
        headers: [['Content-Type', 'application/json']],
        body: '{"a":1}',
      })
    ).json();
    assert.equal(text.body, '{"a":1}');
    assert.equal(text.isBase64Encoded, false);
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const bin = (
      await call('/echo', {
        method: 'POST',
        headers: [['Content-Type', 'application/octet-stream']],
        body: bytes,
      })
    ).json();
    assert.equal(bin.body, bytes.toString('base64'));
    assert.equal(bin.isBase64Encoded, true);
  });

  it('maps responses: inferred JSON, bare strings, cookies, binary', async () => {
    const bare = await call('/x/bare');
    assert.equal(bare.status, 200);
    assert.equal(bare.headers['content-type'], 'application/json');
    assert.deepEqual(bare.json(), { hello: 'world' });
    assert.equal((await call('/x/string')).text, 'plain string');
    const cookies = await call('/x/cookies');
    assert.equal(cookies.status, 201);
    assert.deepEqual(cookies.headers['set-cookie'], ['a=1; Path=/', 'b=2']);
    assert.equal(cookies.headers['x-custom'], 'v');
    const bin = await call('/x/binary');
    assert.equal(bin.headers['content-type'], 'image/png');
    assert.deepEqual([...bin.body], [0, 1, 2, 255]);
  });
});

describe('payload format 1.0', () => {
  it('carries every field as AWS sends it', async () => {
    const r = await call('/v1/a/b?x=1&x=2', {
      method: 'POST',
      headers: [
        ['X-Multi', 'one'],
        ['X-Multi', 'two'],
        ['Content-Type', 'text/plain'],
      ],
      body: 'hello',
    });
    assert.equal(r.status, 200, r.text);
    const e = r.json();
    assert.equal(e.version, '1.0');
    assert.equal(e.resource, '/v1/{proxy+}');
    assert.equal(e.path, '/v1/a/b');
    assert.equal(e.httpMethod, 'POST');
    assert.equal(e.headers['x-multi'], 'two');
    assert.deepEqual(e.multiValueHeaders['x-multi'], ['one', 'two']);
    assert.deepEqual(e.queryStringParameters, { x: '2' });
    assert.deepEqual(e.multiValueQueryStringParameters, { x: ['1', '2'] });
    assert.deepEqual(e.pathParameters, { proxy: 'a/b' });
    assert.deepEqual(e.stageVariables, { color: 'blue' });
    assert.equal(e.body, 'hello');
    assert.equal(e.isBase64Encoded, false);
    const rc = e.requestContext;
    assert.equal(rc.httpMethod, 'POST');
    assert.equal(rc.resourcePath, '/v1/{proxy+}');
    assert.equal(rc.path, '/v1/a/b');
    assert.equal(rc.stage, '$default');
    assert.equal(rc.identity.sourceIp, '127.0.0.1');
    assert.equal(rc.resourceId, null);
    assert.equal(typeof rc.requestTimeEpoch, 'number');
  });

  it('merges multiValueHeaders into the response', async () => {
    const r = await call('/v1/multi');
    assert.equal(r.text, 'multi');
    assert.equal(r.headers['x-one'], '1');
    assert.equal(r.headers['x-many'], 'a, b');
  });

  it('requires a statusCode', async () => {
    const r = await call('/v1/bare');
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { message: 'Internal Server Error' });
  });
});

describe('errors', () => {
  it('function error, malformed response, missing permission → 500 Internal Server Error', async () => {
    for (const p of ['/x/throw', '/x/malformed', '/denied']) {
      const r = await call(p);
      assert.equal(r.status, 500, p);
      assert.deepEqual(r.json(), { message: 'Internal Server Error' });
    }
    // The reason is logged by the server process; its stderr may reach us just after the response.
    const denied = /apigateway\.amazonaws\.com is not authorized to perform: lambda:InvokeFunction/;
    await waitFor(
      async () => (denied.test(server.output()) ? true : undefined),
      5000,
      'the denial in the log',
    );
    assert.match(server.output(), denied);
  });

  it('integration timeout → 503 Service Unavailable', async () => {
    const r = await call('/timeout/slow');
    assert.equal(r.status, 503);
    assert.deepEqual(r.json(), { message: 'Service Unavailable' });
  });

  it('stage throttling → 429 Too Many Requests', async () => {
    await apigw.send(
      new UpdateStageCommand({
        ApiId: apiId,
        StageName: '$default',
        RouteSettings: { 'GET /items/special': { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0.001 } },
      }),
    );
    const first = await call('/items/special');
    assert.equal(first.status, 200);
    const second = await call('/items/special');
    assert.equal(second.status, 429);
    assert.deepEqual(second.json(), { message: 'Too Many Requests' });
    assert.equal((await call('/items/1')).status, 200);
    await apigw.send(new UpdateStageCommand({ ApiId: apiId, StageName: '$default', RouteSettings: {} }));
  });
});

describe('CORS', () => {
  it('answers preflight requests from the configuration', async () => {
    const r = await call('/items/1', {
      method: 'OPTIONS',
      headers: [
        ['Origin', 'https://app.example'],
        ['Access-Control-Request-Method', 'POST'],
        ['Access-Control-Request-Headers', 'Content-Type, X-Other'],
      ],
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(r.headers['access-control-allow-methods'], 'GET,POST');
    assert.equal(r.headers['access-control-allow-headers'], 'content-type');
    assert.equal(r.headers['access-control-allow-credentials'], 'true');
    assert.equal(r.headers['access-control-max-age'], '300');
    const other = await call('/items/1', {
      method: 'OPTIONS',
      headers: [
        ['Origin', 'https://evil.example'],
        ['Access-Control-Request-Method', 'GET'],
      ],
    });
    assert.equal(other.status, 204);
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  it('adds CORS headers to actual responses', async () => {
    const r = await call('/items/1', { headers: [['Origin', 'https://app.example']] });
    assert.equal(r.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(r.headers['access-control-expose-headers'], 'x-custom');
    assert.equal((await call('/items/1')).headers['access-control-allow-origin'], undefined);
  });
});

describe('stages and access logs', () => {
  it('serves a named stage under its segment with its own variables', async () => {
    await apigw.send(
      new CreateStageCommand({ ApiId: apiId, StageName: 'prod', StageVariables: { color: 'red' } }),
    );
    assert.equal(
      (await call('/prod/items/5')).json().routeKey,
      'ANY /{proxy+}',
      'not deployed yet: $default serves it',
    );
    await apigw.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod' }));
    const e = (await call('/prod/items/5')).json();
    assert.equal(e.routeKey, 'GET /items/{id}');
    assert.equal(e.rawPath, '/prod/items/5');
    assert.equal(e.requestContext.stage, 'prod');
    assert.deepEqual(e.stageVariables, { color: 'red' });
  });

  it('writes one access log line per request with $context variables', async () => {
    const r = await call('/items/77');
    const id = r.headers['apigw-requestid'] as string;
    const dir = path.join(server.dataDir, 'logs', encodeURIComponent('http-api-access'));
    const deadline = Date.now() + 5000;
    let line: string | undefined;
    while (!line && Date.now() < deadline) {
      const files = (() => {
        try {
          return readdirSync(dir);
        } catch {
          return [];
        }
      })();
      const text = files.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('');
      line = text.split('\n').find((l) => l.includes(id));
      if (!line) await new Promise((res) => setImmediate(res));
    }
    assert.ok(line, 'access log line');
    assert.equal(JSON.parse(line).message, `${id} GET GET /items/{id} 200 -`);
  });
});
