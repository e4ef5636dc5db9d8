// REST API control plane through the real @aws-sdk/client-api-gateway and `aws apigateway`: APIs,
// resources, methods, integrations, deployments, stages, authorizers, API keys, usage plans, OpenAPI
// import, and the errors AWS answers (texts as recorded against AWS in LocalStack's validated snapshots).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  DeleteAuthorizerCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  GetApiKeysCommand,
  GetAuthorizersCommand,
  GetDeploymentsCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  GetUsagePlansCommand,
  ImportRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  PutRestApiCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateResourceCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { awsCli, type CumuloProcess } from './harness.js';
import { rejects } from './sdk-errors.js';
import { serverSuite } from './server-suite.js';

let server: CumuloProcess;
let client: APIGatewayClient;
const LAMBDA_URI =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:fn/invocations';

serverSuite(
  (s) => ({ client: new APIGatewayClient(s.clientConfig) }),
  (suite) => ({ server, client } = suite),
);

describe('REST APIs', () => {
  it('creates an API with AWS defaults, a 10-character id and a root resource', async () => {
    const api = await client.send(new CreateRestApiCommand({ name: 'pets', description: 'pet store' }));
    assert.match(api.id!, /^[a-z0-9]{10}$/);
    assert.equal(api.$metadata.httpStatusCode, 201);
    assert.equal(api.apiKeySource, 'HEADER');
    assert.deepEqual(api.endpointConfiguration?.types, ['EDGE']);
    assert.equal(api.disableExecuteApiEndpoint, false);
    assert.ok(api.createdDate instanceof Date);
    const resources = await client.send(new GetResourcesCommand({ restApiId: api.id }));
    assert.deepEqual(resources.items, [{ id: api.rootResourceId, path: '/' }]);
    const listed = await client.send(new GetRestApisCommand({}));
    assert.ok(listed.items?.some((a) => a.id === api.id && a.name === 'pets'));
  });

  it('updates with patch operations and refuses bad input as AWS does', async () => {
    const api = await client.send(new CreateRestApiCommand({ name: 'patchme' }));
    const updated = await client.send(
      new UpdateRestApiCommand({
        restApiId: api.id,
        patchOperations: [
          { op: 'replace', path: '/name', value: 'patched' },
          { op: 'add', path: '/binaryMediaTypes/image~1png', value: '' },
        ],
      }),
    );
    assert.equal(updated.name, 'patched');
    assert.deepEqual(updated.binaryMediaTypes, ['image/png']);
    await rejects(
      client.send(new CreateRestApiCommand({ name: 'x', description: '' })),
      'BadRequestException',
      400,
      'Description cannot be an empty string',
    );
    await rejects(
      client.send(new GetRestApiCommand({ restApiId: 'nope123456' })),
      'NotFoundException',
      404,
      'Invalid API identifier specified 000000000000:nope123456',
    );
    await client.send(new DeleteRestApiCommand({ restApiId: api.id }));
    await rejects(
      client.send(new GetRestApiCommand({ restApiId: api.id })),
      'NotFoundException',
      404,
      /Invalid API identifier/,
    );
  });
});

