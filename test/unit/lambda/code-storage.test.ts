// Account code storage over a real SqliteStore: every function version and layer version counts its
// zip, deletions free it, GetAccountSettings reports it, and a change past the quota fails with
// CodeStorageExceededException and changes nothing.
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isServiceError } from '../../../src/server/service-error.js';
import { CODE_USAGE_NS } from '../../../src/services/lambda/code-storage.js';
import { createLambdaService, type LambdaService } from '../../../src/services/lambda/index.js';
import { createLayerHandlers } from '../../../src/services/lambda/layers/index.js';
import { createSettingsHandlers } from '../../../src/services/lambda/settings/index.js';
import type { OperationHandler, RequestContext } from '../../../src/services/service.js';
import { SqliteStore } from '../../../src/storage/sqlite-store.js';
import { stubRuntime } from './runtime-stub.js';
import { bigZip, handlerZip, makeZip } from './zip-fixtures.js';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
const LIMIT = 40_000;
const ctx: RequestContext = {
  requestId: 'r',
  accountId: ACCOUNT,
  region: 'us-east-1',
  principal: { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accessKeyId: 'test', isRoot: true },
  sourceIp: '127.0.0.1',
  userAgent: 'test',
  headers: { host: '127.0.0.1:4566' },
};
const runtime = stubRuntime();

let dataDir: string;
let store: SqliteStore;
let lambda: LambdaService;
let handlers: Record<string, OperationHandler>;

const call = (op: string, input: Record<string, unknown>): Promise<Record<string, any>> =>
  handlers[op]!(ctx, input);

async function usage(): Promise<{ TotalCodeSize: number; FunctionCount: number }> {
  return (await call('GetAccountSettings', {})).AccountUsage;
}

async function exceeds(op: string, input: Record<string, unknown>): Promise<void> {
  await assert.rejects(call(op, input), (e: unknown) => {
    assert.ok(isServiceError(e), String(e));
    assert.equal(e.code, 'CodeStorageExceededException');
    assert.equal(e.status, 400);
    assert.equal(e.message, 'Code storage limit exceeded.');
    assert.deepEqual(e.fields, { Type: 'User' });
    return true;
  });
}

const create = (name: string, zip: Buffer, extra: Record<string, unknown> = {}) =>
  call('CreateFunction', {
    FunctionName: name,
    Runtime: 'nodejs20.x',
    Role: ROLE,
    Handler: 'index.handler',
    Code: { ZipFile: zip },
    ...extra,
  });

