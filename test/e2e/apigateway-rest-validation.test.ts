// Request validation on a deployed REST API over plain node:http: required parameters and bodies
// against models answer 400 as API Gateway does, valid requests reach the function, the access log
// carries $context.error.validationErrorString, a stage validates as its deployment froze it, and an
// imported definition's validators apply.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteGatewayResponseCommand,
  GetRestApisCommand,
  GetResourcesCommand,
  ImportRestApiCommand,
  PutIntegrationCommand,
  PutGatewayResponseCommand,
  PutMethodCommand,
  UpdateRequestValidatorCommand,
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
import { callRestApi, type RestRequest } from './rest-api-http.js';

const ACCOUNT = '000000000000';
const FN_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:echo`;
const ECHO = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ reached: true, body: event.body, q: event.queryStringParameters }) });`;
const PET = JSON.stringify({
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, age: { type: 'integer' } },
});
const LOG_GROUP = 'validation-access';

let server: CumuloProcess;
let apigw: APIGatewayClient;
let apiId: string;
let validatorId: string;

const call = (p: string, options: RestRequest = {}) => callRestApi(server.port, apiId, p, options);

before(async () => {
  server = await startCumulo();
  apigw = new APIGatewayClient(server.clientConfig);
  const lambda = new LambdaClient(server.clientConfig);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'echo',
      Runtime: 'nodejs20.x',
      Role: `arn:aws:iam::${ACCOUNT}:role/lambda-role`,
      Handler: 'index.handler',
      Code: { ZipFile: await handlerZip(ECHO) },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 15 }, { FunctionName: 'echo' });
  const api = await apigw.send(new CreateRestApiCommand({ name: 'validated' }));
  apiId = api.id!;
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: 'echo',
      StatementId: 'apigw',
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${apiId}/*`,
    }),
  );
  lambda.destroy();
  await apigw.send(
    new CreateModelCommand({ restApiId: apiId, name: 'Pet', contentType: 'application/json', schema: PET }),
  );
  const validator = await apigw.send(
    new CreateRequestValidatorCommand({
      restApiId: apiId,
      name: 'all',
      validateRequestBody: true,
      validateRequestParameters: true,
    }),
  );
  validatorId = validator.id!;
  const pets = await apigw.send(
    new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId, pathPart: 'pets' }),
  );
  await apigw.send(
    new PutMethodCommand({
      restApiId: apiId,
      resourceId: pets.id,
      httpMethod: 'POST',
      authorizationType: 'NONE',
      requestValidatorId: validatorId,
      requestParameters: {
        'method.request.querystring.owner': true,
        'method.request.header.X-Trace': true,
        'method.request.querystring.note': false,
      },
      requestModels: { 'application/json': 'Pet' },
    }),
  );
  await apigw.send(
    new PutIntegrationCommand({
      restApiId: apiId,
      resourceId: pets.id,
      httpMethod: 'POST',
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`,
    }),
  );
  await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
  await apigw.send(
    new UpdateStageCommand({
      restApiId: apiId,
      stageName: 'test',
      patchOperations: [
        {
          op: 'replace',
          path: '/accessLogSettings/destinationArn',
          value: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${LOG_GROUP}`,
        },
        {
          op: 'replace',
          path: '/accessLogSettings/format',
          value: '$context.requestId $context.status $context.error.validationErrorString',
        },
      ],
    }),
  );
});

after(async () => {
  apigw?.destroy();
  await server?.dispose();
});

const headers = { 'X-Trace': 't1', 'content-type': 'application/json' };

describe('request validation', () => {
  it('refuses missing or blank required parameters with BAD_REQUEST_PARAMETERS', async () => {
    const answer = await call('/test/pets?owner=', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Rex' }),
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.headers['x-amzn-errortype'], 'BadRequestException');
    assert.deepEqual(answer.json, { message: 'Missing required request parameters: [X-Trace, owner]' });
  });

  it('refuses a body that does not match the model with BAD_REQUEST_BODY', async () => {
    const answer = await call('/test/pets?owner=ann', {
      method: 'POST',
      headers,
      body: JSON.stringify({ age: 'old' }),
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.headers['x-amzn-errortype'], 'BadRequestException');
    assert.deepEqual(answer.json, { message: 'Invalid request body' });
    const requestId = String(answer.headers['x-amzn-requestid']);
    const line = await waitFor(async () => accessLogLine(requestId), 5000, 'the access log line');
    assert.equal(
      line,
      `${requestId} 400 [object has missing required properties (["name"]), instance type (string) does not match any allowed primitive type (allowed: ["integer"])]`,
    );
  });

  it('lets a valid request reach the function', async () => {
    const answer = await call('/test/pets?owner=ann', {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Rex', age: 3 }),
    });
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.json.reached, true);
    assert.deepEqual(answer.json.q, { owner: 'ann' });
  });

  // Found by fuzzing: a body nested thousands deep overflowed the stack validating a recursive model (500).
  it('refuses a body nested past 1000 levels with BAD_REQUEST_BODY', async () => {
    const root = (await apigw.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find(
      (r) => r.path === '/',
    )!;
    const trees = await apigw.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: root.id, pathPart: 'trees' }),
    );
    const tree = `https://apigateway.amazonaws.com/restapis/${apiId}/models/Tree`;
    await apigw.send(
      new CreateModelCommand({
        restApiId: apiId,
        name: 'Tree',
        contentType: 'application/json',
        schema: JSON.stringify({ type: 'object', properties: { child: { $ref: tree } } }),
      }),
    );
    const method = { restApiId: apiId, resourceId: trees.id, httpMethod: 'POST' };
    await apigw.send(
      new PutMethodCommand({
        ...method,
        authorizationType: 'NONE',
        requestValidatorId: validatorId,
        requestModels: { 'application/json': 'Tree' },
      }),
    );
    await apigw.send(
      new PutIntegrationCommand({
        ...method,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`,
      }),
    );
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
    const nested = (depth: number) => `${'{"child":'.repeat(depth)}{}${'}'.repeat(depth)}`;
    const fine = await call('/test/trees', { method: 'POST', headers, body: nested(900) });
    assert.equal(fine.status, 200, fine.body);
    const deep = await call('/test/trees', { method: 'POST', headers, body: nested(50_000) });
    assert.equal(deep.status, 400, deep.body);
    assert.equal(deep.headers['x-amzn-errortype'], 'BadRequestException');
    assert.deepEqual(deep.json, { message: 'Invalid request body' });
    const requestId = String(deep.headers['x-amzn-requestid']);
    const line = await waitFor(async () => accessLogLine(requestId), 5000, 'the access log line');
    assert.equal(
      line,
      `${requestId} 400 [Invalid JSON in request body: nesting depth exceeds the maximum allowed (1000)]`,
    );
  });

  it('does not validate a body whose Content-Type has no model', async () => {
    const answer = await call('/test/pets?owner=ann', {
      method: 'POST',
      headers: { 'X-Trace': 't1', 'content-type': 'text/plain' },
      body: 'not json at all',
    });
    assert.equal(answer.status, 200, answer.body);
  });

  it('answers a validation failure as the API customised BAD_REQUEST_BODY and BAD_REQUEST_PARAMETERS', async () => {
    for (const responseType of ['BAD_REQUEST_BODY', 'BAD_REQUEST_PARAMETERS'] as const) {
      await apigw.send(
        new PutGatewayResponseCommand({
          restApiId: apiId,
          responseType,
          statusCode: '422',
          responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
          responseTemplates: {
            'application/json':
              '{"type":"$context.error.responseType","detail":"$context.error.validationErrorString"}',
          },
        }),
      );
    }
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
    const body = await call('/test/pets?owner=ann', { method: 'POST', headers, body: '{}' });
    assert.equal(body.status, 422, body.body);
    assert.equal(body.headers['access-control-allow-origin'], '*');
    assert.equal(body.headers['x-amzn-errortype'], 'BadRequestException');
    // The template writes the string as is (its quotes too), as AWS's does.
    assert.equal(
      body.body,
      '{"type":"BAD_REQUEST_BODY","detail":"[object has missing required properties (["name"])]"}',
    );
    const params = await call('/test/pets', { method: 'POST', headers, body: '{"name":"Rex"}' });
    assert.equal(params.status, 422);
    assert.match(params.body, /^\{"type":"BAD_REQUEST_PARAMETERS",/);
    for (const responseType of ['BAD_REQUEST_BODY', 'BAD_REQUEST_PARAMETERS'] as const) {
      await apigw.send(new DeleteGatewayResponseCommand({ restApiId: apiId, responseType }));
    }
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
  });

  it('validates as the stage’s deployment froze the validator', async () => {
    await apigw.send(
      new UpdateRequestValidatorCommand({
        restApiId: apiId,
        requestValidatorId: validatorId,
        patchOperations: [{ op: 'replace', path: '/validateRequestBody', value: 'false' }],
      }),
    );
    const invalid = { method: 'POST', headers, body: '{}' };
    assert.equal((await call('/test/pets?owner=ann', invalid)).status, 400);
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'test' }));
    assert.equal((await call('/test/pets?owner=ann', invalid)).status, 200);
  });
});

describe('a model whose pattern backtracks catastrophically', () => {
  it('costs only its own request (500 after the check deadline); the server answers others meanwhile', async () => {
    const api = await apigw.send(new CreateRestApiCommand({ name: 'runaway' }));
    const runaway = JSON.stringify({
      type: 'object',
      properties: { name: { type: 'string', pattern: '^(a+)+$' } },
    });
    await apigw.send(
      new CreateModelCommand({
        restApiId: api.id,
        name: 'Runaway',
        contentType: 'application/json',
        schema: runaway,
      }),
    );
    const validator = await apigw.send(
      new CreateRequestValidatorCommand({ restApiId: api.id, name: 'body', validateRequestBody: true }),
    );
    const address = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'POST' };
    await apigw.send(
      new PutMethodCommand({
        ...address,
        authorizationType: 'NONE',
        requestValidatorId: validator.id,
        requestModels: { 'application/json': 'Runaway' },
      }),
    );
    await apigw.send(
      new PutIntegrationCommand({
        ...address,
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
      }),
    );
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'test' }));

    const order: string[] = [];
    // 40 a's and a mismatch: about 2^40 backtracking steps, far past the check's deadline.
    const slow = callRestApi(server.port, api.id!, '/test', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `${'a'.repeat(40)}!` }),
    }).then((answer) => {
      order.push('runaway');
      return answer;
    });
    // Another API's validated request, checked behind the runaway one or before it: it is answered.
    const other = call('/test/pets?owner=ann', {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Rex' }),
    });
    // The server itself never stops answering.
    await apigw.send(new GetRestApisCommand({}));
    order.push('control plane');
    const answer = await slow;
    assert.equal(order[0], 'control plane');
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.json, { message: 'Internal server error' });
    assert.equal((await other).status, 200);
    assert.match(server.output(), /request body validation took longer than 2000 ms; answered 500/);
  });
});

describe('an imported definition', () => {
  it('applies its request validators and models', async () => {
    const doc = {
      openapi: '3.0.1',
      info: { title: 'imported-validation', version: '1' },
      'x-amazon-apigateway-request-validators': {
        all: { validateRequestBody: true, validateRequestParameters: true },
      },
      'x-amazon-apigateway-request-validator': 'all',
      paths: {
        '/orders': {
          post: {
            parameters: [{ name: 'shop', in: 'query', required: true, schema: { type: 'string' } }],
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } },
            },
            'x-amazon-apigateway-integration': {
              type: 'mock',
              requestTemplates: { 'application/json': '{"statusCode": 200}' },
              responses: {
                default: { statusCode: '200', responseTemplates: { 'application/json': '{"ok":true}' } },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Order: {
            type: 'object',
            required: ['items'],
            properties: { items: { type: 'array', minItems: 1 } },
          },
        },
      },
    };
    const api = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)) }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    const post = (query: string, body: unknown) =>
      callRestApi(server.port, api.id!, `/prod/orders${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.deepEqual((await post('', { items: [1] })).json, {
      message: 'Missing required request parameters: [shop]',
    });
    assert.deepEqual((await post('?shop=a', { items: [] })).json, { message: 'Invalid request body' });
    const ok = await post('?shop=a', { items: [1] });
    assert.equal(ok.status, 200, ok.body);
    assert.deepEqual(ok.json, { ok: true });
  });
});

/** The access log message for a request id, once written. */
function accessLogLine(requestId: string): string | undefined {
  const dir = path.join(server.dataDir, 'logs', encodeURIComponent(LOG_GROUP));
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const text = files.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('');
  const line = text.split('\n').find((l) => l.includes(requestId));
  return line === undefined ? undefined : (JSON.parse(line) as { message: string }).message;
}