describe('resources, methods and integrations', () => {
  let apiId: string;
  let rootId: string;

  before(async () => {
    const api = await client.send(new CreateRestApiCommand({ name: 'tree' }));
    apiId = api.id!;
    rootId = api.rootResourceId!;
  });

  it('creates literal, {param} and {proxy+} resources with their paths', async () => {
    const pets = await client.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'pets' }),
    );
    assert.match(pets.id!, /^[a-z0-9]{6}$/);
    assert.equal(pets.path, '/pets');
    const pet = await client.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: pets.id, pathPart: '{petId}' }),
    );
    assert.equal(pet.path, '/pets/{petId}');
    const proxy = await client.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: '{proxy+}' }),
    );
    assert.equal(proxy.path, '/{proxy+}');
    await rejects(
      client.send(new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'pets' })),
      'ConflictException',
      409,
      'Another resource with the same parent already has this name: pets',
    );
    await rejects(
      client.send(new CreateResourceCommand({ restApiId: apiId, parentId: pets.id, pathPart: '{other}' })),
      'BadRequestException',
      400,
      'A sibling ({petId}) of this resource already has a variable path part -- only one is allowed',
    );
    await rejects(
      client.send(new CreateResourceCommand({ restApiId: apiId, parentId: proxy.id, pathPart: 'x' })),
      'BadRequestException',
      400,
      'Cannot create a child of a resource with a greedy path variable: {proxy+}',
    );
    await rejects(
      client.send(new CreateResourceCommand({ restApiId: apiId, parentId: 'nothere', pathPart: 'x' })),
      'NotFoundException',
      404,
      'Invalid Resource identifier specified',
    );
    const renamed = await client.send(
      new UpdateResourceCommand({
        restApiId: apiId,
        resourceId: pets.id,
        patchOperations: [{ op: 'replace', path: '/pathPart', value: 'dogs' }],
      }),
    );
    assert.equal(renamed.path, '/dogs');
    const all = await client.send(new GetResourcesCommand({ restApiId: apiId }));
    assert.deepEqual(
      all.items?.map((r) => r.path),
      ['/', '/dogs', '/dogs/{petId}', '/{proxy+}'],
    );
    await client.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: pets.id }));
    const after = await client.send(new GetResourcesCommand({ restApiId: apiId }));
    assert.deepEqual(
      after.items?.map((r) => r.path),
      ['/', '/{proxy+}'],
    );
  });

  it('puts methods and integrations and reads them back, embedded too', async () => {
    const res = await client.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'items' }),
    );
    const method = await client.send(
      new PutMethodCommand({
        restApiId: apiId,
        resourceId: res.id,
        httpMethod: 'GET',
        authorizationType: 'NONE',
        apiKeyRequired: true,
        requestParameters: { 'method.request.querystring.q': false },
      }),
    );
    assert.equal(method.$metadata.httpStatusCode, 201);
    assert.deepEqual(
      {
        httpMethod: method.httpMethod,
        authorizationType: method.authorizationType,
        apiKeyRequired: method.apiKeyRequired,
      },
      { httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: true },
    );
    await rejects(
      client.send(
        new PutMethodCommand({
          restApiId: apiId,
          resourceId: res.id,
          httpMethod: 'FETCH',
          authorizationType: 'NONE',
        }),
      ),
      'BadRequestException',
      400,
      'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY',
    );
    await rejects(
      client.send(
        new PutMethodCommand({
          restApiId: apiId,
          resourceId: res.id,
          httpMethod: 'POST',
          authorizationType: 'CUSTOM',
        }),
      ),
      'BadRequestException',
      400,
      'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
    );
    await rejects(
      client.send(new GetIntegrationCommand({ restApiId: apiId, resourceId: res.id, httpMethod: 'GET' })),
      'NotFoundException',
      404,
      'Invalid Integration identifier specified',
    );
    const integration = await client.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: res.id,
        httpMethod: 'GET',
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: LAMBDA_URI,
      }),
    );
    assert.equal(integration.passthroughBehavior, 'WHEN_NO_MATCH');
    assert.equal(integration.timeoutInMillis, 29000);
    assert.equal(integration.cacheNamespace, res.id);
    assert.deepEqual(integration.cacheKeyParameters, []);
    await client.send(
      new PutMethodResponseCommand({
        restApiId: apiId,
        resourceId: res.id,
        httpMethod: 'GET',
        statusCode: '200',
      }),
    );
    const got = await client.send(
      new GetMethodCommand({ restApiId: apiId, resourceId: res.id, httpMethod: 'GET' }),
    );
    assert.equal(got.methodIntegration?.uri, LAMBDA_URI);
    assert.deepEqual(Object.keys(got.methodResponses ?? {}), ['200']);
    const embedded = await client.send(new GetResourcesCommand({ restApiId: apiId, embed: ['methods'] }));
    const items = embedded.items?.find((r) => r.path === '/items');
    assert.equal(items?.resourceMethods?.GET?.methodIntegration?.type, 'AWS_PROXY');
    await rejects(
      client.send(new GetMethodCommand({ restApiId: apiId, resourceId: res.id, httpMethod: 'DELETE' })),
      'NotFoundException',
      404,
      'Invalid Method identifier specified',
    );
  });

  it('deploys to stages with variables and updates them with patch operations', async () => {
    const empty = await client.send(new CreateRestApiCommand({ name: 'empty' }));
    await rejects(
      client.send(new CreateDeploymentCommand({ restApiId: empty.id, stageName: 'dev' })),
      'BadRequestException',
      400,
      "The REST API doesn't contain any methods",
    );
    const deployment = await client.send(
      new CreateDeploymentCommand({ restApiId: apiId, stageName: 'dev', variables: { env: 'dev' } }),
    );
    assert.match(deployment.id!, /^[a-z0-9]{6}$/);
    const stage = await client.send(new GetStageCommand({ restApiId: apiId, stageName: 'dev' }));
    assert.equal(stage.deploymentId, deployment.id);
    assert.deepEqual(stage.variables, { env: 'dev' });
    assert.equal(stage.cacheClusterStatus, 'NOT_AVAILABLE');
    await client.send(
      new CreateStageCommand({ restApiId: apiId, stageName: 'prod', deploymentId: deployment.id }),
    );
    await rejects(
      client.send(
        new CreateStageCommand({ restApiId: apiId, stageName: 'prod', deploymentId: deployment.id }),
      ),
      'ConflictException',
      409,
      'Stage already exists',
    );
    const updated = await client.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/variables/color', value: 'blue' },
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '5' },
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: '2' },
        ],
      }),
    );
    assert.deepEqual(updated.variables, { color: 'blue' });
    assert.deepEqual(updated.methodSettings?.['*/*'], { throttlingRateLimit: 5, throttlingBurstLimit: 2 });
    const stages = await client.send(new GetStagesCommand({ restApiId: apiId }));
    assert.deepEqual(
      stages.item?.map((s) => s.stageName),
      ['dev', 'prod'],
    );
    const deployments = await client.send(new GetDeploymentsCommand({ restApiId: apiId }));
    assert.deepEqual(
      deployments.items?.map((d) => d.id),
      [deployment.id],
    );
    await rejects(
      client.send(new GetStageCommand({ restApiId: apiId, stageName: 'nope' })),
      'NotFoundException',
      404,
      'Invalid stage identifier specified',
    );
  });

  it('creates TOKEN and REQUEST authorizers with AWS defaults', async () => {
    const token = await client.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: 'tok',
        type: 'TOKEN',
        authorizerUri: LAMBDA_URI,
        identitySource: 'method.request.header.Authorization',
      }),
    );
    assert.match(token.id!, /^[a-z0-9]{6}$/);
    assert.equal(token.authorizerResultTtlInSeconds, 300);
    await client.send(
      new CreateAuthorizerCommand({
        restApiId: apiId,
        name: 'req',
        type: 'REQUEST',
        authorizerUri: LAMBDA_URI,
        identitySource: 'method.request.header.X-User, method.request.querystring.token',
        authorizerResultTtlInSeconds: 0,
      }),
    );
    const list = await client.send(new GetAuthorizersCommand({ restApiId: apiId }));
    assert.deepEqual(list.items?.map((a) => a.name).sort(), ['req', 'tok']);

    // An authorizer a method uses stays, with the text users recorded from AWS.
    const guarded = await client.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: rootId, pathPart: 'guarded' }),
    );
    await client.send(
      new PutMethodCommand({
        restApiId: apiId,
        resourceId: guarded.id,
        httpMethod: 'GET',
        authorizationType: 'CUSTOM',
        authorizerId: token.id,
      }),
    );
    await rejects(
      client.send(new DeleteAuthorizerCommand({ restApiId: apiId, authorizerId: token.id })),
      'ConflictException',
      409,
      "Cannot delete authorizer 'tok', is referenced in method: GET//guarded",
    );
    await client.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: guarded.id }));
  });

  it('creates API keys and usage plans and links them', async () => {
    const key = await client.send(new CreateApiKeyCommand({ name: 'k1', enabled: true }));
    assert.match(key.id!, /^[a-z0-9]{10}$/);
    assert.equal(key.value!.length, 40);
    await rejects(
      client.send(new CreateApiKeyCommand({ name: 'short', value: 'tooshort' })),
      'BadRequestException',
      400,
      'API Key value should be at least 20 characters',
    );
    // AWS sends its message template unformatted here, as users recorded it.
    await rejects(
      client.send(new CreateUsagePlanCommand({ name: 'bad', apiStages: [{ apiId, stage: 'nostage' }] })),
      'BadRequestException',
      400,
      'Invalid API Stage {api: %s, stage: %s} specified for usageplan %s',
    );
    const plan = await client.send(
      new CreateUsagePlanCommand({
        name: 'basic',
        apiStages: [{ apiId, stage: 'dev' }],
        throttle: { rateLimit: 10, burstLimit: 5 },
        quota: { limit: 100, period: 'DAY' },
      }),
    );
    const planKey = await client.send(
      new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }),
    );
    assert.deepEqual(
      { id: planKey.id, type: planKey.type, value: planKey.value },
      { id: key.id, type: 'API_KEY', value: key.value },
    );
    const plans = await client.send(new GetUsagePlansCommand({ keyId: key.id }));
    assert.deepEqual(
      plans.items?.map((p) => p.id),
      [plan.id],
    );
    assert.deepEqual(plans.items?.[0]?.quota, { limit: 100, period: 'DAY' });
    const keys = await client.send(new GetApiKeysCommand({ includeValues: true }));
    assert.equal(keys.items?.find((k) => k.id === key.id)?.value, key.value);
    const hidden = await client.send(new GetApiKeysCommand({}));
    assert.equal(hidden.items?.find((k) => k.id === key.id)?.value, undefined);
  });
});

