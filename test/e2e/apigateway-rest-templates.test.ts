// REST API mapping templates end to end, set up with @aws-sdk/client-api-gateway and called over plain
// node:http: MOCK integrations with evaluated templates, integration response selection and response
// parameters, $context.responseOverride, passthrough behaviours (415), template failures (500, 400 for
// a body that is not JSON), Lambda custom integrations (type AWS) with errors mapped by selectionPattern,
// asynchronous invocation, and an OpenAPI import carrying requestTemplates and responses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  ImportRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type PutIntegrationCommandInput,
} from '@aws-sdk/client-api-gateway';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { REPORTING_HANDLER, Sink } from '../unit/invoke/report-sink.js';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { startCumulo, type CumuloProcess } from './harness.js';
import { callRestApi, type RestAnswer, type RestRequest } from './rest-api-http.js';

const ACCOUNT = '000000000000';
const uri = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}/invocations`;

// Answers its event, or fails as the event's name asks (a plain message, or a JSON one).
const CUSTOM = `exports.handler = async (event) => {
  if (event.name === 'bad') throw new Error('Invalid name: bad');
  if (event.name === 'missing') throw new Error(JSON.stringify({ errorType: 'NotFound', httpStatus: 404 }));
  if (event.name === 'crash') throw new Error('unexpected');
  return event;
};`;

let server: CumuloProcess;
let apigw: APIGatewayClient;
let lambda: LambdaClient;
let apiId: string;
let rootId: string;
const sink = new Sink();

const request = (path: string, options: RestRequest = {}): Promise<RestAnswer> =>
  callRestApi(server.port, apiId, path, options);

async function createFunction(name: string, code: string, env: Record<string, string> = {}): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: `arn:aws:iam::${ACCOUNT}:role/lambda-role`,
      Handler: 'index.handler',
      Code: { ZipFile: await handlerZip(code) },
      Environment: { Variables: env },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 15 }, { FunctionName: name });
}

async function allowApi(name: string, id: string): Promise<void> {
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: name,
      StatementId: `apigw-${id}`,
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${id}/*`,
    }),
  );
}

type Integration = Omit<PutIntegrationCommandInput, 'restApiId' | 'resourceId' | 'httpMethod'>;
interface IntegrationResponse {
  statusCode: string;
  selectionPattern?: string;
  responseTemplates?: Record<string, string>;
  responseParameters?: Record<string, string>;
  contentHandling?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
}

/** A resource path under the root with one method, its integration and integration responses. */
async function method(
  pathPart: string,
  httpMethod: string,
  integration: Integration,
  responses: IntegrationResponse[] = [],
): Promise<void> {
  const { id } = await apigw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart }),
  );
  const target = { restApiId: apiId, resourceId: id!, httpMethod };
  await apigw.send(new PutMethodCommand({ ...target, authorizationType: 'NONE' }));
  await apigw.send(new PutIntegrationCommand({ ...target, ...integration }));
  for (const r of responses) {
    const headers = Object.keys(r.responseParameters ?? {});
    await apigw.send(
      new PutMethodResponseCommand({
        ...target,
        statusCode: r.statusCode,
        responseParameters: Object.fromEntries(headers.map((h) => [h, false])),
      }),
    );
    await apigw.send(new PutIntegrationResponseCommand({ ...target, ...r }));
  }
}

const MOCK_200 = `#if($input.params('fail') == 'yes')
{"statusCode": 500}
#else
{"statusCode": 200}
#end`;