before(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cumulo-code-storage-'));
  store = new SqliteStore(path.join(dataDir, 'cumulo.db'));
  lambda = createLambdaService({
    store,
    dataDir,
    accountId: ACCOUNT,
    region: 'us-east-1',
    endpointUrl: 'http://127.0.0.1:4566',
    runtime,
    credentialsForRole: async () => ({ accessKeyId: 'ASIA', secretAccessKey: 's' }),
    codeStorageLimit: LIMIT,
  });
  const deps = { store, accountId: ACCOUNT, region: 'us-east-1', codeStorageLimit: LIMIT };
  handlers = {
    ...lambda.definition.handlers,
    ...createLayerHandlers({ ...deps, dataDir }).handlers,
    ...createSettingsHandlers({ ...deps, functions: lambda.functions, layersDataDir: dataDir }),
  };
});
after(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('account code storage', () => {
  const z1 = handlerZip('exports.handler = async () => 1;');
  const z2 = handlerZip('exports.handler = async (event) => ({ event, two: 2 });');

  it('starts empty and reports the configured limit', async () => {
    const settings = await call('GetAccountSettings', {});
    assert.equal(settings.AccountLimit.TotalCodeSize, LIMIT);
    assert.deepEqual(settings.AccountUsage, { TotalCodeSize: 0, FunctionCount: 0 });
  });

  it('counts $LATEST, replaces it on a code update and adds each published version', async () => {
    const [a, b] = [await z1, await z2];
    await create('f1', a);
    assert.deepEqual(await usage(), { TotalCodeSize: a.length, FunctionCount: 1 });
    await call('UpdateFunctionCode', { FunctionName: 'f1', ZipFile: b });
    assert.deepEqual(await usage(), { TotalCodeSize: b.length, FunctionCount: 1 });
    await call('PublishVersion', { FunctionName: 'f1' });
    assert.deepEqual(await usage(), { TotalCodeSize: 2 * b.length, FunctionCount: 1 });
    // Nothing changed since version 1: no new version, nothing more stored.
    await call('PublishVersion', { FunctionName: 'f1' });
    assert.deepEqual(await usage(), { TotalCodeSize: 2 * b.length, FunctionCount: 1 });
    // A configuration change publishes a version with the same package: it counts again.
    await call('UpdateFunctionConfiguration', { FunctionName: 'f1', Timeout: 10 });
    await call('PublishVersion', { FunctionName: 'f1' });
    assert.deepEqual(await usage(), { TotalCodeSize: 3 * b.length, FunctionCount: 1 });
    await create('f2', a, { Publish: true });
    assert.deepEqual(await usage(), { TotalCodeSize: 3 * b.length + 2 * a.length, FunctionCount: 2 });
    await call('UpdateFunctionCode', { FunctionName: 'f2', ZipFile: b, Publish: true });
    assert.deepEqual(await usage(), { TotalCodeSize: 5 * b.length + a.length, FunctionCount: 2 });
  });

  it('counts layer versions and frees what deletions remove', async () => {
    const [a, b] = [await z1, await z2];
    const before = (await usage()).TotalCodeSize;
    const layer = await makeZip([{ name: 'nodejs/node_modules/x/index.js', content: 'module.exports = 1;' }]);
    await call('PublishLayerVersion', { LayerName: 'lib', Content: { ZipFile: layer } });
    assert.equal((await usage()).TotalCodeSize, before + layer.length);
    await call('DeleteLayerVersion', { LayerName: 'lib', VersionNumber: 1 });
    await call('DeleteLayerVersion', { LayerName: 'lib', VersionNumber: 1 });
    assert.equal((await usage()).TotalCodeSize, before);

    await call('DeleteFunction', { FunctionName: 'f1', Qualifier: '1' });
    assert.equal((await usage()).TotalCodeSize, before - b.length);
    await call('DeleteFunction', { FunctionName: 'f2' });
    assert.deepEqual(await usage(), {
      TotalCodeSize: before - b.length - (2 * b.length + a.length),
      FunctionCount: 1,
    });
    await call('DeleteFunction', { FunctionName: 'f1' });
    assert.deepEqual(await usage(), { TotalCodeSize: 0, FunctionCount: 0 });
  });

  it('refuses each operation that would store more than the limit, changing nothing', async () => {
    const big = await bigZip(LIMIT / 2);
    await create('full', big);
    const full = await usage();
    assert.deepEqual(full, { TotalCodeSize: big.length, FunctionCount: 1 });

    await exceeds('CreateFunction', {
      FunctionName: 'second',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: big },
    });
    await assert.rejects(call('GetFunction', { FunctionName: 'second' }), /Function not found/);
    await exceeds('PublishVersion', { FunctionName: 'full' });
    await exceeds('UpdateFunctionCode', { FunctionName: 'full', ZipFile: await bigZip(LIMIT) });
    // The same size again fits as $LATEST, but not once more as a published version.
    await exceeds('UpdateFunctionCode', {
      FunctionName: 'full',
      ZipFile: await bigZip(LIMIT / 2),
      Publish: true,
    });
    await exceeds('PublishLayerVersion', { LayerName: 'big', Content: { ZipFile: big } });
    assert.deepEqual(await call('ListLayerVersions', { LayerName: 'big' }), { LayerVersions: [] });
    assert.deepEqual(await usage(), full);
    const versions = await call('ListVersionsByFunction', { FunctionName: 'full' });
    assert.deepEqual(
      versions.Versions.map((v: { Version: string }) => v.Version),
      ['$LATEST'],
    );

    // A smaller package fits: the update frees the old one.
    const small = await z1;
    await call('UpdateFunctionCode', { FunctionName: 'full', ZipFile: small });
    assert.deepEqual(await usage(), { TotalCodeSize: small.length, FunctionCount: 1 });
  });

  it('counts what a data directory from before the counter holds, once', async () => {
    const current = await usage();
    await store.write((tx) => tx.delete(CODE_USAGE_NS, ACCOUNT));
    assert.deepEqual(await usage(), current);
    const a = await z1;
    await create('after-upgrade', a);
    assert.deepEqual(await usage(), {
      TotalCodeSize: current.TotalCodeSize + a.length,
      FunctionCount: current.FunctionCount + 1,
    });
    // Reading the function waits for its state transition, which must land before the store closes.
    await call('GetFunction', { FunctionName: 'after-upgrade' });
  });
});
