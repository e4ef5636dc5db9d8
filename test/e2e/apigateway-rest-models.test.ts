// REST API models and request validators through the real @aws-sdk/client-api-gateway and
// `aws apigateway`: CRUD, the default Empty and Error models, methods naming them, and OpenAPI import
// of schemas and x-amazon-apigateway-request-validator(s). Texts as AWS answers (LocalStack's
// validated snapshots, TestApiGatewayApiModels / TestApiGatewayApiRequestValidator).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  APIGatewayClient,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteModelCommand,
  DeleteRequestValidatorCommand,
  GetAuthorizerCommand,
  GetDeploymentCommand,
  GetMethodCommand,
  GetModelCommand,
  GetModelsCommand,
  GetRequestValidatorCommand,
  GetRequestValidatorsCommand,
  GetResourceCommand,
  GetStageCommand,
  ImportRestApiCommand,
  PutMethodCommand,
  UpdateMethodCommand,
  UpdateModelCommand,
  UpdateRequestValidatorCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { awsCli, type CumuloProcess } from './harness.js';
import { rejects } from './sdk-errors.js';
import { serverSuite } from './server-suite.js';

let server: CumuloProcess;
let client: APIGatewayClient;

const newApi = async (name: string) => client.send(new CreateRestApiCommand({ name }));
const schema = (o: object) => JSON.stringify(o);
const PET = schema({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } });

serverSuite(
  (s) => ({ client: new APIGatewayClient(s.clientConfig) }),
  (suite) => ({ server, client } = suite),
);

