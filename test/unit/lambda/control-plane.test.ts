// The control plane's operations called as the server calls them (typed input in, output out),
// over a real SqliteStore in a temp dir and a fake Runtime.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isServiceError } from '../../../src/server/service-error.js';
import { createLambdaService, type LambdaService } from '../../../src/services/lambda/index.js';
import type { RequestContext } from '../../../src/services/service.js';
import { SqliteStore } from '../../../src/storage/sqlite-store.js';
import { stubRuntime } from './runtime-stub.js';
import { handlerZip } from './zip-fixtures.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const ctx: RequestContext = {
  requestId: 'r',
  accountId: ACCOUNT,
  region: 'us-east-1',
  principal: { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accessKeyId: 'test', isRoot: true },
  sourceIp: '127.0.0.1',
  userAgent: 'test',
  headers: {},
};

const retired: Array<[string, string | undefined]> = [];
const runtime = stubRuntime({
  retire: async (arn, keep) => {
    retired.push([arn, keep]);
  },
});

let dataDir: string;
let store: SqliteStore;
let lambda: LambdaService;

function open(): LambdaService {
  store = new SqliteStore(path.join(dataDir, 'cumulo.db'));
  return createLambdaService({
    store,
    dataDir,
    accountId: ACCOUNT,
    region: 'us-east-1',
    endpointUrl: 'http://127.0.0.1:4566',
    runtime,
    credentialsForRole: async () => ({ accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't' }),
  });
}

const call = (op: string, input: Record<string, unknown>): Promise<Record<string, any>> =>
  lambda.definition.handlers[op]!(ctx, input);

async function fails(
  op: string,
  input: Record<string, unknown>,
  code: string,
  message: string,
): Promise<void> {
  await assert.rejects(call(op, input), (e: unknown) => {
    assert.ok(isServiceError(e), String(e));
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    return true;
  });
}