const OPENAPI = {
  openapi: '3.0.1',
  info: { title: 'imported', version: '1.0' },
  'x-amazon-apigateway-api-key-source': 'HEADER',
  components: {
    securitySchemes: {
      api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
      tokenAuth: {
        type: 'apiKey',
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'custom',
        'x-amazon-apigateway-authorizer': {
          type: 'token',
          authorizerUri: LAMBDA_URI,
          authorizerResultTtlInSeconds: 60,
        },
      },
    },
  },
  paths: {
    '/pets/{petId}': {
      get: {
        parameters: [{ name: 'petId', in: 'path', required: true }],
        security: [{ tokenAuth: [] }, { api_key: [] }],
        responses: { '200': { description: 'ok' } },
        'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: LAMBDA_URI },
      },
    },
    '/health': {
      get: {
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
};

describe('tags', () => {
  it('tags and untags REST APIs, stages, API keys and usage plans by ARN', async () => {
    const api = await client.send(new CreateRestApiCommand({ name: 'tagged', tags: { team: 'web' } }));
    const arn = `arn:aws:apigateway:us-east-1::/restapis/${api.id}`;
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'test' } }));
    assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn: arn }))).tags, {
      team: 'web',
      env: 'test',
    });
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    assert.deepEqual((await client.send(new GetRestApiCommand({ restApiId: api.id }))).tags, { env: 'test' });

    // A deployment needs a method.
    const root = (await client.send(new GetResourcesCommand({ restApiId: api.id }))).items![0]!.id!;
    const method = { restApiId: api.id, resourceId: root, httpMethod: 'GET' };
    await client.send(new PutMethodCommand({ ...method, authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({ ...method, type: 'MOCK' }));
    await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    await client.send(new TagResourceCommand({ resourceArn: `${arn}/stages/prod`, tags: { tier: 'gold' } }));
    assert.deepEqual(
      (await client.send(new GetStageCommand({ restApiId: api.id, stageName: 'prod' }))).tags,
      {
        tier: 'gold',
      },
    );

    const key = await client.send(new CreateApiKeyCommand({ name: 'tagged-key' }));
    const keyArn = `arn:aws:apigateway:us-east-1::/apikeys/${key.id}`;
    await client.send(new TagResourceCommand({ resourceArn: keyArn, tags: { owner: 'me' } }));
    assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn: keyArn }))).tags, { owner: 'me' });
    const plan = await client.send(new CreateUsagePlanCommand({ name: 'tagged-plan' }));
    const planArn = `arn:aws:apigateway:us-east-1::/usageplans/${plan.id}`;
    await client.send(new TagResourceCommand({ resourceArn: planArn, tags: { cost: 'low' } }));
    assert.deepEqual((await client.send(new GetTagsCommand({ resourceArn: planArn }))).tags, { cost: 'low' });

    await rejects(
      client.send(new GetTagsCommand({ resourceArn: `${arn}/stages/nostage` })),
      'NotFoundException',
      404,
      'Invalid stage identifier specified',
    );
    await rejects(
      client.send(new GetTagsCommand({ resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/nosuchapi1' })),
      'NotFoundException',
      404,
      /Invalid API identifier specified/,
    );
  });
});

