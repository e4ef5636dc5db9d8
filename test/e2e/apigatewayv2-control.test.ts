// HTTP APIs' control plane through @aws-sdk/client-apigatewayv2 and `aws apigatewayv2`: APIs (quick
// create included), routes and route keys, integrations, stages, deployments, authorizers, errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteApiCommand,
  DeleteRouteCommand,
  GetApiCommand,
  GetApisCommand,
  GetDeploymentsCommand,
  GetIntegrationsCommand,
  GetRouteCommand,
  GetRoutesCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApiCommand,
  UpdateRouteCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';
import { rejects } from './rejects.js';
import { ACCOUNT, fnArn } from '../unit/apigatewayv2/e2e-helpers.js';

let server: CumuloProcess;
let client: ApiGatewayV2Client;

before(async () => {
  server = await startCumulo();
  client = new ApiGatewayV2Client(server.clientConfig);
});
after(async () => {
  client?.destroy();
  await server?.dispose();
});

describe('APIs', () => {
  it('creates, reads, lists, updates and deletes an HTTP API', async () => {
    const created = await client.send(
      new CreateApiCommand({
        Name: 'shop',
        ProtocolType: 'HTTP',
        Description: 'd',
        CorsConfiguration: { AllowOrigins: ['https://example.com'], AllowMethods: ['GET'] },
        Tags: { team: 'a' },
      }),
    );
    assert.match(created.ApiId!, /^[a-z0-9]{10}$/);
    assert.equal(created.Name, 'shop');
    assert.equal(created.ProtocolType, 'HTTP');
    assert.equal(created.RouteSelectionExpression, '${request.method} ${request.path}');
    assert.equal(created.ApiKeySelectionExpression, '$request.header.x-api-key');
    assert.equal(created.ApiEndpoint, `http://${created.ApiId}.execute-api.localhost:${server.port}`);
    assert.ok(created.CreatedDate instanceof Date);
    assert.deepEqual(created.CorsConfiguration, {
      AllowOrigins: ['https://example.com'],
      AllowMethods: ['GET'],
    });
    assert.deepEqual(created.Tags, { team: 'a' });

    const got = await client.send(new GetApiCommand({ ApiId: created.ApiId }));
    assert.equal(got.Name, 'shop');
    const list = await client.send(new GetApisCommand({}));
    assert.ok(list.Items!.some((a) => a.ApiId === created.ApiId));

    const updated = await client.send(new UpdateApiCommand({ ApiId: created.ApiId, Name: 'store' }));
    assert.equal(updated.Name, 'store');
    assert.equal(updated.Description, 'd');

    await client.send(new DeleteApiCommand({ ApiId: created.ApiId }));
    await rejects(
      client.send(new GetApiCommand({ ApiId: created.ApiId })),
      'NotFoundException',
      404,
      `Invalid API identifier specified ${ACCOUNT}:${created.ApiId}`,
    );
  });

  it('quick create makes an integration, a $default route and an auto-deployed $default stage', async () => {
    const api = await client.send(
      new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: fnArn('some-fn') }),
    );
    const routes = await client.send(new GetRoutesCommand({ ApiId: api.ApiId }));
    assert.equal(routes.Items!.length, 1);
    assert.equal(routes.Items![0]!.RouteKey, '$default');
    assert.equal(routes.Items![0]!.ApiGatewayManaged, true);
    const integrations = await client.send(new GetIntegrationsCommand({ ApiId: api.ApiId }));
    assert.equal(integrations.Items![0]!.IntegrationType, 'AWS_PROXY');
    assert.equal(integrations.Items![0]!.PayloadFormatVersion, '2.0');
    assert.equal(integrations.Items![0]!.IntegrationUri, fnArn('some-fn'));
    assert.equal(routes.Items![0]!.Target, `integrations/${integrations.Items![0]!.IntegrationId}`);
    const stage = await client.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }));
    assert.equal(stage.AutoDeploy, true);
    assert.match(stage.DeploymentId!, /^[a-z0-9]{6}$/);
  });

  it('rejects unknown protocol types and missing names', async () => {
    await rejects(
      client.send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET' })),
      'BadRequestException',
      400,
    );
    await rejects(
      client.send(new CreateApiCommand({ Name: undefined as never, ProtocolType: 'HTTP' })),
      'BadRequestException',
      400,
    );
  });
});

