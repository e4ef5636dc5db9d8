// HTTP APIs from OpenAPI 3 definitions: ImportApi / ReimportApi through the SDK and
// `aws apigatewayv2 import-api --body file://…` (JSON and YAML), then the imported routes over HTTP:
// integrations with both payload formats, the `$default` route, CORS, a Lambda authorizer, warnings,
// FailOnWarnings, base paths and malformed definitions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ApiGatewayV2Client,
  CreateStageCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  ImportApiCommand,
  ReimportApiCommand,
} from '@aws-sdk/client-apigatewayv2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';
import { ECHO_HANDLER, allowApi, createFunction, fnArn, request } from '../unit/apigatewayv2/e2e-helpers.js';

// A payload 2.0 simple-response authorizer: allows when the Authorization header is "allow".
const AUTHORIZER = `exports.handler = async (event) => ({ isAuthorized: event.identitySource[0] === 'allow', context: { who: 'importer' } });`;

let server: CumuloProcess;
let apigw: ApiGatewayV2Client;
let lambda: LambdaClient;
let dir: string;

const proxy = (version: string, fn = 'echo') => ({
  type: 'aws_proxy',
  httpMethod: 'POST',
  uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn(fn)}/invocations`,
  payloadFormatVersion: version,
});

function definition(title = 'imported'): Record<string, unknown> {
  return {
    openapi: '3.0.1',
    info: { title, version: '2024-01-01', description: 'from OpenAPI' },
    'x-amazon-apigateway-importexport-version': '1.0',
    'x-amazon-apigateway-cors': {
      allowOrigins: ['https://app.example'],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['content-type'],
      maxAge: 60,
    },
    paths: {
      '/items/{id}': { get: { operationId: 'getItem', 'x-amazon-apigateway-integration': proxy('2.0') } },
      '/legacy': { post: { 'x-amazon-apigateway-integration': proxy('1.0') } },
      '/secure': {
        get: { security: [{ gate: [] }], 'x-amazon-apigateway-integration': proxy('2.0') },
      },
      '/mock': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } },
      '/$default': { 'x-amazon-apigateway-any-method': { 'x-amazon-apigateway-integration': proxy('2.0') } },
    },
    components: {
      securitySchemes: {
        gate: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          'x-amazon-apigateway-authorizer': {
            type: 'request',
            identitySource: '$request.header.Authorization',
            authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn('gate')}/invocations`,
            authorizerPayloadFormatVersion: '2.0',
            enableSimpleResponses: true,
          },
        },
        jwt: {
          type: 'oauth2',
          'x-amazon-apigateway-authorizer': {
            type: 'jwt',
            identitySource: '$request.header.Authorization',
            jwtConfiguration: { issuer: 'https://issuer.example', audience: ['aud1'] },
          },
        },
      },
    },
  };
}

/** A request to an API's `$default` stage through the path form. */
const call = (apiId: string, p: string, options: Parameters<typeof request>[2] = {}) =>
  request(server.port, `/_aws/execute-api/${apiId}${p}`, options);

async function deployDefault(apiId: string): Promise<void> {
  await apigw.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
  await allowApi(lambda, 'echo', apiId);
  await allowApi(lambda, 'gate', apiId);
}

before(async () => {
  server = await startCumulo();
  apigw = new ApiGatewayV2Client(server.clientConfig);
  lambda = new LambdaClient(server.clientConfig);
  dir = mkdtempSync(path.join(os.tmpdir(), 'cumulo-import-'));
  await createFunction(lambda, 'echo', ECHO_HANDLER);
  await createFunction(lambda, 'gate', AUTHORIZER);
});