before(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cumulo-lambda-'));
  lambda = open();
});
after(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const arn = (name: string, q?: string): string =>
  `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${q === undefined ? '' : `:${q}`}`;

describe('functions', () => {
  it('creates a function Pending, then reads it Active with a new RevisionId', async () => {
    const created = await call('CreateFunction', {
      FunctionName: 'fn1',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: await handlerZip() },
      Environment: { Variables: { A: '1' } },
      Tags: { team: 'x' },
    });
    assert.equal(created.State, 'Pending');
    assert.equal(created.StateReasonCode, 'Creating');
    assert.equal(created.LastUpdateStatus, undefined);
    assert.equal(created.FunctionArn, arn('fn1'));
    assert.equal(created.Version, '$LATEST');
    assert.equal(created.Timeout, 3);
    assert.equal(created.MemorySize, 128);
    assert.deepEqual(created.Architectures, ['x86_64']);
    assert.match(created.LastModified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

    const got = await call('GetFunction', { FunctionName: 'fn1' });
    assert.equal(got.Configuration.State, 'Active');
    assert.equal(got.Configuration.LastUpdateStatus, 'Successful');
    assert.notEqual(got.Configuration.RevisionId, created.RevisionId);
    assert.equal(got.Code.RepositoryType, 'S3');
    assert.match(
      got.Code.Location,
      /^http:\/\/127\.0\.0\.1:4566\/_cumulo\/lambda\/code\/[0-9a-f]{64}\.zip\?/,
    );
    assert.deepEqual(got.Tags, { team: 'x' });
    assert.deepEqual(got.Configuration.Environment, { Variables: { A: '1' } });
  });

  it('serves the package at Code.Location and refuses a tampered URL', async () => {
    const got = await call('GetFunction', { FunctionName: 'fn1' });
    const url = new URL(got.Code.Location);
    const req = (query: string) => ({
      method: 'GET',
      path: url.pathname,
      rawQuery: query,
      query: [...new URLSearchParams(query)] as Array<[string, string]>,
      headers: {},
      body: Buffer.alloc(0),
      sourceIp: '127.0.0.1',
      protocol: 'HTTP/1.1',
    });
    const route = lambda.definition.rawRoutes![0]!;
    const ok = await route(req(url.search.slice(1)));
    assert.equal(ok?.status, 200);
    assert.deepEqual(ok?.body, await handlerZip());
    // Changes the signature's first character to another one (never to itself).
    const tampered = url.search
      .slice(1)
      .replace(/Signature=(.)/, (_, c: string) => `Signature=${c === 'x' ? 'y' : 'x'}`);
    const bad = await route(req(tampered));
    assert.equal(bad?.status, 403);
    assert.equal(await route({ ...req(''), path: '/2015-03-31/functions' }), undefined);
  });

  it('refuses a second function of the same name', async () => {
    await fails(
      'CreateFunction',
      {
        FunctionName: 'fn1',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: await handlerZip() },
      },
      'ResourceConflictException',
      'Function already exist: fn1',
    );
  });

  it('refuses what AWS refuses at create', async () => {
    const base = {
      Role: ROLE,
      Handler: 'index.handler',
      Runtime: 'nodejs20.x',
      Code: { ZipFile: await handlerZip() },
    };
    await fails(
      'CreateFunction',
      { ...base, FunctionName: 'bad', Code: { ZipFile: Buffer.from('nope') } },
      'InvalidParameterValueException',
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
    await fails(
      'CreateFunction',
      { ...base, FunctionName: 'bad', Handler: undefined },
      'InvalidParameterValueException',
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
    await fails(
      'CreateFunction',
      { ...base, FunctionName: 'bad', Timeout: 901 },
      'ValidationException',
      "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
    );
    await fails(
      'CreateFunction',
      { ...base, FunctionName: 'bad', Runtime: 'nodejs16.x' },
      'InvalidParameterValueException',
      'The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (nodejs20.x) while creating or updating functions.',
    );
    await fails(
      'CreateFunction',
      { ...base, FunctionName: 'bad', Environment: { Variables: { AWS_REGION: 'x' } } },
      'InvalidParameterValueException',
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION',
    );
    await fails(
      'CreateFunction',
      { ...base, FunctionName: 'x'.repeat(65) },
      'InvalidParameterValueException',
      `1 validation error detected: Value '${'x'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
    await fails(
      'GetFunction',
      { FunctionName: 'bad' },
      'ResourceNotFoundException',
      `Function not found: ${arn('bad')}`,
    );
  });

  it('updates the configuration with a RevisionId precondition and retires old environments', async () => {
    const before = await call('GetFunctionConfiguration', { FunctionName: 'fn1' });
    await fails(
      'UpdateFunctionConfiguration',
      { FunctionName: 'fn1', Timeout: 10, RevisionId: 'stale' },
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
    retired.length = 0;
    const updated = await call('UpdateFunctionConfiguration', {
      FunctionName: arn('fn1'),
      Timeout: 10,
      RevisionId: before.RevisionId,
    });
    assert.equal(updated.Timeout, 10);
    assert.equal(updated.LastUpdateStatus, 'InProgress');
    assert.equal(updated.Environment.Variables.A, '1');
    assert.equal(retired.length, 1);
    assert.equal(retired[0]![0], arn('fn1'));
    const after = await call('GetFunctionConfiguration', { FunctionName: `${ACCOUNT}:function:fn1` });
    assert.equal(after.LastUpdateStatus, 'Successful');
  });

  it('publishes versions only when something changed, and checks CodeSha256', async () => {
    const latest = await call('GetFunctionConfiguration', { FunctionName: 'fn1' });
    await fails(
      'PublishVersion',
      { FunctionName: 'fn1', CodeSha256: 'abc' },
      'InvalidParameterValueException',
      `CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
    const v1 = await call('PublishVersion', { FunctionName: 'fn1', Description: 'first' });
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, arn('fn1', '1'));
    assert.equal(v1.Description, 'first');
    const again = await call('PublishVersion', { FunctionName: 'fn1' });
    assert.equal(again.Version, '1');
    assert.equal(again.RevisionId, v1.RevisionId);
    const code = await call('UpdateFunctionCode', {
      FunctionName: 'fn1',
      ZipFile: await handlerZip('exports.handler = async () => 2;'),
      Publish: true,
    });
    assert.equal(code.Version, '2');
    assert.equal(code.FunctionArn, arn('fn1', '2'));
    assert.notEqual(code.CodeSha256, v1.CodeSha256);
    const versions = await call('ListVersionsByFunction', { FunctionName: 'fn1' });
    assert.deepEqual(
      versions.Versions.map((v: any) => v.FunctionArn),
      [arn('fn1', '$LATEST'), arn('fn1', '1'), arn('fn1', '2')],
    );
    assert.equal(versions.Versions[0].State, undefined);
    const page = await call('ListVersionsByFunction', { FunctionName: 'fn1', MaxItems: 2 });
    assert.equal(page.Versions.length, 2);
    const rest = await call('ListVersionsByFunction', { FunctionName: 'fn1', Marker: page.NextMarker });
    assert.deepEqual(
      rest.Versions.map((v: any) => v.Version),
      ['2'],
    );
    assert.equal(rest.NextMarker, undefined);
  });
});

describe('aliases', () => {
  it('creates, routes, updates, lists and deletes aliases', async () => {
    const alias = await call('CreateAlias', {
      FunctionName: 'fn1',
      Name: 'live',
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.25 } },
    });
    assert.equal(alias.AliasArn, arn('fn1', 'live'));
    assert.equal(alias.Description, '');
    assert.deepEqual(alias.RoutingConfig, { AdditionalVersionWeights: { '2': 0.25 } });
    await fails(
      'CreateAlias',
      { FunctionName: 'fn1', Name: 'live', FunctionVersion: '1' },
      'ResourceConflictException',
      `Alias already exists: ${arn('fn1', 'live')}`,
    );
    await fails(
      'CreateAlias',
      { FunctionName: 'fn1', Name: 'x', FunctionVersion: '10' },
      'ResourceNotFoundException',
      `Function not found: ${arn('fn1', '10')}`,
    );
    await fails(
      'GetAlias',
      { FunctionName: 'fn1', Name: 'nope' },
      'ResourceNotFoundException',
      `Cannot find alias arn: ${arn('fn1', 'nope')}`,
    );

    const viaAlias = await call('GetFunction', { FunctionName: 'fn1', Qualifier: 'live' });
    assert.equal(viaAlias.Configuration.FunctionArn, arn('fn1', 'live'));
    assert.equal(viaAlias.Configuration.Version, '1');
    await fails(
      'GetFunction',
      { FunctionName: 'fn1:nope' },
      'ResourceNotFoundException',
      `Function not found: ${arn('fn1', 'nope')}`,
    );

    await fails(
      'DeleteFunction',
      { FunctionName: 'fn1', Qualifier: '2' },
      'ResourceConflictException',
      'Unable to delete version because the following aliases reference it: [live]',
    );
    await fails(
      'UpdateAlias',
      { FunctionName: 'fn1', Name: 'live', RevisionId: 'stale' },
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
    const updated = await call('UpdateAlias', {
      FunctionName: 'fn1',
      Name: 'live',
      FunctionVersion: '2',
      RoutingConfig: { AdditionalVersionWeights: {} },
      RevisionId: alias.RevisionId,
    });
    assert.equal(updated.FunctionVersion, '2');
    assert.equal(updated.RoutingConfig, undefined);
    assert.notEqual(updated.RevisionId, alias.RevisionId);

    await call('CreateAlias', { FunctionName: 'fn1', Name: 'old', FunctionVersion: '1' });
    const listed = await call('ListAliases', { FunctionName: 'fn1', FunctionVersion: '1' });
    assert.deepEqual(
      listed.Aliases.map((a: any) => a.Name),
      ['old'],
    );
    await call('DeleteAlias', { FunctionName: 'fn1', Name: 'old' });
    await call('DeleteAlias', { FunctionName: 'fn1', Name: 'old' });
    assert.deepEqual(
      (await call('ListAliases', { FunctionName: 'fn1' })).Aliases.map((a: any) => a.Name),
      ['live'],
    );
  });

  it('resolves invoke targets by name, version and alias', async () => {
    const latest = await lambda.resolver.resolve('fn1', undefined, ACCOUNT);
    assert.equal(latest.executedVersion, '$LATEST');
    assert.equal(latest.invokedArn, arn('fn1'));
    assert.equal(latest.state, 'Active');
    assert.equal(latest.spec.handler, 'index.handler');
    assert.equal(latest.spec.timeout, 10);
    assert.deepEqual(latest.spec.environment, { A: '1' });
    assert.equal(latest.spec.logGroupName, '/aws/lambda/fn1');
    const viaAlias = await lambda.resolver.resolve(arn('fn1', 'live'), undefined, ACCOUNT);
    assert.equal(viaAlias.executedVersion, '2');
    assert.equal(viaAlias.alias, 'live');
    assert.equal(viaAlias.invokedArn, arn('fn1', 'live'));
    const v1 = await lambda.resolver.resolve('fn1', '1', ACCOUNT);
    assert.equal(v1.executedVersion, '1');
    assert.notEqual(v1.spec.configKey, latest.spec.configKey);
    await assert.rejects(
      lambda.resolver.resolve('fn1', '9', ACCOUNT),
      (e: unknown) => isServiceError(e) && e.status === 404,
    );
    const info = await lambda.functions.get(ACCOUNT, 'fn1');
    assert.deepEqual(info?.qualifiers, ['$LATEST', '1', '2', 'live']);
    assert.equal(await lambda.functions.get(ACCOUNT, 'nope'), undefined);
  });

  it('keeps everything across a restart', async () => {
    await store.close();
    lambda = open();
    const got = await call('GetFunction', { FunctionName: 'fn1', Qualifier: 'live' });
    assert.equal(got.Configuration.Version, '2');
    const listed = await call('ListFunctions', {});
    assert.deepEqual(
      listed.Functions.map((f: any) => f.FunctionName),
      ['fn1'],
    );
    const all = await call('ListFunctions', { FunctionVersion: 'ALL' });
    assert.equal(all.Functions.length, 3);
  });

  it('deletes a version, refuses $LATEST, then deletes the whole function', async () => {
    await fails(
      'DeleteFunction',
      { FunctionName: 'fn1', Qualifier: '$LATEST' },
      'InvalidParameterValueException',
      '$LATEST version cannot be deleted without deleting the function.',
    );
    await call('DeleteFunction', { FunctionName: 'fn1', Qualifier: '1' });
    await fails(
      'GetFunction',
      { FunctionName: 'fn1', Qualifier: '1' },
      'ResourceNotFoundException',
      `Function not found: ${arn('fn1', '1')}`,
    );
    await call('DeleteFunction', { FunctionName: 'fn1' });
    await fails(
      'GetFunction',
      { FunctionName: 'fn1' },
      'ResourceNotFoundException',
      `Function not found: ${arn('fn1')}`,
    );
    await fails(
      'DeleteFunction',
      { FunctionName: 'fn1' },
      'ResourceNotFoundException',
      `Function not found: ${arn('fn1')}`,
    );
    assert.deepEqual((await call('ListFunctions', {})).Functions, []);
  });
});