describe('routes, integrations, stages, deployments', () => {
  it('manages routes with their keys and rejects invalid ones', async () => {
    const { ApiId } = await client.send(new CreateApiCommand({ Name: 'r', ProtocolType: 'HTTP' }));
    const integration = await client.send(
      new CreateIntegrationCommand({
        ApiId,
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: fnArn('f') + ':live',
        PayloadFormatVersion: '2.0',
        TimeoutInMillis: 5000,
      }),
    );
    assert.equal(integration.TimeoutInMillis, 5000);
    assert.equal(integration.IntegrationMethod, 'POST');
    assert.equal(integration.ConnectionType, 'INTERNET');
    const defaults = await client.send(
      new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: fnArn('f') }),
    );
    assert.equal(defaults.PayloadFormatVersion, '1.0');
    assert.equal(defaults.TimeoutInMillis, 30000);
    await rejects(
      client.send(
        new CreateIntegrationCommand({
          ApiId,
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: fnArn('f'),
          TimeoutInMillis: 40000,
        }),
      ),
      'BadRequestException',
      400,
    );

    for (const key of ['GET /items/{id}', 'ANY /{proxy+}', '$default', 'POST /a/b/c']) {
      const route = await client.send(
        new CreateRouteCommand({ ApiId, RouteKey: key, Target: `integrations/${integration.IntegrationId}` }),
      );
      assert.match(route.RouteId!, /^[a-z0-9]{7}$/);
      assert.equal(route.RouteKey, key);
      assert.equal(route.AuthorizationType, 'NONE');
      assert.equal(route.ApiKeyRequired, false);
    }
    for (const key of ['GET', 'FETCH /x', 'GET items', 'GET /{proxy+}/x', 'GET /a//b', '/x']) {
      await rejects(
        client.send(new CreateRouteCommand({ ApiId, RouteKey: key })),
        'BadRequestException',
        400,
      );
    }
    await rejects(
      client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /items/{id}' })),
      'ConflictException',
      409,
      'Route with key GET /items/{id} already exists for this API',
    );
    await rejects(
      client.send(new CreateRouteCommand({ ApiId, RouteKey: 'DELETE /items/{itemId}/tags' })),
      'ConflictException',
      409,
      'The provided route key "DELETE /items/{itemId}/tags" has a conflicting variable on the same hierarchical level as "GET /items/{id}"',
    );

    const routes = await client.send(new GetRoutesCommand({ ApiId }));
    assert.equal(routes.Items!.length, 4);
    const route = routes.Items!.find((r) => r.RouteKey === 'POST /a/b/c')!;
    const updated = await client.send(
      new UpdateRouteCommand({ ApiId, RouteId: route.RouteId, RouteKey: 'PUT /a' }),
    );
    assert.equal(updated.RouteKey, 'PUT /a');
    await client.send(new DeleteRouteCommand({ ApiId, RouteId: route.RouteId }));
    await rejects(
      client.send(new GetRouteCommand({ ApiId, RouteId: route.RouteId })),
      'NotFoundException',
      404,
      `Invalid Route identifier specified ${route.RouteId}`,
    );
  });

  it('deploys to stages by hand and automatically', async () => {
    const { ApiId } = await client.send(new CreateApiCommand({ Name: 's', ProtocolType: 'HTTP' }));
    const stage = await client.send(
      new CreateStageCommand({
        ApiId,
        StageName: 'prod',
        StageVariables: { color: 'blue' },
        DefaultRouteSettings: { ThrottlingBurstLimit: 5, ThrottlingRateLimit: 10 },
        AccessLogSettings: {
          DestinationArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:access`,
          Format: '$context.requestId',
        },
      }),
    );
    assert.equal(stage.AutoDeploy, false);
    assert.equal(stage.DeploymentId, undefined);
    assert.deepEqual(stage.StageVariables, { color: 'blue' });
    assert.equal(stage.DefaultRouteSettings?.ThrottlingBurstLimit, 5);
    const deployment = await client.send(
      new CreateDeploymentCommand({ ApiId, StageName: 'prod', Description: 'v1' }),
    );
    assert.equal(deployment.DeploymentStatus, 'DEPLOYED');
    assert.equal(deployment.AutoDeployed, false);
    const prod = await client.send(new GetStageCommand({ ApiId, StageName: 'prod' }));
    assert.equal(prod.DeploymentId, deployment.DeploymentId);

    const auto = await client.send(
      new CreateStageCommand({ ApiId, StageName: '$default', AutoDeploy: true }),
    );
    assert.ok(auto.DeploymentId);
    await client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /x' }));
    const after = await client.send(new GetStageCommand({ ApiId, StageName: '$default' }));
    assert.notEqual(after.DeploymentId, auto.DeploymentId);
    const deployments = await client.send(new GetDeploymentsCommand({ ApiId }));
    assert.ok(deployments.Items!.length >= 3);
    assert.ok(deployments.Items!.some((d) => d.AutoDeployed));

    const updated = await client.send(
      new UpdateStageCommand({ ApiId, StageName: 'prod', StageVariables: { color: 'red' } }),
    );
    assert.deepEqual(updated.StageVariables, { color: 'red' });
    const stages = await client.send(new GetStagesCommand({ ApiId }));
    assert.deepEqual(stages.Items!.map((s) => s.StageName).sort(), ['$default', 'prod']);
    await rejects(
      client.send(new CreateStageCommand({ ApiId, StageName: 'prod' })),
      'ConflictException',
      409,
    );
    await rejects(client.send(new GetStageCommand({ ApiId, StageName: 'nope' })), 'NotFoundException', 404);
  });

  it('validates authorizers', async () => {
    const { ApiId } = await client.send(new CreateApiCommand({ Name: 'a', ProtocolType: 'HTTP' }));
    const jwt = await client.send(
      new CreateAuthorizerCommand({
        ApiId,
        Name: 'jwt',
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: 'https://issuer.example', Audience: ['app'] },
      }),
    );
    assert.match(jwt.AuthorizerId!, /^[a-z0-9]{6}$/);
    const lambda = await client.send(
      new CreateAuthorizerCommand({
        ApiId,
        Name: 'lambda',
        AuthorizerType: 'REQUEST',
        AuthorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn('auth')}/invocations`,
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.X-Token'],
        AuthorizerResultTtlInSeconds: 60,
      }),
    );
    assert.equal(lambda.EnableSimpleResponses, true);
    await rejects(
      client.send(
        new CreateAuthorizerCommand({
          ApiId,
          Name: 'bad',
          AuthorizerType: 'REQUEST',
          AuthorizerUri: fnArn('auth'),
          AuthorizerPayloadFormatVersion: '1.0',
          EnableSimpleResponses: true,
          IdentitySource: ['$request.header.X-Token'],
        }),
      ),
      'BadRequestException',
      400,
    );
    const uncached = client.send(
      new CreateAuthorizerCommand({
        ApiId,
        Name: 'no-identity',
        AuthorizerType: 'REQUEST',
        AuthorizerUri: fnArn('auth'),
        AuthorizerPayloadFormatVersion: '2.0',
        IdentitySource: [],
        AuthorizerResultTtlInSeconds: 300,
      }),
    );
    await assert.rejects(uncached, {
      name: 'BadRequestException',
      message: 'Identity source must be set if authorizer caching is enabled (TTL is greater than 0)',
    });
    const route = await client.send(
      new CreateRouteCommand({
        ApiId,
        RouteKey: 'GET /secure',
        AuthorizationType: 'JWT',
        AuthorizerId: jwt.AuthorizerId,
      }),
    );
    assert.equal(route.AuthorizerId, jwt.AuthorizerId);
    await rejects(
      client.send(
        new CreateRouteCommand({
          ApiId,
          RouteKey: 'GET /c',
          AuthorizationType: 'CUSTOM',
          AuthorizerId: 'zzzzzz',
        }),
      ),
      'NotFoundException',
      404,
    );
  });
});