after(async () => {
  apigw?.destroy();
  lambda?.destroy();
  await server?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ImportApi through the SDK', () => {
  let apiId: string;

  before(async () => {
    const api = await apigw.send(new ImportApiCommand({ Body: JSON.stringify(definition()) }));
    apiId = api.ApiId!;
    assert.equal(api.Name, 'imported');
    assert.equal(api.Version, '2024-01-01');
    assert.equal(api.Description, 'from OpenAPI');
    assert.equal(api.ProtocolType, 'HTTP');
    assert.equal(api.ApiEndpoint, `http://${apiId}.execute-api.localhost:${server.port}`);
    assert.deepEqual(api.CorsConfiguration, {
      AllowOrigins: ['https://app.example'],
      AllowMethods: ['GET', 'POST'],
      AllowHeaders: ['content-type'],
      MaxAge: 60,
    });
    // The mock integration is not one HTTP APIs run: a warning, and the route has no integration.
    assert.equal(api.Warnings?.length, 1);
    assert.match(api.Warnings![0]!, /Unsupported integration type mock for route GET \/mock/);
    await deployDefault(apiId);
  });

  it('creates the routes, integrations and authorizers the definition names', async () => {
    const routes = (await apigw.send(new GetRoutesCommand({ ApiId: apiId }))).Items!;
    const byKey = new Map(routes.map((r) => [r.RouteKey!, r]));
    assert.deepEqual(
      [...byKey.keys()].sort(),
      ['$default', 'GET /items/{id}', 'GET /mock', 'GET /secure', 'POST /legacy'].sort(),
    );
    assert.equal(byKey.get('GET /items/{id}')!.OperationName, 'getItem');
    assert.equal(byKey.get('GET /mock')!.Target, undefined);
    const integrations = (await apigw.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items!;
    assert.equal(integrations.length, 4);
    assert.ok(integrations.every((i) => i.IntegrationType === 'AWS_PROXY'));
    assert.deepEqual(integrations.map((i) => i.PayloadFormatVersion).sort(), ['1.0', '2.0', '2.0', '2.0']);
    const authorizers = (await apigw.send(new GetAuthorizersCommand({ ApiId: apiId }))).Items!;
    const gate = authorizers.find((a) => a.Name === 'gate')!;
    assert.equal(gate.AuthorizerType, 'REQUEST');
    assert.deepEqual(gate.IdentitySource, ['$request.header.Authorization']);
    assert.equal(gate.EnableSimpleResponses, true);
    const jwt = authorizers.find((a) => a.Name === 'jwt')!;
    assert.equal(jwt.AuthorizerType, 'JWT');
    assert.deepEqual(jwt.JwtConfiguration, { Issuer: 'https://issuer.example', Audience: ['aud1'] });
    assert.equal(byKey.get('GET /secure')!.AuthorizationType, 'CUSTOM');
    assert.equal(byKey.get('GET /secure')!.AuthorizerId, gate.AuthorizerId);
  });

  it('serves the imported routes with their payload formats', async () => {
    const v2 = await call(apiId, '/items/7');
    assert.equal(v2.status, 200);
    assert.equal(v2.json().version, '2.0');
    assert.equal(v2.json().routeKey, 'GET /items/{id}');
    assert.deepEqual(v2.json().pathParameters, { id: '7' });

    const v1 = await call(apiId, '/legacy', {
      method: 'POST',
      body: 'hi',
      headers: [['Content-Type', 'text/plain']],
    });
    assert.equal(v1.status, 200);
    assert.equal(v1.json().version, '1.0');
    assert.equal(v1.json().httpMethod, 'POST');
    assert.equal(v1.json().body, 'hi');

    const fallback = await call(apiId, '/anything/else', { method: 'DELETE' });
    assert.equal(fallback.status, 200);
    assert.equal(fallback.json().routeKey, '$default');

    const mock = await call(apiId, '/mock');
    assert.equal(mock.status, 404);
    assert.deepEqual(mock.json(), { message: 'Not Found' });
  });

  it('answers preflights from x-amazon-apigateway-cors', async () => {
    const r = await call(apiId, '/items/1', {
      method: 'OPTIONS',
      headers: [
        ['Origin', 'https://app.example'],
        ['Access-Control-Request-Method', 'GET'],
      ],
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(r.headers['access-control-max-age'], '60');
  });

  it('runs the imported Lambda authorizer', async () => {
    assert.equal((await call(apiId, '/secure')).status, 401);
    assert.equal((await call(apiId, '/secure', { headers: [['Authorization', 'deny']] })).status, 403);
    const ok = await call(apiId, '/secure', { headers: [['Authorization', 'allow']] });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json().requestContext.authorizer, { lambda: { who: 'importer' } });
  });

  it('ReimportApi replaces the routes and keeps the stage', async () => {
    const doc = definition('reimported');
    doc.paths = { '/fresh': { get: { 'x-amazon-apigateway-integration': proxy('2.0') } } };
    delete doc['x-amazon-apigateway-cors'];
    const api = await apigw.send(new ReimportApiCommand({ ApiId: apiId, Body: JSON.stringify(doc) }));
    assert.equal(api.ApiId, apiId);
    assert.equal(api.Name, 'reimported');
    assert.equal(api.CorsConfiguration, undefined);
    assert.equal(api.Warnings, undefined);
    const routes = (await apigw.send(new GetRoutesCommand({ ApiId: apiId }))).Items!;
    assert.deepEqual(
      routes.map((r) => r.RouteKey),
      ['GET /fresh'],
    );
    const stage = await apigw.send(new GetStageCommand({ ApiId: apiId, StageName: '$default' }));
    assert.ok(stage.DeploymentId);
    assert.equal((await call(apiId, '/fresh')).json().routeKey, 'GET /fresh');
    assert.equal((await call(apiId, '/items/7')).status, 404);
  });
});

describe('ImportApi errors and warnings', () => {
  it('FailOnWarnings rolls the import back and names the warnings', async () => {
    const before = (await apigw.send(new GetApisCommand({}))).Items!.length;
    await assert.rejects(
      apigw.send(new ImportApiCommand({ Body: JSON.stringify(definition('strict')), FailOnWarnings: true })),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'BadRequestException');
        assert.equal(e.$metadata?.httpStatusCode, 400);
        assert.match(e.message, /Unsupported integration type mock/);
        return true;
      },
    );
    assert.equal((await apigw.send(new GetApisCommand({}))).Items!.length, before);
  });

  it('answers malformed definitions with BadRequestException "Invalid OpenAPI input."', async () => {
    const bodies = [
      '{ not json',
      JSON.stringify({ swagger: '2.0', info: { title: 't' }, paths: {} }),
      JSON.stringify({ openapi: '3.0.1', info: { title: 't' }, paths: [] }),
      JSON.stringify({ openapi: '3.0.1', info: {}, paths: {} }),
      '[]',
    ];
    for (const Body of bodies) {
      await assert.rejects(apigw.send(new ImportApiCommand({ Body })), {
        name: 'BadRequestException',
        message: 'Invalid OpenAPI input.',
      });
    }
    await assert.rejects(
      apigw.send(new ReimportApiCommand({ ApiId: 'nosuchapi0', Body: JSON.stringify(definition()) })),
      { name: 'NotFoundException' },
    );
  });
});

