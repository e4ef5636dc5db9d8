// Lambda's account limits through @aws-sdk/client-lambda and the aws CLI against a started Cumulo:
// code storage (a small --code-storage-limit stands in for AWS's 75 GB), tag limits, and a deleted
// version's execution environments stopping.
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteLayerVersionCommand,
  GetAccountSettingsCommand,
  InvokeCommand,
  LambdaClient,
  ListTagsCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { bigZip, handlerZip, makeZip } from '../unit/lambda/zip-fixtures.js';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const LIMIT = 60_000;
const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

let server: CumuloProcess;
let lambda: LambdaClient;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cumulo-e2e-limits-'));

before(async () => {
  server = await startCumulo({ args: ['--code-storage-limit', String(LIMIT)] });
  lambda = new LambdaClient(server.clientConfig);
});
after(async () => {
  lambda?.destroy();
  await server?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

async function rejects(p: Promise<unknown>, name: string, message: string, status = 400): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name);
    assert.equal(e.message, message);
    assert.equal(e.$metadata?.httpStatusCode, status);
    assert.equal(e.Type, 'User');
    return true;
  });
}

const PID_HANDLER = 'exports.handler = async () => process.pid;';

const create = (name: string, zip: Buffer, extra: Record<string, unknown> = {}) =>
  lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zip },
      ...extra,
    }),
  );

async function usage(): Promise<{ TotalCodeSize?: number; FunctionCount?: number }> {
  return (await lambda.send(new GetAccountSettingsCommand({}))).AccountUsage ?? {};
}

describe('account code storage', () => {
  it('reports the quota and what functions, versions and layers use', async () => {
    const settings = await lambda.send(new GetAccountSettingsCommand({}));
    assert.equal(settings.AccountLimit?.TotalCodeSize, LIMIT);
    assert.deepEqual(settings.AccountUsage, { TotalCodeSize: 0, FunctionCount: 0 });

    const zip = await handlerZip();
    await create('counted', zip, { Publish: true });
    assert.deepEqual(await usage(), { TotalCodeSize: 2 * zip.length, FunctionCount: 1 });
    const layerZip = await makeZip([{ name: 'python/lib.py', content: 'X = 1\n' }]);
    const layer = await lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'counted-layer', Content: { ZipFile: layerZip } }),
    );
    assert.equal(layer.Content?.CodeSize, layerZip.length);
    assert.deepEqual(await usage(), { TotalCodeSize: 2 * zip.length + layerZip.length, FunctionCount: 1 });

    const cli = await awsCli(server, ['lambda', 'get-account-settings']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(cli.json.AccountUsage, {
      TotalCodeSize: 2 * zip.length + layerZip.length,
      FunctionCount: 1,
    });
    assert.equal(cli.json.AccountLimit.TotalCodeSize, LIMIT);

    await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'counted-layer', VersionNumber: 1 }));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'counted' }));
    assert.deepEqual(await usage(), { TotalCodeSize: 0, FunctionCount: 0 });
  });

  it('answers CodeStorageExceededException past the quota, and accepts code again once some is deleted', async () => {
    const big = await bigZip(LIMIT / 2, PID_HANDLER);
    await create('big', big);
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: 'big' });
    const message = 'Code storage limit exceeded.';
    await rejects(create('too-much', big), 'CodeStorageExceededException', message);
    await rejects(
      lambda.send(new PublishVersionCommand({ FunctionName: 'big' })),
      'CodeStorageExceededException',
      message,
    );
    await rejects(
      lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: 'big',
          ZipFile: await bigZip(LIMIT, PID_HANDLER),
          Publish: true,
        }),
      ),
      'CodeStorageExceededException',
      message,
    );
    await rejects(
      lambda.send(new PublishLayerVersionCommand({ LayerName: 'too-much', Content: { ZipFile: big } })),
      'CodeStorageExceededException',
      message,
    );
    assert.deepEqual(await usage(), { TotalCodeSize: big.length, FunctionCount: 1 });

    // The CLI shows AWS's error line.
    const file = path.join(tmp, 'big.zip');
    writeFileSync(file, big);
    const cli = await awsCli(server, [
      'lambda',
      'create-function',
      '--function-name',
      'too-much',
      '--runtime',
      'nodejs20.x',
      '--role',
      ROLE,
      '--handler',
      'index.handler',
      '--zip-file',
      `fileb://${file}`,
    ]);
    assert.equal(cli.code, 254);
    assert.match(
      cli.stderr,
      /An error occurred \(CodeStorageExceededException\) when calling the CreateFunction operation.*?: Code storage limit exceeded\./,
    );

    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'big' }));
    const again = await create('too-much', big);
    assert.equal(again.CodeSize, big.length);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'too-much' }));
  });
});