describe('tags', () => {
  it('tags and untags an API and a stage by ARN, as GetApi and GetStage show', async () => {
    const { ApiId } = await client.send(
      new CreateApiCommand({ Name: 'tagged', ProtocolType: 'HTTP', Tags: { team: 'web' } }),
    );
    await client.send(new CreateStageCommand({ ApiId, StageName: 'prod' }));
    const apiArn = `arn:aws:apigateway:us-east-1::/apis/${ApiId}`;
    const stageArn = `${apiArn}/stages/prod`;
    const tagged = await client.send(new TagResourceCommand({ ResourceArn: apiArn, Tags: { env: 'test' } }));
    assert.equal(tagged.$metadata.httpStatusCode, 201);
    assert.deepEqual((await client.send(new GetTagsCommand({ ResourceArn: apiArn }))).Tags, {
      team: 'web',
      env: 'test',
    });
    await client.send(new UntagResourceCommand({ ResourceArn: apiArn, TagKeys: ['team'] }));
    assert.deepEqual((await client.send(new GetApiCommand({ ApiId }))).Tags, { env: 'test' });

    await client.send(new TagResourceCommand({ ResourceArn: stageArn, Tags: { tier: 'gold' } }));
    assert.deepEqual((await client.send(new GetStageCommand({ ApiId, StageName: 'prod' }))).Tags, {
      tier: 'gold',
    });
    assert.deepEqual((await client.send(new GetTagsCommand({ ResourceArn: stageArn }))).Tags, {
      tier: 'gold',
    });

    await rejects(
      client.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/apis/nosuchapi1' })),
      'NotFoundException',
      404,
    );
    await rejects(
      client.send(new GetTagsCommand({ ResourceArn: `${apiArn}/stages/nostage` })),
      'NotFoundException',
      404,
    );
    // A stage name that does not percent-decode names no stage.
    await rejects(
      client.send(new GetTagsCommand({ ResourceArn: `${apiArn}/stages/%ff` })),
      'NotFoundException',
      404,
    );
  });
});