describe('aws apigatewayv2 import-api', () => {
  it('imports a JSON file with basepath prepend from the servers variable', async () => {
    const doc = {
      openapi: '3.0.1',
      info: { title: 'cli-json', version: '1' },
      servers: [{ url: 'https://api.example/{basePath}', variables: { basePath: { default: '/v1' } } }],
      paths: { '/hello': { get: { 'x-amazon-apigateway-integration': proxy('2.0') } } },
    };
    const file = path.join(dir, 'api.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await awsCli(server, [
      'apigatewayv2',
      'import-api',
      '--body',
      `file://${file}`,
      '--basepath',
      'prepend',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const api = r.json as { ApiId: string; Name: string };
    assert.equal(api.Name, 'cli-json');
    const routes = (await apigw.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items!;
    assert.deepEqual(
      routes.map((x) => x.RouteKey),
      ['GET /v1/hello'],
    );
    await deployDefault(api.ApiId);
    const hello = await call(api.ApiId, '/v1/hello');
    assert.equal(hello.status, 200);
    assert.equal(hello.json().rawPath, '/v1/hello');
  });

  it('imports a YAML file', async () => {
    const file = path.join(dir, 'api.yaml');
    writeFileSync(
      file,
      [
        'openapi: "3.0.1"',
        'info:',
        '  title: cli-yaml',
        '  version: "1"',
        'paths:',
        '  /yaml/{name}:',
        '    get:',
        '      x-amazon-apigateway-integration:',
        '        type: AWS_PROXY',
        `        uri: ${fnArn('echo')}`,
        '        payloadFormatVersion: "2.0"',
        '',
      ].join('\n'),
    );
    const r = await awsCli(server, ['apigatewayv2', 'import-api', '--body', `file://${file}`]);
    assert.equal(r.code, 0, r.stderr);
    const apiId = (r.json as { ApiId: string }).ApiId;
    await deployDefault(apiId);
    const got = await call(apiId, '/yaml/ada');
    assert.equal(got.status, 200);
    assert.deepEqual(got.json().pathParameters, { name: 'ada' });
  });

  it('reports a malformed file as the CLI shows errors', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{"openapi": "3.0.1", "paths": ');
    const r = await awsCli(server, ['apigatewayv2', 'import-api', '--body', `file://${file}`]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /BadRequestException.*Invalid OpenAPI input\./);
  });
});