describe('OpenAPI import', () => {
  it('imports resources, methods, integrations and authorizers through the SDK', async () => {
    const api = await client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(OPENAPI)) }));
    assert.equal(api.name, 'imported');
    const resources = await client.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }));
    assert.deepEqual(
      resources.items?.map((r) => r.path),
      ['/', '/health', '/pets', '/pets/{petId}'],
    );
    const get = resources.items?.find((r) => r.path === '/pets/{petId}')?.resourceMethods?.GET;
    assert.equal(get?.authorizationType, 'CUSTOM');
    assert.equal(get?.apiKeyRequired, true);
    assert.deepEqual(get?.requestParameters, { 'method.request.path.petId': true });
    assert.equal(get?.methodIntegration?.type, 'AWS_PROXY');
    const authorizers = await client.send(new GetAuthorizersCommand({ restApiId: api.id }));
    assert.deepEqual(
      authorizers.items?.map((a) => [a.name, a.type, a.identitySource, a.authorizerResultTtlInSeconds]),
      [['tokenAuth', 'TOKEN', 'method.request.header.Authorization', 60]],
    );
    const health = resources.items?.find((r) => r.path === '/health')?.resourceMethods?.GET;
    assert.equal(
      health?.methodIntegration?.integrationResponses?.['200']?.responseTemplates?.['application/json'],
      '{"ok":true}',
    );
    const replaced = await client.send(
      new PutRestApiCommand({
        restApiId: api.id,
        mode: 'overwrite',
        body: Buffer.from(JSON.stringify({ ...OPENAPI, paths: { '/only': OPENAPI.paths['/health'] } })),
      }),
    );
    assert.equal(replaced.id, api.id);
    const after = await client.send(new GetResourcesCommand({ restApiId: api.id }));
    assert.deepEqual(
      after.items?.map((r) => r.path),
      ['/', '/only'],
    );
  });

  it('answers malformed definitions with BadRequestException "Invalid OpenAPI input."', async () => {
    await rejects(
      client.send(new ImportRestApiCommand({ body: Buffer.from('{"openapi": "3.0.1", "paths": ') })),
      'BadRequestException',
      400,
      'Invalid OpenAPI input.',
    );
    await rejects(
      client.send(new ImportRestApiCommand({ body: Buffer.from('{"hello": "world"}') })),
      'BadRequestException',
      400,
      'Invalid OpenAPI input.',
    );
  });

  it('imports with aws apigateway import-rest-api --body fileb://', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'apigw-import-'));
    const file = path.join(dir, 'api.json');
    writeFileSync(file, JSON.stringify(OPENAPI));
    const out = await awsCli(server, ['apigateway', 'import-rest-api', '--body', `fileb://${file}`]).finally(
      () => rmSync(dir, { recursive: true, force: true }),
    );
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.json.name, 'imported');
    const resources = await awsCli(server, ['apigateway', 'get-resources', '--rest-api-id', out.json.id]);
    assert.equal(resources.code, 0, resources.stderr);
    assert.deepEqual(
      resources.json.items.map((r: { path: string }) => r.path),
      ['/', '/health', '/pets', '/pets/{petId}'],
    );
    const missing = await awsCli(server, ['apigateway', 'get-rest-api', '--rest-api-id', 'abcdefghij']);
    assert.notEqual(missing.code, 0);
    assert.match(
      missing.stderr,
      /NotFoundException.*Invalid API identifier specified 000000000000:abcdefghij/,
    );
  });
});
