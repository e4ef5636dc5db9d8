// Lambda's functions, versions and aliases through the real @aws-sdk/client-lambda and the aws CLI
// against a started Cumulo: every answer and error is what a user of AWS would see.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const arn = (name: string, q?: string): string =>
  `arn:aws:lambda:us-east-1:000000000000:function:${name}${q === undefined ? '' : `:${q}`}`;

let server: CumuloProcess;
let lambda: LambdaClient;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cumulo-e2e-fn-'));

before(async () => {
  server = await startCumulo();
  lambda = new LambdaClient(server.clientConfig);
});
after(async () => {
  lambda?.destroy();
  await server?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

async function rejects(p: Promise<unknown>, name: string, message: string, status: number): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name);
    assert.equal(e.message, message);
    assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

describe('functions through the SDK', () => {
  it('creates a function that becomes Active, and serves its code at Code.Location', async () => {
    const zip = await handlerZip();
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'sdk-fn',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
        Tags: { app: 'e2e' },
      }),
    );
    assert.equal(created.State, 'Pending');
    assert.equal(created.FunctionArn, arn('sdk-fn'));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: 'sdk-fn' });
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'sdk-fn' }));
    assert.equal(got.Configuration?.State, 'Active');
    assert.equal(got.Configuration?.LastUpdateStatus, 'Successful');
    assert.equal(got.Code?.RepositoryType, 'S3');
    assert.deepEqual(got.Tags, { app: 'e2e' });
    const download = await fetch(got.Code!.Location!);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), zip);
  });

  it('answers errors as AWS does', async () => {
    const base = {
      Runtime: 'nodejs20.x' as const,
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: await handlerZip() },
    };
    await rejects(
      lambda.send(new CreateFunctionCommand({ ...base, FunctionName: 'sdk-fn' })),
      'ResourceConflictException',
      'Function already exist: sdk-fn',
      409,
    );
    await rejects(
      lambda.send(
        new CreateFunctionCommand({
          ...base,
          FunctionName: 'bad-zip',
          Code: { ZipFile: Buffer.from('not a zip') },
        }),
      ),
      'InvalidParameterValueException',
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
      400,
    );
    await rejects(
      lambda.send(new GetFunctionCommand({ FunctionName: 'missing' })),
      'ResourceNotFoundException',
      `Function not found: ${arn('missing')}`,
      404,
    );
    await rejects(
      lambda.send(new GetFunctionCommand({ FunctionName: 'sdk-fn:1', Qualifier: '2' })),
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
      400,
    );
    await rejects(
      lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'sdk-fn', Timeout: 5, RevisionId: 'stale' }),
      ),
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      412,
    );
  });

  it('updates configuration and code, publishes versions and routes aliases', async () => {
    const conf = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'sdk-fn',
        Timeout: 30,
        Environment: { Variables: { STAGE: 'test' } },
      }),
    );
    assert.equal(conf.LastUpdateStatus, 'InProgress');
    await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: 'sdk-fn' });
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'sdk-fn', Description: 'v1' }));
    assert.equal(v1.Version, '1');
    assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName: 'sdk-fn' }))).Version, '1');
    const code = await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'sdk-fn',
        ZipFile: await handlerZip('exports.handler = async () => 2;'),
        Publish: true,
      }),
    );
    assert.equal(code.Version, '2');
    assert.equal(code.FunctionArn, arn('sdk-fn', '2'));
    const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'sdk-fn' }));
    assert.deepEqual(
      versions.Versions?.map((v) => v.Version),
      ['$LATEST', '1', '2'],
    );

    const alias = await lambda.send(
      new CreateAliasCommand({
        FunctionName: 'sdk-fn',
        Name: 'live',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
      }),
    );
    assert.equal(alias.AliasArn, arn('sdk-fn', 'live'));
    assert.deepEqual(alias.RoutingConfig?.AdditionalVersionWeights, { '2': 0.1 });
    await rejects(
      lambda.send(
        new CreateAliasCommand({
          FunctionName: 'sdk-fn',
          Name: 'two',
          FunctionVersion: '1',
          RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } },
        }),
      ),
      'InvalidParameterValueException',
      'Invalid function version 1. Function version 1 is already included in routing configuration.',
      400,
    );
    await rejects(
      lambda.send(new GetAliasCommand({ FunctionName: 'sdk-fn', Name: 'nope' })),
      'ResourceNotFoundException',
      `Cannot find alias arn: ${arn('sdk-fn', 'nope')}`,
      404,
    );
    const moved = await lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'sdk-fn',
        Name: 'live',
        FunctionVersion: '2',
        RoutingConfig: { AdditionalVersionWeights: {} },
      }),
    );
    assert.equal(moved.FunctionVersion, '2');
    const viaAlias = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: arn('sdk-fn', 'live') }),
    );
    assert.equal(viaAlias.Version, '2');
    assert.equal(viaAlias.FunctionArn, arn('sdk-fn', 'live'));
    await rejects(
      lambda.send(new DeleteFunctionCommand({ FunctionName: 'sdk-fn', Qualifier: '2' })),
      'ResourceConflictException',
      'Unable to delete version because the following aliases reference it: [live]',
      409,
    );
    assert.deepEqual(
      (await lambda.send(new ListAliasesCommand({ FunctionName: 'sdk-fn' }))).Aliases?.map((a) => a.Name),
      ['live'],
    );
  });

  it('keeps functions, versions and aliases across a restart', async () => {
    server = await server.restart();
    lambda.destroy();
    lambda = new LambdaClient(server.clientConfig);
    const alias = await lambda.send(new GetAliasCommand({ FunctionName: 'sdk-fn', Name: 'live' }));
    assert.equal(alias.FunctionVersion, '2');
    const conf = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'sdk-fn' }));
    assert.equal(conf.Timeout, 30);
    assert.deepEqual(conf.Environment?.Variables, { STAGE: 'test' });
    const all = await lambda.send(new ListFunctionsCommand({ FunctionVersion: 'ALL' }));
    assert.deepEqual(
      all.Functions?.map((f) => f.FunctionArn),
      [arn('sdk-fn', '$LATEST'), arn('sdk-fn', '1'), arn('sdk-fn', '2')],
    );
  });

  it('deletes aliases, versions and the function', async () => {
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'sdk-fn', Name: 'live' }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'sdk-fn', Qualifier: '1' }));
    await rejects(
      lambda.send(new GetFunctionCommand({ FunctionName: 'sdk-fn', Qualifier: '1' })),
      'ResourceNotFoundException',
      `Function not found: ${arn('sdk-fn', '1')}`,
      404,
    );
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'sdk-fn' }));
    await rejects(
      lambda.send(new GetFunctionCommand({ FunctionName: 'sdk-fn' })),
      'ResourceNotFoundException',
      `Function not found: ${arn('sdk-fn')}`,
      404,
    );
  });
});

