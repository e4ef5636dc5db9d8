// Layers end to end: the real Lambda client and the AWS CLI against a started Cumulo.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListLayerVersionsCommand,
  ListLayersCommand,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
} from '@aws-sdk/client-lambda';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';
import { awsError, createFunction, httpGet, zipOf } from '../unit/lambda-settings/e2e-helpers.js';

describe('Lambda layers (e2e)', () => {
  let server: CumuloProcess;
  let client: LambdaClient;
  let layerZip: Buffer;
  let layerArn: string;

  before(async () => {
    server = await startCumulo();
    client = new LambdaClient(server.clientConfig);
    layerZip = await zipOf({
      'nodejs/node_modules/greeting/index.js': 'module.exports = (name) => `hello ${name} from a layer`;',
    });
  });
  after(async () => {
    client?.destroy();
    await server?.dispose();
  });

  it('publishes versions 1 and 2 of a layer', async () => {
    const v1 = await client.send(
      new PublishLayerVersionCommand({
        LayerName: 'greeting',
        Description: 'greets',
        Content: { ZipFile: layerZip },
        CompatibleRuntimes: ['nodejs20.x'],
        CompatibleArchitectures: ['x86_64'],
        LicenseInfo: 'MIT',
      }),
    );
    assert.equal(v1.$metadata.httpStatusCode, 201);
    layerArn = v1.LayerArn!;
    assert.equal(layerArn, 'arn:aws:lambda:us-east-1:000000000000:layer:greeting');
    assert.equal(v1.LayerVersionArn, `${layerArn}:1`);
    assert.equal(v1.Version, 1);
    assert.equal(v1.Content?.CodeSha256, createHash('sha256').update(layerZip).digest('base64'));
    assert.equal(v1.Content?.CodeSize, layerZip.length);
    assert.deepEqual(v1.CompatibleRuntimes, ['nodejs20.x']);
    assert.equal(v1.LicenseInfo, 'MIT');
    assert.match(v1.CreatedDate!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const v2 = await client.send(
      new PublishLayerVersionCommand({ LayerName: 'greeting', Content: { ZipFile: layerZip } }),
    );
    assert.equal(v2.Version, 2);
    assert.equal(v2.Description, '');
  });

  it('downloads the zip from Content.Location with a plain GET', async () => {
    const v = await client.send(new GetLayerVersionCommand({ LayerName: 'greeting', VersionNumber: 1 }));
    assert.ok(v.Content?.Location?.startsWith(server.endpoint));
    const res = await httpGet(v.Content!.Location!);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, layerZip);
    const forged = await httpGet(v.Content!.Location!.replace(/Signature=[0-9a-f]{4}/, 'Signature=0000'));
    assert.equal(forged.status, 403);
  });

  it('gets a version by name, layer ARN and version ARN', async () => {
    const byArn = await client.send(new GetLayerVersionCommand({ LayerName: layerArn, VersionNumber: 1 }));
    assert.equal(byArn.Description, 'greets');
    const byVersionArn = await client.send(new GetLayerVersionByArnCommand({ Arn: `${layerArn}:2` }));
    assert.equal(byVersionArn.Version, 2);
  });

  it('answers ResourceNotFoundException for a missing version', async () => {
    const e = await awsError(
      client.send(new GetLayerVersionCommand({ LayerName: 'greeting', VersionNumber: 9 })),
    );
    assert.deepEqual(e, {
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
      status: 404,
      type: 'User',
    });
  });

  it('keeps a resource-based policy per layer version: add, get, remove, with AWS errors', async () => {
    const add = await client.send(
      new AddLayerVersionPermissionCommand({
        LayerName: 'greeting',
        VersionNumber: 1,
        StatementId: 'xaccount',
        Action: 'lambda:GetLayerVersion',
        Principal: '123456789012',
      }),
    );
    assert.deepEqual(JSON.parse(add.Statement!), {
      Sid: 'xaccount',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: 'lambda:GetLayerVersion',
      Resource: `${layerArn}:1`,
    });
    assert.match(add.RevisionId!, /^[0-9a-f-]{36}$/);
    const org = await client.send(
      new AddLayerVersionPermissionCommand({
        LayerName: layerArn,
        VersionNumber: 1,
        StatementId: 'org',
        Action: 'lambda:GetLayerVersion',
        Principal: '*',
        OrganizationId: 'o-abcdefghij',
        RevisionId: add.RevisionId,
      }),
    );
    assert.deepEqual(JSON.parse(org.Statement!).Condition, {
      StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' },
    });
    const policy = await client.send(
      new GetLayerVersionPolicyCommand({ LayerName: 'greeting', VersionNumber: 1 }),
    );
    assert.equal(policy.RevisionId, org.RevisionId);
    const doc = JSON.parse(policy.Policy!);
    assert.equal(doc.Version, '2012-10-17');
    assert.deepEqual(
      doc.Statement.map((s: any) => [s.Sid, s.Principal]),
      [
        ['xaccount', { AWS: 'arn:aws:iam::123456789012:root' }],
        ['org', '*'],
      ],
    );

    const dup = await awsError(
      client.send(
        new AddLayerVersionPermissionCommand({
          LayerName: 'greeting',
          VersionNumber: 1,
          StatementId: 'org',
          Action: 'lambda:GetLayerVersion',
          Principal: '*',
        }),
      ),
    );
    assert.equal(dup.name, 'ResourceConflictException');
    assert.equal(
      dup.message,
      'The statement id (org) provided already exists. Please provide a new statement id, or remove the existing statement.',
    );
    const stale = await awsError(
      client.send(
        new RemoveLayerVersionPermissionCommand({
          LayerName: 'greeting',
          VersionNumber: 1,
          StatementId: 'org',
          RevisionId: add.RevisionId,
        }),
      ),
    );
    assert.equal(stale.name, 'PreconditionFailedException');
    const missingVersion = await awsError(
      client.send(new GetLayerVersionPolicyCommand({ LayerName: 'greeting', VersionNumber: 9 })),
    );
    assert.equal(missingVersion.name, 'ResourceNotFoundException');
    assert.equal(missingVersion.message, `Layer version ${layerArn}:9 does not exist.`);
    const badAction = await awsError(
      client.send(
        new AddLayerVersionPermissionCommand({
          LayerName: 'greeting',
          VersionNumber: 1,
          StatementId: 'bad',
          Action: 'lambda:InvokeFunction',
          Principal: '*',
        }),
      ),
    );
    assert.equal(badAction.name, 'ValidationException');

    await client.send(
      new RemoveLayerVersionPermissionCommand({
        LayerName: 'greeting',
        VersionNumber: 1,
        StatementId: 'org',
      }),
    );
    const unknown = await awsError(
      client.send(
        new RemoveLayerVersionPermissionCommand({
          LayerName: 'greeting',
          VersionNumber: 1,
          StatementId: 'org',
        }),
      ),
    );
    assert.equal(unknown.name, 'ResourceNotFoundException');
    assert.equal(unknown.message, 'Statement org is not found in resource policy.');
    const none = await awsError(
      client.send(new GetLayerVersionPolicyCommand({ LayerName: 'greeting', VersionNumber: 2 })),
    );
    assert.equal(none.name, 'ResourceNotFoundException');
    assert.equal(none.message, 'No policy is associated with the given resource.');
    // What GetLayerVersion answers is unchanged by a policy.
    const v1 = await client.send(new GetLayerVersionCommand({ LayerName: 'greeting', VersionNumber: 1 }));
    assert.equal((v1 as any).Policy, undefined);
  });

  it('lists layers and versions with filters and paging', async () => {
    await client.send(new PublishLayerVersionCommand({ LayerName: 'other', Content: { ZipFile: layerZip } }));
    const all = await client.send(new ListLayersCommand({}));
    assert.deepEqual(
      all.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version]),
      [
        ['greeting', 2],
        ['other', 1],
      ],
    );
    const node = await client.send(new ListLayersCommand({ CompatibleRuntime: 'nodejs20.x' }));
    assert.deepEqual(
      node.Layers?.map((l) => [l.LayerName, l.LatestMatchingVersion?.Version]),
      [['greeting', 1]],
    );
    const page = await client.send(new ListLayerVersionsCommand({ LayerName: 'greeting', MaxItems: 1 }));
    assert.deepEqual(
      page.LayerVersions?.map((v) => v.Version),
      [2],
    );
    const next = await client.send(
      new ListLayerVersionsCommand({ LayerName: 'greeting', MaxItems: 1, Marker: page.NextMarker }),
    );
    assert.deepEqual(
      next.LayerVersions?.map((v) => v.Version),
      [1],
    );
    assert.equal(next.NextMarker, undefined);
    const none = await client.send(new ListLayerVersionsCommand({ LayerName: 'nothing' }));
    assert.deepEqual(none.LayerVersions, []);
  });

  it('rejects MaxItems out of range through the model', async () => {
    const e = await awsError(client.send(new ListLayersCommand({ MaxItems: 51 })));
    assert.equal(e.status, 400);
    assert.match(e.message, /maxItems|MaxItems/);
  });

  it('attaches layers to a function and serves them under /opt', async () => {
    const created = await createFunction(client, 'uses-layer', {
      Layers: [`${layerArn}:1`],
      Code: await zipOf({
        'index.js': "const greet = require('greeting'); exports.handler = async (e) => greet(e.name);",
      }),
    });
    assert.deepEqual(created.Layers, [{ Arn: `${layerArn}:1`, CodeSize: layerZip.length }]);
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'uses-layer' }));
    assert.deepEqual(config.Layers, [{ Arn: `${layerArn}:1`, CodeSize: layerZip.length }]);
    const out = await client.send(
      new InvokeCommand({ FunctionName: 'uses-layer', Payload: Buffer.from('{"name":"ada"}') }),
    );
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    assert.equal(JSON.parse(Buffer.from(out.Payload!).toString()), 'hello ada from a layer');
  });

  it('refuses a missing layer version and more than 5 layers in CreateFunction', async () => {
    const missing = await awsError(createFunction(client, 'bad-layer', { Layers: [`${layerArn}:7`] }));
    assert.deepEqual(missing, {
      name: 'InvalidParameterValueException',
      message: `Layer version ${layerArn}:7 does not exist.`,
      status: 400,
      type: 'User',
    });
    const six = Array.from({ length: 6 }, (_, i) => `arn:aws:lambda:us-east-1:000000000000:layer:l${i}:1`);
    const tooMany = await awsError(createFunction(client, 'bad-layer', { Layers: six }));
    assert.equal(tooMany.name, 'InvalidParameterValueException');
    assert.equal(tooMany.message, 'Cannot reference more than 5 layers.');
  });

  it('deletes a version, idempotently, without reusing its number', async () => {
    const del = await client.send(new DeleteLayerVersionCommand({ LayerName: 'other', VersionNumber: 1 }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    await client.send(new DeleteLayerVersionCommand({ LayerName: 'other', VersionNumber: 1 }));
    const e = await awsError(
      client.send(new GetLayerVersionCommand({ LayerName: 'other', VersionNumber: 1 })),
    );
    assert.equal(e.name, 'ResourceNotFoundException');
    const again = await client.send(
      new PublishLayerVersionCommand({ LayerName: 'other', Content: { ZipFile: layerZip } }),
    );
    assert.equal(again.Version, 2);
  });

  it('works through the AWS CLI', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cumulo-layer-cli-'));
    const file = path.join(dir, 'layer.zip');
    writeFileSync(file, layerZip);
    const published = await awsCli(server, [
      'lambda',
      'publish-layer-version',
      '--layer-name',
      'from-cli',
      '--zip-file',
      `fileb://${file}`,
      '--compatible-runtimes',
      'python3.12',
    ]).finally(() => rmSync(dir, { recursive: true, force: true }));
    assert.equal(published.code, 0, published.stderr);
    assert.equal(published.json.LayerVersionArn, 'arn:aws:lambda:us-east-1:000000000000:layer:from-cli:1');
    const listed = await awsCli(server, ['lambda', 'list-layer-versions', '--layer-name', 'from-cli']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      listed.json.LayerVersions.map((v: any) => v.CompatibleRuntimes),
      [['python3.12']],
    );
    const missing = await awsCli(server, [
      'lambda',
      'get-layer-version',
      '--layer-name',
      'from-cli',
      '--version-number',
      '5',
    ]);
    assert.equal(missing.code, 254);
    assert.match(missing.stderr, /ResourceNotFoundException.*The resource you requested does not exist\./);
  });

  it('keeps layers across a restart', async () => {
    server = await server.restart();
    client.destroy();
    client = new LambdaClient(server.clientConfig);
    const v = await client.send(new GetLayerVersionCommand({ LayerName: 'greeting', VersionNumber: 2 }));
    assert.equal(v.Content?.CodeSize, layerZip.length);
    const res = await httpGet(v.Content!.Location!);
    assert.deepEqual(res.body, layerZip);
    const policy = await awsCli(server, [
      'lambda',
      'get-layer-version-policy',
      '--layer-name',
      'greeting',
      '--version-number',
      '1',
    ]);
    assert.equal(policy.code, 0, policy.stderr);
    assert.deepEqual(
      JSON.parse(policy.json.Policy).Statement.map((s: any) => s.Sid),
      ['xaccount'],
    );
  });
});
