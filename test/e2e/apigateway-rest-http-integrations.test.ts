// REST API HTTP_PROXY and HTTP integrations against a local node:http backend started by the test:
// path parameters and stage variables in the URI, forwarded requests and answers, the mapped request of
// a non-proxy integration (template, header/query/path mappings, $context.requestOverride), integration
// responses chosen by the backend's status, and the integration timeout (504).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type PutIntegrationCommandInput,
} from '@aws-sdk/client-api-gateway';
import { startCumulo, type CumuloProcess } from './harness.js';
import { callRestApi, type RestAnswer, type RestRequest } from './rest-api-http.js';

let server: CumuloProcess;
let apigw: APIGatewayClient;
let apiId: string;
const ids: Record<string, string> = {};
let backend: http.Server;
let backendPort: number;

const request = (path: string, options: RestRequest = {}): Promise<RestAnswer> =>
  callRestApi(server.port, apiId, path, options);

/** The backend: /echo/… answers what it received, /status/N answers N, /slow never answers (it is closed at the end). */
function startBackend(): Promise<void> {
  backend = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = /^\/status\/(\d{3})/.exec(req.url ?? '')?.[1];
      if (status) {
        res
          .writeHead(Number(status), { 'content-type': 'application/json' })
          .end('{"status":"from backend"}');
        return;
      }
      const reply = (): void => {
        res.writeHead(201, { 'content-type': 'application/json', 'x-backend': 'yes' });
        res.end(
          JSON.stringify({
            method: req.method,
            url: req.url,
            headers: req.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      };
      if (!req.url?.startsWith('/slow')) reply();
    });
  });
  backend.listen(0, '127.0.0.1');
  return once(backend, 'listening').then(() => {
    backendPort = (backend.address() as AddressInfo).port;
  });
}

type Integration = Omit<PutIntegrationCommandInput, 'restApiId' | 'resourceId' | 'httpMethod'>;

async function resource(parent: string, pathPart: string): Promise<string> {
  const r = await apigw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: ids[parent], pathPart }),
  );
  ids[r.path!] = r.id!;
  return r.id!;
}

async function method(resourceId: string, httpMethod: string, integration: Integration): Promise<void> {
  const target = { restApiId: apiId, resourceId, httpMethod };
  await apigw.send(new PutMethodCommand({ ...target, authorizationType: 'NONE' }));
  await apigw.send(new PutIntegrationCommand({ ...target, ...integration }));
}

async function integrationResponse(
  resourceId: string,
  httpMethod: string,
  response: {
    statusCode: string;
    selectionPattern?: string;
    responseTemplates?: Record<string, string>;
    responseParameters?: Record<string, string>;
  },
): Promise<void> {
  const target = { restApiId: apiId, resourceId, httpMethod, statusCode: response.statusCode };
  await apigw.send(new PutMethodResponseCommand(target));
  await apigw.send(new PutIntegrationResponseCommand({ ...target, ...response }));
}

