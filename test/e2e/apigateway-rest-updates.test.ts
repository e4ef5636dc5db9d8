// The REST API updates tools make after creating things (Terraform modifies integration and method
// responses and deployments in place, and manages the account's settings with aws_api_gateway_account),
// through @aws-sdk/client-api-gateway and the aws CLI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetAccountCommand,
  GetIntegrationResponseCommand,
  GetMethodResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateAccountCommand,
  UpdateDeploymentCommand,
  UpdateIntegrationResponseCommand,
  UpdateMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { awsCli, type CumuloProcess } from './harness.js';
import { rejects } from './sdk-errors.js';
import { serverSuite } from './server-suite.js';

let server: CumuloProcess;
let client: APIGatewayClient;
serverSuite(
  (s) => ({ client: new APIGatewayClient(s.clientConfig) }),
  (suite) => ({ server, client } = suite),
);

async function mockMethod() {
  const api = await client.send(new CreateRestApiCommand({ name: 'updates' }));
  const address = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET' };
  await client.send(new PutMethodCommand({ ...address, authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ ...address, type: 'MOCK' }));
  return address;
}

describe('REST API updates', () => {
  it('updates an integration response: selection pattern, templates and parameters', async () => {
    const address = await mockMethod();
    await client.send(
      new PutIntegrationResponseCommand({
        ...address,
        statusCode: '200',
        responseTemplates: { 'application/json': '{"v":1}' },
      }),
    );
    const updated = await client.send(
      new UpdateIntegrationResponseCommand({
        ...address,
        statusCode: '200',
        patchOperations: [
          { op: 'replace', path: '/selectionPattern', value: '2\\d{2}' },
          { op: 'replace', path: '/responseTemplates/application~1json', value: '{"v":2}' },
          { op: 'add', path: '/responseParameters/method.response.header.X-Kind', value: "'mock'" },
        ],
      }),
    );
    assert.equal(updated.selectionPattern, '2\\d{2}');
    assert.deepEqual(updated.responseTemplates, { 'application/json': '{"v":2}' });
    assert.deepEqual(updated.responseParameters, { 'method.response.header.X-Kind': "'mock'" });
    const got = await client.send(new GetIntegrationResponseCommand({ ...address, statusCode: '200' }));
    assert.deepEqual(got.responseTemplates, updated.responseTemplates);
    await rejects(
      client.send(
        new UpdateIntegrationResponseCommand({ ...address, statusCode: '500', patchOperations: [] }),
      ),
      'NotFoundException',
      404,
    );
  });

  it('updates a method response: parameters and models', async () => {
    const address = await mockMethod();
    await client.send(new PutMethodResponseCommand({ ...address, statusCode: '200' }));
    const updated = await client.send(
      new UpdateMethodResponseCommand({
        ...address,
        statusCode: '200',
        patchOperations: [
          { op: 'add', path: '/responseParameters/method.response.header.X-Kind', value: 'true' },
          { op: 'add', path: '/responseModels/application~1json', value: 'Empty' },
        ],
      }),
    );
    assert.deepEqual(updated.responseParameters, { 'method.response.header.X-Kind': true });
    assert.deepEqual(updated.responseModels, { 'application/json': 'Empty' });
    const removed = await client.send(
      new UpdateMethodResponseCommand({
        ...address,
        statusCode: '200',
        patchOperations: [{ op: 'remove', path: '/responseModels/application~1json' }],
      }),
    );
    assert.deepEqual(removed.responseModels ?? {}, {});
    const got = await client.send(new GetMethodResponseCommand({ ...address, statusCode: '200' }));
    assert.deepEqual(got.responseParameters, { 'method.response.header.X-Kind': true });
  });

  it("updates a deployment's description", async () => {
    const address = await mockMethod();
    const deployment = await client.send(
      new CreateDeploymentCommand({ restApiId: address.restApiId, stageName: 'dev', description: 'first' }),
    );
    const updated = await client.send(
      new UpdateDeploymentCommand({
        restApiId: address.restApiId,
        deploymentId: deployment.id,
        patchOperations: [{ op: 'replace', path: '/description', value: 'renamed' }],
      }),
    );
    assert.equal(updated.description, 'renamed');
    assert.equal(updated.id, deployment.id);
  });

  it("reads and sets the account's CloudWatch role, also through the CLI", async () => {
    const account = await client.send(new GetAccountCommand({}));
    assert.equal(account.cloudwatchRoleArn, undefined);
    assert.deepEqual(account.throttleSettings, { burstLimit: 5000, rateLimit: 10000 });
    assert.deepEqual(account.features, ['UsagePlans']);
    const role = 'arn:aws:iam::000000000000:role/apigateway-logs';
    const updated = await client.send(
      new UpdateAccountCommand({
        patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: role }],
      }),
    );
    assert.equal(updated.cloudwatchRoleArn, role);
    const cli = await awsCli(server, ['apigateway', 'get-account']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.json.cloudwatchRoleArn, role);
  });
});