describe('models', () => {
  it('a new API has the Empty and Error models AWS creates', async () => {
    const api = await newApi('defaults');
    const { items } = await client.send(new GetModelsCommand({ restApiId: api.id }));
    assert.deepEqual(
      items?.map((m) => [m.name, m.description, m.contentType]),
      [
        ['Empty', 'This is a default empty schema model', 'application/json'],
        ['Error', 'This is a default error schema model', 'application/json'],
      ],
    );
    const error = JSON.parse(items![1]!.schema!);
    assert.deepEqual(error, {
      $schema: 'http://json-schema.org/draft-04/schema#',
      title: 'Error Schema',
      type: 'object',
      properties: { message: { type: 'string' } },
    });
  });

  it('creates, reads, updates and deletes a model', async () => {
    const api = await newApi('crud');
    const created = await client.send(
      new CreateModelCommand({
        restApiId: api.id,
        name: 'Pet',
        contentType: 'application/json',
        description: 'a pet',
        schema: PET,
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.match(created.id!, /^[a-z0-9]{6}$/);
    assert.deepEqual(
      { name: created.name, description: created.description, schema: created.schema },
      { name: 'Pet', description: 'a pet', schema: PET },
    );
    const got = await client.send(new GetModelCommand({ restApiId: api.id, modelName: 'Pet' }));
    assert.equal(got.id, created.id);
    const updated = await client.send(
      new UpdateModelCommand({
        restApiId: api.id,
        modelName: 'Pet',
        patchOperations: [
          { op: 'replace', path: '/schema', value: schema({ type: 'object', title: 'v2' }) },
          { op: 'replace', path: '/description', value: '' },
        ],
      }),
    );
    assert.equal(JSON.parse(updated.schema!).title, 'v2');
    assert.equal(updated.description, undefined);
    const deleted = await client.send(new DeleteModelCommand({ restApiId: api.id, modelName: 'Pet' }));
    assert.equal(deleted.$metadata.httpStatusCode, 202);
    await rejects(
      client.send(new GetModelCommand({ restApiId: api.id, modelName: 'Pet' })),
      'NotFoundException',
      404,
      'Invalid model name specified: Pet',
    );
  });

  it('answers bad input as AWS does', async () => {
    const api = await newApi('validation');
    const create = (name: string, s?: string, restApiId = api.id) =>
      client.send(new CreateModelCommand({ restApiId, name, contentType: 'application/json', schema: s }));
    await rejects(
      create('Pet', PET, 'abcde0'),
      'NotFoundException',
      404,
      'Invalid API identifier specified 000000000000:abcde0',
    );
    await rejects(
      client.send(new GetModelCommand({ restApiId: 'abcde0', modelName: 'Pet' })),
      'NotFoundException',
      404,
      'Invalid model name specified: Pet',
    );
    await create('Pet', PET);
    await rejects(
      create('Pet', PET),
      'ConflictException',
      409,
      'Model name already exists for this REST API',
    );
    await rejects(create('', PET), 'BadRequestException', 400, 'Model name must be non-empty');
    await rejects(create('Pet-2', PET), 'BadRequestException', 400, 'Model name must be alphanumeric');
    const noSchema = 'Model schema must have at least 1 property or array items defined';
    await rejects(create('NoSchema'), 'BadRequestException', 400, noSchema);
    await rejects(create('NoSchema', ''), 'BadRequestException', 400, noSchema);
    const invalid =
      'Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]';
    await rejects(create('NotJson', '{"type":'), 'BadRequestException', 400, invalid);
    await rejects(
      create('NotDraft4', schema({ type: 'object', required: [] })),
      'BadRequestException',
      400,
      invalid,
    );
    await rejects(
      client.send(
        new UpdateModelCommand({
          restApiId: api.id,
          modelName: 'Pet',
          patchOperations: [{ op: 'replace', path: '/name', value: 'Other' }],
        }),
      ),
      'BadRequestException',
      400,
      "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]",
    );
  });

  it('refuses to delete a model a method uses, naming the method', async () => {
    const api = await newApi('in-use');
    await client.send(
      new CreateModelCommand({
        restApiId: api.id,
        name: 'Pet',
        contentType: 'application/json',
        schema: PET,
      }),
    );
    const put = (resourceId: string) =>
      client.send(
        new PutMethodCommand({
          restApiId: api.id,
          resourceId,
          httpMethod: 'ANY',
          authorizationType: 'NONE',
          requestModels: { 'application/json': 'Pet' },
        }),
      );
    await put(api.rootResourceId!);
    const del = () => client.send(new DeleteModelCommand({ restApiId: api.id, modelName: 'Pet' }));
    await rejects(
      del(),
      'ConflictException',
      409,
      "Cannot delete model 'Pet', is referenced in method request: //ANY",
    );
    await client.send(
      new UpdateMethodCommand({
        restApiId: api.id,
        resourceId: api.rootResourceId,
        httpMethod: 'ANY',
        patchOperations: [{ op: 'remove', path: '/requestModels/application~1json' }],
      }),
    );
    const test = await client.send(
      new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'test' }),
    );
    await put(test.id!);
    await rejects(
      del(),
      'ConflictException',
      409,
      "Cannot delete model 'Pet', is referenced in method request: /test/ANY",
    );
  });

  it('flattens references to other models on request', async () => {
    const api = await newApi('flatten');
    const ref = `https://apigateway.amazonaws.com/restapis/${api.id}/models/Owner`;
    for (const [name, s] of [
      ['Owner', schema({ type: 'object', properties: { email: { type: 'string' } } })],
      ['Pet', schema({ type: 'object', properties: { owner: { $ref: ref } } })],
    ] as const) {
      await client.send(
        new CreateModelCommand({ restApiId: api.id, name, contentType: 'application/json', schema: s }),
      );
    }
    const plain = await client.send(new GetModelCommand({ restApiId: api.id, modelName: 'Pet' }));
    assert.equal(JSON.parse(plain.schema!).properties.owner.$ref, ref);
    const flat = await client.send(
      new GetModelCommand({ restApiId: api.id, modelName: 'Pet', flatten: true }),
    );
    assert.deepEqual(JSON.parse(flat.schema!), {
      type: 'object',
      properties: { owner: { $ref: '#/definitions/Owner' } },
      definitions: { Owner: { type: 'object', properties: { email: { type: 'string' } } } },
    });
  });
});

describe('request validators', () => {
  it('creates, reads, updates and deletes a validator', async () => {
    const api = await newApi('validators');
    const created = await client.send(new CreateRequestValidatorCommand({ restApiId: api.id, name: 'v' }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.deepEqual(
      { name: created.name, body: created.validateRequestBody, params: created.validateRequestParameters },
      { name: 'v', body: false, params: false },
    );
    const id = created.id!;
    const update = (patchOperations: PatchOperation[]) =>
      client.send(
        new UpdateRequestValidatorCommand({ restApiId: api.id, requestValidatorId: id, patchOperations }),
      );
    assert.equal(
      (await update([{ op: 'replace', path: '/validateRequestBody', value: 'true' }])).validateRequestBody,
      true,
    );
    // A replace without a value sets false, as AWS does.
    assert.equal(
      (await update([{ op: 'replace', path: '/validateRequestBody' }])).validateRequestBody,
      false,
    );
    await rejects(
      update([{ op: 'replace', path: '/invalidPath', value: 'true' }]),
      'BadRequestException',
      400,
      "Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: [/name, /validateRequestParameters, /validateRequestBody]",
    );
    await rejects(
      update([{ op: 'add', path: '/validateRequestBody', value: 'true' }]),
      'BadRequestException',
      400,
      "Invalid patch path  '/validateRequestBody' specified for op 'add'. Please choose supported operations",
    );
    await rejects(
      update([{ op: 'replace', path: '/name' }]),
      'BadRequestException',
      400,
      'Request Validator name cannot be blank',
    );
    const list = await client.send(new GetRequestValidatorsCommand({ restApiId: api.id }));
    assert.deepEqual(
      list.items?.map((v) => v.id),
      [id],
    );
    const deleted = await client.send(
      new DeleteRequestValidatorCommand({ restApiId: api.id, requestValidatorId: id }),
    );
    assert.equal(deleted.$metadata.httpStatusCode, 202);
    await rejects(
      client.send(new GetRequestValidatorCommand({ restApiId: api.id, requestValidatorId: id })),
      'NotFoundException',
      404,
      'Invalid Request Validator identifier specified',
    );
  });

  it('answers an unknown API as AWS does', async () => {
    await rejects(
      client.send(new CreateRequestValidatorCommand({ restApiId: 'api_id', name: 'v' })),
      'BadRequestException',
      400,
      'Invalid REST API identifier specified',
    );
    await rejects(
      client.send(new GetRequestValidatorCommand({ restApiId: 'api_id', requestValidatorId: 'abc123' })),
      'NotFoundException',
      404,
      'Invalid Request Validator identifier specified',
    );
    await rejects(
      client.send(new GetRequestValidatorsCommand({ restApiId: 'api_id' })),
      'NotFoundException',
      404,
      'Invalid API identifier specified 000000000000:api_id',
    );
  });

  it('works through the aws CLI', async () => {
    const api = await newApi('cli');
    const created = await awsCli(server, [
      'apigateway',
      'create-request-validator',
      '--rest-api-id',
      api.id!,
      '--name',
      'body-only',
      '--validate-request-body',
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.json.validateRequestBody, true);
    assert.equal(created.json.validateRequestParameters, false);
    const models = await awsCli(server, ['apigateway', 'get-models', '--rest-api-id', api.id!]);
    assert.equal(models.code, 0, models.stderr);
    assert.deepEqual(
      models.json.items.map((m: { name: string }) => m.name),
      ['Empty', 'Error'],
    );
  });
});

describe('names that are members of every JavaScript object', () => {
  // Found by fuzzing: `constructor`, `__proto__` and `toString` found Object.prototype's members, so a
  // patch changed them for the whole server (every later answer carried the patched name).
  it('are unknown models, validators, resources, stages, deployments and authorizers', async () => {
    const api = await newApi('prototype-names');
    const restApiId = api.id!;
    const patch: PatchOperation[] = [{ op: 'replace', path: '/name', value: 'polluted' }];
    for (const name of ['constructor', '__proto__', 'toString']) {
      await rejects(
        client.send(
          new UpdateRequestValidatorCommand({ restApiId, requestValidatorId: name, patchOperations: patch }),
        ),
        'NotFoundException',
        404,
        'Invalid Request Validator identifier specified',
      );
      await rejects(
        client.send(
          new UpdateModelCommand({
            restApiId,
            modelName: name,
            patchOperations: [{ op: 'replace', path: '/description', value: 'polluted' }],
          }),
        ),
        'NotFoundException',
        404,
        `Invalid model name specified: ${name}`,
      );
      const reads: Array<[() => Promise<unknown>, string]> = [
        [() => client.send(new GetResourceCommand({ restApiId, resourceId: name })), 'Resource'],
        [() => client.send(new GetStageCommand({ restApiId, stageName: name })), 'stage'],
        [() => client.send(new GetDeploymentCommand({ restApiId, deploymentId: name })), 'Deployment'],
        [() => client.send(new GetAuthorizerCommand({ restApiId, authorizerId: name })), 'Authorizer'],
      ];
      for (const [read, what] of reads)
        await rejects(read(), 'NotFoundException', 404, `Invalid ${what} identifier specified`);
    }
    const validator = await client.send(new CreateRequestValidatorCommand({ restApiId, name: 'v' }));
    assert.equal(validator.name, 'v');
    const created = await client.send(
      new CreateModelCommand({
        restApiId,
        name: 'constructor',
        contentType: 'application/json',
        schema: PET,
      }),
    );
    assert.equal(created.name, 'constructor');
    const read = await client.send(new GetModelCommand({ restApiId, modelName: 'constructor' }));
    assert.equal(read.schema, PET);
    assert.equal(read.description, undefined);
  });
});

describe('methods naming validators and models', () => {
  it('refuses a validator or model the API does not have', async () => {
    const api = await newApi('method-checks');
    const put = (extra: { requestValidatorId?: string; requestModels?: Record<string, string> }) =>
      client.send(
        new PutMethodCommand({
          restApiId: api.id,
          resourceId: api.rootResourceId,
          httpMethod: 'GET',
          authorizationType: 'NONE',
          ...extra,
        }),
      );
    await rejects(
      put({ requestValidatorId: 'nope12' }),
      'BadRequestException',
      400,
      'Invalid Request Validator identifier specified',
    );
    await rejects(
      put({ requestModels: { 'application/json': 'petModel' } }),
      'BadRequestException',
      400,
      'Invalid model identifier specified: petModel',
    );
    const validator = await client.send(
      new CreateRequestValidatorCommand({ restApiId: api.id, name: 'all' }),
    );
    const method = await put({
      requestValidatorId: validator.id,
      requestModels: { 'application/json': 'Empty' },
    });
    assert.equal(method.requestValidatorId, validator.id);
    const update = (value: string) =>
      client.send(
        new UpdateMethodCommand({
          restApiId: api.id,
          resourceId: api.rootResourceId,
          httpMethod: 'GET',
          patchOperations: [{ op: 'replace', path: '/requestValidatorId', value }],
        }),
      );
    await rejects(
      update('fake-id'),
      'BadRequestException',
      400,
      'Invalid Request Validator identifier specified',
    );
    // An empty value removes it.
    assert.equal((await update('')).requestValidatorId, undefined);
  });
});

describe('OpenAPI import', () => {
  // Found by fuzzing: each of these was a 500.
  it('answers malformed definitions without failing', async () => {
    const importDoc = (doc: object | string) =>
      client.send(
        new ImportRestApiCommand({
          body: new TextEncoder().encode(typeof doc === 'string' ? doc : JSON.stringify(doc)),
        }),
      );
    const body = (ref: string) => ({
      requestBody: { content: { 'application/json': { schema: { $ref: ref } } } },
    });
    // A reference whose percent-encoding is malformed names a model that does not exist.
    await rejects(
      importDoc({
        openapi: '3.0.1',
        info: { title: 'bad-ref', version: '1' },
        paths: { '/p': { post: body('#/components/schemas/%E0%A4%A') } },
      }),
      'BadRequestException',
      400,
      'Invalid model identifier specified: %E0%A4%A',
    );
    // `parameters` that is not a list declares none.
    const swagger = await importDoc({
      swagger: '2.0',
      info: { title: 'odd-parameters', version: '1' },
      paths: { '/q': { post: { parameters: 5 } } },
    });
    assert.equal(swagger.name, 'odd-parameters');
    // Nesting past Jackson's 1000 levels is not a definition API Gateway reads.
    const deep = `${'{"not":'.repeat(5000)}{}${'}'.repeat(5000)}`;
    await rejects(
      importDoc(
        `{"openapi":"3.0.1","info":{"title":"deep","version":"1"},"paths":{},"components":{"schemas":{"A":${deep}}}}`,
      ),
      'BadRequestException',
      400,
      'Invalid OpenAPI input.',
    );
  });

  it('turns schemas, request validators and request bodies into models and method settings', async () => {
    const doc = {
      openapi: '3.0.1',
      info: { title: 'validated', version: '1' },
      'x-amazon-apigateway-request-validators': {
        all: { validateRequestBody: true, validateRequestParameters: true },
        'params-only': { validateRequestBody: false, validateRequestParameters: true },
      },
      'x-amazon-apigateway-request-validator': 'params-only',
      paths: {
        '/pets': {
          get: {
            parameters: [{ name: 'limit', in: 'query', required: true, schema: { type: 'integer' } }],
          },
          post: {
            'x-amazon-apigateway-request-validator': 'all',
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } },
            },
          },
        },
      },
      components: {
        schemas: {
          Pet: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' }, owner: { $ref: '#/components/schemas/Owner' } },
          },
          Owner: { type: 'object', properties: { email: { type: 'string' } } },
        },
      },
    };
    const api = await client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)) }));
    const models = await client.send(new GetModelsCommand({ restApiId: api.id }));
    assert.deepEqual(
      models.items?.map((m) => m.name),
      ['Empty', 'Error', 'Owner', 'Pet'],
    );
    const pet = JSON.parse(models.items!.find((m) => m.name === 'Pet')!.schema!);
    assert.equal(
      pet.properties.owner.$ref,
      `https://apigateway.amazonaws.com/restapis/${api.id}/models/Owner`,
    );
    const validators = await client.send(new GetRequestValidatorsCommand({ restApiId: api.id }));
    const byName = Object.fromEntries(validators.items!.map((v) => [v.name, v]));
    assert.deepEqual([byName.all?.validateRequestBody, byName.all?.validateRequestParameters], [true, true]);
    assert.deepEqual(
      [byName['params-only']?.validateRequestBody, byName['params-only']?.validateRequestParameters],
      [false, true],
    );
    const resources = await awsCli(server, ['apigateway', 'get-resources', '--rest-api-id', api.id!]);
    const pets = resources.json.items.find((r: { path: string }) => r.path === '/pets').id;
    const get = await client.send(
      new GetMethodCommand({ restApiId: api.id, resourceId: pets, httpMethod: 'GET' }),
    );
    assert.equal(get.requestValidatorId, byName['params-only']?.id);
    assert.deepEqual(get.requestParameters, { 'method.request.querystring.limit': true });
    const post = await client.send(
      new GetMethodCommand({ restApiId: api.id, resourceId: pets, httpMethod: 'POST' }),
    );
    assert.equal(post.requestValidatorId, byName.all?.id);
    assert.deepEqual(post.requestModels, { 'application/json': 'Pet' });
  });

  it('reads Swagger 2 definitions and body parameters', async () => {
    const doc = {
      swagger: '2.0',
      info: { title: 'swagger', version: '1' },
      consumes: ['application/json'],
      paths: {
        '/things': {
          post: { parameters: [{ in: 'body', name: 'thing', schema: { $ref: '#/definitions/Thing' } }] },
        },
      },
      definitions: { Thing: { type: 'object', properties: { id: { type: 'string' } } } },
    };
    const api = await client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)) }));
    const model = await client.send(new GetModelCommand({ restApiId: api.id, modelName: 'Thing' }));
    assert.equal(model.contentType, 'application/json');
    const resources = await awsCli(server, ['apigateway', 'get-resources', '--rest-api-id', api.id!]);
    const things = resources.json.items.find((r: { path: string }) => r.path === '/things').id;
    const post = await client.send(
      new GetMethodCommand({ restApiId: api.id, resourceId: things, httpMethod: 'POST' }),
    );
    assert.deepEqual(post.requestModels, { 'application/json': 'Thing' });
  });
});