before(async () => {
  await startBackend();
  server = await startCumulo();
  apigw = new APIGatewayClient(server.clientConfig);
  const api = await apigw.send(new CreateRestApiCommand({ name: 'http-integrations' }));
  apiId = api.id!;
  ids['/'] = api.rootResourceId!;
  const base = `http://127.0.0.1:${backendPort}`;

  await resource('/', 'proxy');
  await method(await resource('/proxy', '{proxy+}'), 'ANY', {
    type: 'HTTP_PROXY',
    integrationHttpMethod: 'ANY',
    uri: `${base}/echo/{proxy}`,
    requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
  });
  await method(await resource('/', 'staged'), 'GET', {
    type: 'HTTP_PROXY',
    integrationHttpMethod: 'GET',
    uri: 'http://127.0.0.1:${stageVariables.backendPort}/echo/staged',
  });
  await method(await resource('/', 'slow'), 'GET', {
    type: 'HTTP_PROXY',
    integrationHttpMethod: 'GET',
    uri: `${base}/slow`,
    timeoutInMillis: 200,
  });

  await resource('/', 'http');
  const item = await resource('/http', '{id}');
  await method(item, 'POST', {
    type: 'HTTP',
    integrationHttpMethod: 'PUT',
    uri: `${base}/echo/items/{itemId}`,
    requestParameters: {
      'integration.request.path.itemId': 'method.request.path.id',
      'integration.request.header.X-Api': "'fixed'",
      'integration.request.querystring.source': "'gateway'",
    },
    requestTemplates: {
      'application/json':
        '#set($context.requestOverride.header.X-Override = "o"){"wrapped": $input.json(\'$\'), "id": "$input.params(\'id\')"}',
    },
  });
  await integrationResponse(item, 'POST', {
    statusCode: '200',
    responseTemplates: {
      'application/json':
        '#set($b = $input.path(\'$\')){"method": "$b.method", "url": "$b.url", "api": "$b.headers.get(\'x-api\')", "override": "$b.headers[\'x-override\']", "sent": $input.json(\'$.body\')}',
    },
    responseParameters: { 'method.response.header.X-Backend': 'integration.response.header.x-backend' },
  });

  const failing = await resource('/', 'failing');
  await method(failing, 'GET', { type: 'HTTP', integrationHttpMethod: 'GET', uri: `${base}/status/503` });
  await integrationResponse(failing, 'GET', { statusCode: '200' });
  await integrationResponse(failing, 'GET', {
    statusCode: '502',
    selectionPattern: '5\\d{2}',
    responseTemplates: { 'application/json': '{"backend": "down"}' },
  });

  await apigw.send(
    new CreateDeploymentCommand({
      restApiId: apiId,
      stageName: 'test',
      variables: { backendPort: String(backendPort) },
    }),
  );
});

after(async () => {
  apigw?.destroy();
  await server?.dispose();
  backend?.closeAllConnections();
  backend?.close();
});

describe('HTTP_PROXY integrations', () => {
  it('forwards method, path, query, headers and body, and passes the answer back', async () => {
    const res = await request('/test/proxy/a/b?x=1&x=2', {
      method: 'PATCH',
      headers: { 'Content-Type': 'text/plain', 'X-Custom': 'c' },
      body: 'payload',
    });
    assert.equal(res.status, 201, res.body);
    assert.equal(res.headers['x-backend'], 'yes');
    assert.equal(res.json.method, 'PATCH');
    assert.equal(res.json.url, '/echo/a/b?x=1&x=2');
    assert.equal(res.json.headers['x-custom'], 'c');
    assert.equal(res.json.body, 'payload');
  });

  it('substitutes stage variables in the URI', async () => {
    const res = await request('/test/staged');
    assert.equal(res.status, 201, res.body);
    assert.equal(res.json.url, '/echo/staged');
  });

  it('answers 504 Endpoint request timed out after the integration timeout', async () => {
    const res = await request('/test/slow');
    assert.equal(res.status, 504);
    assert.deepEqual(res.json, { message: 'Endpoint request timed out' });
  });
});

describe('HTTP integrations', () => {
  it('sends the mapped request and maps the answer', async () => {
    const res = await request('/test/http/42', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"n":1}',
    });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers['x-backend'], 'yes');
    assert.equal(res.json.method, 'PUT');
    assert.equal(res.json.url, '/echo/items/42?source=gateway');
    assert.equal(res.json.api, 'fixed');
    assert.equal(res.json.override, 'o');
    assert.deepEqual(JSON.parse(res.json.sent), { wrapped: { n: 1 }, id: '42' });
  });

  it("chooses the integration response by the endpoint's status code", async () => {
    const res = await request('/test/failing');
    assert.equal(res.status, 502);
    assert.deepEqual(res.json, { backend: 'down' });
  });
});