before(async () => {
  await sink.start();
  server = await startCumulo();
  apigw = new APIGatewayClient(server.clientConfig);
  lambda = new LambdaClient(server.clientConfig);
  await createFunction('custom', CUSTOM);
  await createFunction('reporter', REPORTING_HANDLER, { SINK: sink.url });
  await createFunction('unpermitted', CUSTOM);
  const api = await apigw.send(new CreateRestApiCommand({ name: 'templates' }));
  apiId = api.id!;
  rootId = api.rootResourceId!;
  await allowApi('custom', apiId);
  await allowApi('reporter', apiId);

  await method('mock', 'GET', { type: 'MOCK', requestTemplates: { 'application/json': MOCK_200 } }, [
    {
      statusCode: '200',
      responseTemplates: {
        'application/json': `{"stage": "$context.stage", "q": "$input.params('q')", "color": "$stageVariables.color", "path": "$context.resourcePath"}`,
        'application/xml': '<stage>$context.stage</stage>',
      },
      responseParameters: {
        'method.response.header.X-Static': "'static value'",
        'method.response.header.X-Stage': 'context.stage',
        'method.response.header.X-Color': 'stageVariables.color',
        'method.response.header.X-Query': 'method.request.querystring.q',
      },
    },
    {
      statusCode: '500',
      selectionPattern: '5\\d{2}',
      responseTemplates: { 'application/json': '{"failed": true}' },
    },
  ]);
  await method(
    'override',
    'GET',
    { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
    [
      {
        statusCode: '200',
        responseTemplates: {
          'application/json':
            '#set($context.responseOverride.status = 418)#set($context.responseOverride.header.X-Teapot = "short")\n{"teapot": true}',
        },
      },
    ],
  );
  await method(
    'broken',
    'GET',
    { type: 'MOCK', requestTemplates: { 'application/json': '#if($x == 1)never closed' } },
    [{ statusCode: '200' }],
  );
  await method(
    'strict',
    'POST',
    {
      type: 'MOCK',
      passthroughBehavior: 'NEVER',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
    },
    [{ statusCode: '200', responseTemplates: { 'application/json': '{"accepted": true}' } }],
  );
  await method(
    'notemplates',
    'POST',
    {
      type: 'MOCK',
      passthroughBehavior: 'WHEN_NO_TEMPLATES',
      requestTemplates: { 'application/xml': '{"statusCode": 200}' },
    },
    [{ statusCode: '200', responseTemplates: { 'application/json': '{"accepted": true}' } }],
  );
  const customTemplate = `#set($body = $input.path('$'))
{
  "name": "$body.name",
  "id": "$input.params('id')",
  "method": "$context.httpMethod",
  "tags": [#foreach($t in $body.tags)"$t.toUpperCase()"#if($foreach.hasNext),#end#end],
  "raw": $input.json('$')
}`;
  await method(
    'custom',
    'POST',
    {
      type: 'AWS',
      integrationHttpMethod: 'POST',
      uri: uri('custom'),
      requestTemplates: { 'application/json': customTemplate },
    },
    [
      {
        statusCode: '200',
        responseTemplates: {
          'application/json': `{"echo": $input.json('$'), "tagCount": $input.path('$.tags').size()}`,
        },
      },
      {
        statusCode: '400',
        selectionPattern: 'Invalid.*',
        responseTemplates: { 'application/json': `{"error": "$input.path('$.errorMessage')"}` },
      },
      {
        statusCode: '404',
        selectionPattern: '.*NotFound.*',
        responseParameters: {
          'method.response.header.X-Error-Type': 'integration.response.body.errorMessage.errorType',
        },
        responseTemplates: { 'application/json': '{"notFound": true}' },
      },
    ],
  );
  await method('passthrough', 'POST', { type: 'AWS', integrationHttpMethod: 'POST', uri: uri('custom') }, [
    { statusCode: '200' },
  ]);
  await method(
    'async',
    'POST',
    {
      type: 'AWS',
      integrationHttpMethod: 'POST',
      uri: uri('reporter'),
      requestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" },
    },
    [{ statusCode: '202', responseTemplates: { 'application/json': '{"queued": "$context.requestId"}' } }],
  );
  await method(
    'unpermitted',
    'POST',
    { type: 'AWS', integrationHttpMethod: 'POST', uri: uri('unpermitted') },
    [{ statusCode: '200' }],
  );
  await apigw.send(
    new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test', variables: { color: 'blue' } }),
  );
});

after(async () => {
  apigw?.destroy();
  lambda?.destroy();
  sink.close();
  await server?.dispose();
});

describe('MOCK integrations with templates', () => {
  it('evaluates the request template, picks the integration response and maps its template and parameters', async () => {
    const res = await request('/test/mock?q=hello');
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(res.json, { stage: 'test', q: 'hello', color: 'blue', path: '/mock' });
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal(res.headers['x-static'], 'static value');
    assert.equal(res.headers['x-stage'], 'test');
    assert.equal(res.headers['x-color'], 'blue');
    assert.equal(res.headers['x-query'], 'hello');
    const failed = await request('/test/mock?fail=yes');
    assert.equal(failed.status, 500);
    assert.deepEqual(failed.json, { failed: true });
  });

  it('chooses the response template by the Accept header', async () => {
    const res = await request('/test/mock', { headers: { Accept: 'application/xml' } });
    assert.equal(res.status, 200);
    assert.equal(res.body, '<stage>test</stage>');
    assert.equal(res.headers['content-type'], 'application/xml');
  });

  it('applies $context.responseOverride', async () => {
    const res = await request('/test/override');
    assert.equal(res.status, 418);
    assert.deepEqual(res.json, { teapot: true });
    assert.equal(res.headers['x-teapot'], 'short');
  });

  it('answers 500 Internal server error for a template that does not parse', async () => {
    const res = await request('/test/broken');
    assert.equal(res.status, 500);
    assert.deepEqual(res.json, { message: 'Internal server error' });
  });

  it('answers 415 Unsupported Media Type as the passthrough behaviour says', async () => {
    const json = { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } };
    const text = { method: 'POST', body: 'hi', headers: { 'Content-Type': 'text/plain' } };
    assert.equal((await request('/test/strict', json)).status, 200);
    const refused = await request('/test/strict', text);
    assert.equal(refused.status, 415);
    assert.deepEqual(refused.json, { message: 'Unsupported Media Type' });
    assert.equal(refused.headers['x-amzn-errortype'], 'UnsupportedMediaTypeException');
    // WHEN_NO_TEMPLATES: templates exist but none for JSON, so JSON is refused; XML has its template.
    assert.equal((await request('/test/notemplates', json)).status, 415);
    const xml = await request('/test/notemplates', {
      ...text,
      headers: { 'Content-Type': 'application/xml' },
    });
    assert.equal(xml.status, 200);
  });
});