describe('functions through the aws CLI', () => {
  it('creates, reads, lists, updates and deletes a function', async () => {
    const zipFile = path.join(tmp, 'fn.zip');
    writeFileSync(zipFile, await handlerZip());
    const created = await awsCli(server, [
      'lambda',
      'create-function',
      '--function-name',
      'cli-fn',
      '--runtime',
      'python3.12',
      '--role',
      ROLE,
      '--handler',
      'app.handler',
      '--zip-file',
      `fileb://${zipFile}`,
      '--timeout',
      '20',
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.json.FunctionName, 'cli-fn');
    assert.equal(created.json.Timeout, 20);
    const waited = await awsCli(server, [
      'lambda',
      'wait',
      'function-active-v2',
      '--function-name',
      'cli-fn',
    ]);
    assert.equal(waited.code, 0, waited.stderr);
    const got = await awsCli(server, ['lambda', 'get-function', '--function-name', 'cli-fn']);
    assert.equal(got.json.Configuration.Runtime, 'python3.12');
    assert.equal(got.json.Configuration.State, 'Active');
    const listed = await awsCli(server, ['lambda', 'list-functions']);
    assert.ok(listed.json.Functions.some((f: any) => f.FunctionName === 'cli-fn'));
    const updated = await awsCli(server, [
      'lambda',
      'update-function-configuration',
      '--function-name',
      'cli-fn',
      '--memory-size',
      '256',
    ]);
    assert.equal(updated.json.MemorySize, 256);
    const missing = await awsCli(server, ['lambda', 'get-function', '--function-name', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.match(
      missing.stderr,
      /ResourceNotFoundException.*Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope/,
    );
    const deleted = await awsCli(server, ['lambda', 'delete-function', '--function-name', 'cli-fn']);
    assert.equal(deleted.code, 0, deleted.stderr);
  });
});
