// Provisioned concurrency end to end: the four operations with AWS's answers and errors (texts from
// LocalStack's AWS-validated snapshots), its interplay with reserved concurrency and the account's
// pool, IN_PROGRESS → READY (or FAILED), invocations served by environments initialized ahead of
// them, and provisioning again after a restart — through @aws-sdk/client-lambda and the AWS CLI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionConcurrencyCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetAccountSettingsCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListProvisionedConcurrencyConfigsCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { awsCli, startCumulo, waitFor, type CumuloProcess } from './harness.js';
import { awsError, createFunction, zipOf } from '../unit/lambda-settings/e2e-helpers.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';
const INIT_TYPE = 'export const handler = async () => process.env.AWS_LAMBDA_INITIALIZATION_TYPE;';

describe('Lambda provisioned concurrency (e2e)', () => {
  let server: CumuloProcess;
  let client: LambdaClient;

  const ready = (FunctionName: string, Qualifier: string, status = 'READY') =>
    waitFor(
      async () => {
        const c = await client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier }));
        return c.Status === status ? c : undefined;
      },
      20_000,
      `${FunctionName}:${Qualifier} ${status}`,
    );
  const invoke = async (FunctionName: string, Qualifier: string) => {
    const out = await client.send(new InvokeCommand({ FunctionName, Qualifier, LogType: 'Tail' }));
    return {
      type: JSON.parse(Buffer.from(out.Payload!).toString()) as string,
      log: Buffer.from(out.LogResult!, 'base64').toString(),
    };
  };
  const publish = async (name: string) =>
    (await client.send(new PublishVersionCommand({ FunctionName: name }))).Version!;

  before(async () => {
    server = await startCumulo();
    client = new LambdaClient(server.clientConfig);
    for (const name of ['pc', 'pc-errors', 'pc-reserved', 'pc-restart']) {
      await createFunction(client, name, { Code: await zipOf({ 'index.mjs': INIT_TYPE }) });
      await publish(name);
    }
  });
  after(async () => {
    client?.destroy();
    await server?.dispose();
  });

  it('answers AWS errors for $LATEST, missing functions, versions and aliases, and a missing config', async () => {
    const get = (FunctionName: string, Qualifier: string) =>
      awsError(client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier })));
    const put = (FunctionName: string, Qualifier: string) =>
      awsError(
        client.send(
          new PutProvisionedConcurrencyConfigCommand({
            FunctionName,
            Qualifier,
            ProvisionedConcurrentExecutions: 1,
          }),
        ),
      );
    const del = (FunctionName: string, Qualifier: string) =>
      awsError(client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier })));
    const notFound = (message: string) => ({
      name: 'ResourceNotFoundException',
      message,
      status: 404,
      type: 'User',
    });
    const invalid = (message: string) => ({
      name: 'InvalidParameterValueException',
      message,
      status: 400,
      type: 'User',
    });

    assert.deepEqual(await get('pc-errors', '1'), {
      name: 'ProvisionedConcurrencyConfigNotFoundException',
      message: 'No Provisioned Concurrency Config found for this function',
      status: 404,
      type: 'User',
    });
    assert.deepEqual(
      await get('doesnotexist', 'noalias'),
      notFound(`Cannot find alias arn: ${ARN}doesnotexist:noalias`),
    );
    assert.deepEqual(
      await get('pc-errors', 'noalias'),
      notFound(`Cannot find alias arn: ${ARN}pc-errors:noalias`),
    );
    assert.deepEqual(await get('pc-errors', '10'), notFound(`Function not found: ${ARN}pc-errors:10`));
    const notPublished = 'The function resource provided must be an alias or a published version.';
    assert.deepEqual(await get('pc-errors', '$LATEST'), invalid(notPublished));

    assert.deepEqual(await del('doesnotexist', '1'), notFound(`Function not found: ${ARN}doesnotexist:1`));
    assert.deepEqual(
      await del('pc-errors', 'noalias'),
      notFound(`Cannot find alias arn: ${ARN}pc-errors:noalias`),
    );
    assert.deepEqual(await del('pc-errors', '10'), notFound(`Function not found: ${ARN}pc-errors:10`));
    assert.deepEqual(await del('pc-errors', '$LATEST'), invalid(notPublished));
    const deleted = await client.send(
      new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'pc-errors', Qualifier: '1' }),
    );
    assert.equal(deleted.$metadata.httpStatusCode, 204);

    assert.deepEqual(
      await put('doesnotexist', 'noalias'),
      notFound(`Cannot find alias arn: ${ARN}doesnotexist:noalias`),
    );
    assert.deepEqual(await put('doesnotexist', '1'), notFound(`Function not found: ${ARN}doesnotexist:1`));
    assert.deepEqual(await put('pc-errors', '10'), notFound(`Function not found: ${ARN}pc-errors:10`));
    assert.deepEqual(
      await put('pc-errors', '$LATEST'),
      invalid('Provisioned Concurrency Configs cannot be applied to unpublished function versions.'),
    );
    const zero = await awsError(
      client.send(
        new PutProvisionedConcurrencyConfigCommand({
          FunctionName: 'pc-errors',
          Qualifier: '1',
          ProvisionedConcurrentExecutions: 0,
        }),
      ),
    );
    assert.equal(zero.name, 'ValidationException');
    assert.equal(
      zero.message,
      "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 1',
    );

    const list = await client.send(
      new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'pc-errors' }),
    );
    assert.deepEqual(list.ProvisionedConcurrencyConfigs, []);
    assert.deepEqual(
      await awsError(
        client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'doesnotexist' })),
      ),
      notFound(`Function not found: ${ARN}doesnotexist`),
    );
  });

  it('goes IN_PROGRESS → READY; invocations of the version run on it, $LATEST on demand', async () => {
    const put = await client.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: 'pc',
        Qualifier: '1',
        ProvisionedConcurrentExecutions: 2,
      }),
    );
    assert.equal(put.$metadata.httpStatusCode, 202);
    assert.equal(put.Status, 'IN_PROGRESS');
    assert.equal(put.RequestedProvisionedConcurrentExecutions, 2);
    assert.equal(put.AllocatedProvisionedConcurrentExecutions, 0);
    assert.equal(put.AvailableProvisionedConcurrentExecutions, 0);
    assert.match(put.LastModified!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

    const got = await ready('pc', '1');
    assert.equal(got.AllocatedProvisionedConcurrentExecutions, 2);
    assert.equal(got.AvailableProvisionedConcurrentExecutions, 2);
    assert.equal(got.LastModified, put.LastModified);
    assert.equal(got.StatusReason, undefined);

    const provisioned = await invoke('pc', '1');
    assert.equal(provisioned.type, 'provisioned-concurrency');
    assert.match(provisioned.log, /REPORT RequestId: /);
    assert.doesNotMatch(provisioned.log, /Init Duration/);
    assert.equal((await invoke('pc', '$LATEST')).type, 'on-demand');

    const list = await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'pc' }));
    assert.deepEqual(
      list.ProvisionedConcurrencyConfigs?.map((c) => [
        c.FunctionArn,
        c.Status,
        c.RequestedProvisionedConcurrentExecutions,
      ]),
      [[`${ARN}pc:1`, 'READY', 2]],
    );
  });

  it('keeps a version configured either directly or through an alias, and moves with the alias', async () => {
    await client.send(new CreateAliasCommand({ FunctionName: 'pc', Name: 'live', FunctionVersion: '1' }));
    const conflict = (message: string) => ({
      name: 'ResourceConflictException',
      message,
      status: 409,
      type: 'User',
    });
    assert.deepEqual(
      await awsError(
        client.send(
          new PutProvisionedConcurrencyConfigCommand({
            FunctionName: 'pc',
            Qualifier: 'live',
            ProvisionedConcurrentExecutions: 1,
          }),
        ),
      ),
      conflict(
        "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version",
      ),
    );
    await client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'pc', Qualifier: '1' }));
    const gone = await awsError(
      client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'pc', Qualifier: '1' })),
    );
    assert.equal(gone.name, 'ProvisionedConcurrencyConfigNotFoundException');
    // Its environments are retired: the version runs on demand again.
    assert.equal((await invoke('pc', '1')).type, 'on-demand');

    await client.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: `${ARN}pc:live`,
        Qualifier: 'live',
        ProvisionedConcurrentExecutions: 1,
      }),
    );
    assert.deepEqual(
      await awsError(
        client.send(
          new PutProvisionedConcurrencyConfigCommand({
            FunctionName: 'pc',
            Qualifier: '1',
            ProvisionedConcurrentExecutions: 1,
          }),
        ),
      ),
      conflict('Version is pointed by a Provisioned Concurrency alias'),
    );
    await ready('pc', 'live');
    // The alias's environments are its version's: both run on them.
    assert.equal((await invoke('pc', 'live')).type, 'provisioned-concurrency');
    assert.equal((await invoke('pc', '1')).type, 'provisioned-concurrency');

    // Moving the alias moves its provisioned concurrency to the new version.
    await client.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'pc',
        ZipFile: await zipOf({ 'index.mjs': INIT_TYPE + '\n' }),
      }),
    );
    const v2 = await waitFor(async () => {
      try {
        return await publish('pc');
      } catch {
        return undefined; // the update is still in progress
      }
    });
    await client.send(new UpdateAliasCommand({ FunctionName: 'pc', Name: 'live', FunctionVersion: v2 }));
    await ready('pc', 'live');
    assert.equal((await invoke('pc', v2)).type, 'provisioned-concurrency');
    assert.equal((await invoke('pc', '1')).type, 'on-demand');

    // Deleting the alias deletes its config.
    await client.send(new DeleteAliasCommand({ FunctionName: 'pc', Name: 'live' }));
    assert.deepEqual(
      await awsError(
        client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'pc', Qualifier: 'live' })),
      ),
      {
        name: 'ResourceNotFoundException',
        message: `Cannot find alias arn: ${ARN}pc:live`,
        status: 404,
        type: 'User',
      },
    );
    const list = await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'pc' }));
    assert.deepEqual(list.ProvisionedConcurrencyConfigs, []);
    assert.equal((await invoke('pc', v2)).type, 'on-demand');
  });

  it('fits within reserved concurrency and the account pool', async () => {
    const account = async () =>
      (await client.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions!;
    const before = await account();
    await client.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: 'pc-reserved',
        Qualifier: '1',
        ProvisionedConcurrentExecutions: 2,
      }),
    );
    // Without a reservation, provisioned concurrency comes out of the unreserved pool.
    assert.equal(await account(), before - 2);
    assert.deepEqual(
      await awsError(
        client.send(
          new PutFunctionConcurrencyCommand({ FunctionName: 'pc-reserved', ReservedConcurrentExecutions: 1 }),
        ),
      ),
      {
        name: 'InvalidParameterValueException',
        message:
          " ReservedConcurrentExecutions  1 should not be lower than function's total provisioned concurrency [2].",
        status: 400,
        type: undefined,
      },
    );
    await client.send(
      new PutFunctionConcurrencyCommand({ FunctionName: 'pc-reserved', ReservedConcurrentExecutions: 2 }),
    );
    assert.equal(await account(), before - 2); // the reservation holds the provisioned concurrency
    await ready('pc-reserved', '1');

    // Reserved = provisioned: nothing is left for invocations that do not run on it.
    const throttled = await awsError(client.send(new InvokeCommand({ FunctionName: 'pc-reserved' })));
    assert.equal(throttled.name, 'TooManyRequestsException');
    assert.equal(throttled.status, 429);
    assert.equal((await invoke('pc-reserved', '1')).type, 'provisioned-concurrency');

    const v2 = await publish('pc-reserved').catch(() => '1');
    const above =
      'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function';
    assert.deepEqual(
      await awsError(
        client.send(
          new PutProvisionedConcurrencyConfigCommand({
            FunctionName: 'pc-reserved',
            Qualifier: '1',
            ProvisionedConcurrentExecutions: 3,
          }),
        ),
      ),
      { name: 'InvalidParameterValueException', message: above, status: 400, type: 'User' },
    );
    if (v2 !== '1') {
      const other = await awsError(
        client.send(
          new PutProvisionedConcurrencyConfigCommand({
            FunctionName: 'pc-reserved',
            Qualifier: v2,
            ProvisionedConcurrentExecutions: 1,
          }),
        ),
      );
      assert.equal(other.message, above);
    }
    await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'pc-reserved' }));
    const tooMuch = await awsError(
      client.send(
        new PutProvisionedConcurrencyConfigCommand({
          FunctionName: 'pc-reserved',
          Qualifier: '1',
          ProvisionedConcurrentExecutions: 1000,
        }),
      ),
    );
    assert.equal(
      tooMuch.message,
      "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    );
    assert.equal(tooMuch.type, undefined); // as recorded from AWS: no Type member
    await client.send(
      new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'pc-reserved', Qualifier: '1' }),
    );
    assert.equal(await account(), before);
  });

  it('reports FAILED with FUNCTION_ERROR_INIT_FAILURE when the environments cannot initialize', async () => {
    await createFunction(client, 'pc-broken', {
      Code: await zipOf({
        'index.mjs': "throw new Error('init fails');\nexport const handler = async () => 1;",
      }),
    });
    const v = await publish('pc-broken');
    await client.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: 'pc-broken',
        Qualifier: v,
        ProvisionedConcurrentExecutions: 1,
      }),
    );
    const failed = await ready('pc-broken', v, 'FAILED');
    assert.equal(failed.StatusReason, 'FUNCTION_ERROR_INIT_FAILURE');
    assert.equal(failed.AvailableProvisionedConcurrentExecutions, 0);
  });

  it('puts, gets and lists with the CLI', async () => {
    const put = await awsCli(server, [
      'lambda',
      'put-provisioned-concurrency-config',
      '--function-name',
      'pc-restart',
      '--qualifier',
      '1',
      '--provisioned-concurrent-executions',
      '1',
    ]);
    assert.equal(put.code, 0, put.stderr);
    assert.equal(put.json.Status, 'IN_PROGRESS');
    const got = await waitFor(async () => {
      const r = await awsCli(server, [
        'lambda',
        'get-provisioned-concurrency-config',
        '--function-name',
        'pc-restart',
        '--qualifier',
        '1',
      ]);
      return r.json?.Status === 'READY' ? r.json : undefined;
    }, 20_000);
    assert.equal(got.AvailableProvisionedConcurrentExecutions, 1);
    const list = await awsCli(server, [
      'lambda',
      'list-provisioned-concurrency-configs',
      '--function-name',
      'pc-restart',
    ]);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      list.json.ProvisionedConcurrencyConfigs.map((c: any) => [c.FunctionArn, c.Status]),
      [[`${ARN}pc-restart:1`, 'READY']],
    );
  });

  it('provisions again after a restart', async () => {
    await ready('pc-restart', '1');
    client.destroy();
    server = await server.restart();
    client = new LambdaClient(server.clientConfig);
    const got = await ready('pc-restart', '1');
    assert.equal(got.RequestedProvisionedConcurrentExecutions, 1);
    const out = await invoke('pc-restart', '1');
    assert.equal(out.type, 'provisioned-concurrency');
    assert.doesNotMatch(out.log, /Init Duration/);
  });
});