describe('Lambda custom integrations', () => {
  it('maps the request into the event and the result into the response', async () => {
    const res = await request('/test/custom?id=7', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Rex', tags: ['a', 'b'] }),
    });
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(res.json, {
      echo: {
        name: 'Rex',
        id: '7',
        method: 'POST',
        tags: ['A', 'B'],
        raw: { name: 'Rex', tags: ['a', 'b'] },
      },
      tagCount: 2,
    });
  });

  it('selects error responses by the errorMessage and maps error fields into headers', async () => {
    const post = (name: string): Promise<RestAnswer> =>
      request('/test/custom', { method: 'POST', body: JSON.stringify({ name, tags: [] }) });
    const bad = await post('bad');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { error: 'Invalid name: bad' });
    const missing = await post('missing');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { notFound: true });
    assert.equal(missing.headers['x-error-type'], 'NotFound');
    // No pattern matches: the default response, as AWS answers (200).
    const crash = await post('crash');
    assert.equal(crash.status, 200);
  });

  it('passes the body through without templates (an empty one as {})', async () => {
    const res = await request('/test/passthrough', { method: 'POST', body: '{"a":[1,2]}' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { a: [1, 2] });
    const empty = await request('/test/passthrough', { method: 'POST' });
    assert.deepEqual(empty.json, {});
  });

  it('answers 400 when a template reads a body that is not JSON', async () => {
    const res = await request('/test/custom', { method: 'POST', body: '{not json' });
    assert.equal(res.status, 400);
    assert.match(res.json.message, /^Could not parse request body into json/);
  });

  it("invokes asynchronously when X-Amz-Invocation-Type maps to 'Event'", async () => {
    const res = await request('/test/async', { method: 'POST', body: '{"marker":"queued-1"}' });
    assert.equal(res.status, 202, res.body);
    assert.match(res.json.queued, /^[0-9a-f-]{36}$/);
    const [report] = await sink.waitFor((r) => r.event?.marker === 'queued-1');
    assert.equal(report!.fn, 'reporter');
  });

  it('answers 500 when the function does not let API Gateway invoke it', async () => {
    const res = await request('/test/unpermitted', { method: 'POST', body: '{}' });
    assert.equal(res.status, 500);
    assert.deepEqual(res.json, { message: 'Internal server error' });
  });
});

describe('OpenAPI import', () => {
  it('imports x-amazon-apigateway-integration requestTemplates and responses', async () => {
    const definition = {
      openapi: '3.0.1',
      info: { title: 'imported-templates', version: '1' },
      paths: {
        '/pets/{petId}': {
          get: {
            responses: { '200': { description: 'ok' }, '404': { description: 'missing' } },
            'x-amazon-apigateway-integration': {
              type: 'mock',
              requestTemplates: {
                'application/json': `#if($input.params('petId') == "0"){"statusCode": 404}#else{"statusCode": 200}#end`,
              },
              responses: {
                default: {
                  statusCode: '200',
                  responseTemplates: { 'application/json': `{"id": $input.params('petId'), "type": "dog"}` },
                  responseParameters: { 'method.response.header.X-Pet': "'yes'" },
                },
                '404': {
                  statusCode: '404',
                  responseTemplates: { 'application/json': '{"message": "no such pet"}' },
                },
              },
            },
          },
        },
      },
    };
    const imported = await apigw.send(
      new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(definition)) }),
    );
    await apigw.send(new CreateDeploymentCommand({ restApiId: imported.id, stageName: 'v1' }));
    const pet = await callRestApi(server.port, imported.id!, '/v1/pets/3');
    assert.equal(pet.status, 200, pet.body);
    assert.deepEqual(pet.json, { id: 3, type: 'dog' });
    assert.equal(pet.headers['x-pet'], 'yes');
    const missing = await callRestApi(server.port, imported.id!, '/v1/pets/0');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { message: 'no such pet' });
  });
});