describe('aws apigatewayv2', () => {
  it('creates an API, a route and a stage, and reports errors', async () => {
    const created = await awsCli(server, [
      'apigatewayv2',
      'create-api',
      '--name',
      'cli',
      '--protocol-type',
      'HTTP',
    ]);
    assert.equal(created.code, 0, created.stderr);
    const api = JSON.parse(created.stdout);
    assert.equal(api.Name, 'cli');
    const route = await awsCli(server, [
      'apigatewayv2',
      'create-route',
      '--api-id',
      api.ApiId,
      '--route-key',
      'GET /hello',
    ]);
    assert.equal(route.code, 0, route.stderr);
    assert.equal(JSON.parse(route.stdout).RouteKey, 'GET /hello');
    const stage = await awsCli(server, [
      'apigatewayv2',
      'create-stage',
      '--api-id',
      api.ApiId,
      '--stage-name',
      '$default',
      '--auto-deploy',
    ]);
    assert.equal(stage.code, 0, stage.stderr);
    assert.equal(JSON.parse(stage.stdout).AutoDeploy, true);
    const routes = await awsCli(server, ['apigatewayv2', 'get-routes', '--api-id', api.ApiId]);
    assert.equal(JSON.parse(routes.stdout).Items.length, 1);
    const missing = await awsCli(server, ['apigatewayv2', 'get-api', '--api-id', 'nosuchapi0']);
    assert.notEqual(missing.code, 0);
    assert.match(
      missing.stderr,
      /NotFoundException.*Invalid API identifier specified 000000000000:nosuchapi0/,
    );
    const bad = await awsCli(server, [
      'apigatewayv2',
      'create-route',
      '--api-id',
      api.ApiId,
      '--route-key',
      'BAD',
    ]);
    assert.match(bad.stderr, /BadRequestException/);
  });
});