describe('tag limits', () => {
  const zip = handlerZip();
  const invalid = 'InvalidParameterValueException';

  it('refuses CreateFunction tags Lambda does not allow, creating nothing', async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await rejects(
      create('tagged', await zip, { Tags: many }),
      invalid,
      'Number of tags exceeds resource tag limit.',
    );
    await rejects(
      create('tagged', await zip, { Tags: { 'aws:team': 'x' } }),
      invalid,
      "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)",
    );
    await rejects(
      create('tagged', await zip, { Tags: { 'AWS:team': 'x' } }),
      invalid,
      "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)",
    );
    await rejects(
      create('tagged', await zip, { Tags: { ['k'.repeat(129)]: 'x' } }),
      invalid,
      'Invalid tag key. Tag keys must be between 1 and 128 characters long.',
    );
    await rejects(
      create('tagged', await zip, { Tags: { team: 'v'.repeat(257) } }),
      invalid,
      'Invalid tag value. Tag values cannot be longer than 256 characters.',
    );
    assert.deepEqual(await usage(), { TotalCodeSize: 0, FunctionCount: 0 });

    // The limits themselves are allowed (characters, not bytes: 'é' is two bytes in UTF-8).
    const edge = {
      ['é'.repeat(128)]: 'é'.repeat(256),
      ...Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, ''])),
    };
    await create('tagged', await zip, { Tags: edge });
    const listed = await lambda.send(new ListTagsCommand({ Resource: fnArn('tagged') }));
    assert.deepEqual(listed.Tags, edge);
  });

  it('refuses the same on TagResource, through the SDK and the CLI', async () => {
    await rejects(
      lambda.send(new TagResourceCommand({ Resource: fnArn('tagged'), Tags: { one: 'more' } })),
      invalid,
      'Number of tags exceeds resource tag limit.',
    );
    await lambda.send(new UntagResourceCommand({ Resource: fnArn('tagged'), TagKeys: ['k0'] }));
    await rejects(
      lambda.send(new TagResourceCommand({ Resource: fnArn('tagged'), Tags: { 'aws:x': '1' } })),
      invalid,
      "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)",
    );
    await lambda.send(new TagResourceCommand({ Resource: fnArn('tagged'), Tags: { one: 'more' } }));
    const listed = await lambda.send(new ListTagsCommand({ Resource: fnArn('tagged') }));
    assert.equal(Object.keys(listed.Tags ?? {}).length, 50);
    const cli = await awsCli(server, [
      'lambda',
      'create-function',
      '--function-name',
      'cli-tagged',
      '--runtime',
      'nodejs20.x',
      '--role',
      ROLE,
      '--handler',
      'index.handler',
      '--zip-file',
      `fileb://${await writeZip('small.zip', await zip)}`,
      '--tags',
      'aws:team=x',
    ]);
    assert.equal(cli.code, 254);
    assert.match(
      cli.stderr,
      /An error occurred \(InvalidParameterValueException\) when calling the CreateFunction operation.*?: Invalid tag key\. Tag keys cannot start with 'aws:' \(case insensitive\)/,
    );
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'tagged' }));
  });
});

async function writeZip(name: string, zip: Buffer): Promise<string> {
  const file = path.join(tmp, name);
  writeFileSync(file, zip);
  return file;
}

/** Whether a process with the pid exists (signal 0 only checks). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('deleting a version', () => {
  it("stops that version's environments and keeps the others warm", async () => {
    const zip = await handlerZip('exports.handler = async () => process.pid;');
    await create('versioned', zip, { Publish: true });
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: 'versioned' });
    const pidOf = async (qualifier: string): Promise<number> => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: qualifier }));
      assert.equal(out.FunctionError, undefined);
      return Number(Buffer.from(out.Payload!).toString());
    };
    const v1 = await pidOf('1');
    const latest = await pidOf('$LATEST');
    assert.notEqual(v1, latest);
    assert.equal(await pidOf('1'), v1, 'version 1 reuses its warm environment');

    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'versioned', Qualifier: '1' }));
    // DeleteFunction answers once the idle environment's process is gone.
    assert.equal(running(v1), false, `the environment of version 1 (pid ${v1}) still runs`);
    assert.equal(running(latest), true);
    assert.equal(await pidOf('$LATEST'), latest, '$LATEST keeps its warm environment');
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'versioned' }));
    assert.equal(running(latest), false, `the environment of $LATEST (pid ${latest}) still runs`);
  });
});
