// Function settings end to end: reserved concurrency, account settings, tags and event invoke configs
// through the real Lambda client and the AWS CLI against a started Cumulo.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionEventInvokeConfigCommand,
  LambdaClient,
  ListFunctionEventInvokeConfigsCommand,
  ListTagsCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';
import { awsError, createFunction } from '../unit/lambda-settings/e2e-helpers.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';

describe('Lambda function settings (e2e)', () => {
  let server: CumuloProcess;
  let client: LambdaClient;

  before(async () => {
    server = await startCumulo();
    client = new LambdaClient(server.clientConfig);
    await createFunction(client, 'alpha');
    await createFunction(client, 'beta');
    await client.send(new PublishVersionCommand({ FunctionName: 'alpha' }));
    await client.send(new CreateAliasCommand({ FunctionName: 'alpha', Name: 'live', FunctionVersion: '1' }));
  });
  after(async () => {
    client?.destroy();
    await server?.dispose();
  });

  describe('reserved concurrency', () => {
    it('puts, gets and deletes it', async () => {
      const empty = await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'alpha' }));
      assert.equal(empty.ReservedConcurrentExecutions, undefined);
      const put = await client.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'alpha', ReservedConcurrentExecutions: 20 }),
      );
      assert.equal(put.ReservedConcurrentExecutions, 20);
      const got = await client.send(new GetFunctionConcurrencyCommand({ FunctionName: `${ARN}alpha` }));
      assert.equal(got.ReservedConcurrentExecutions, 20);
      const fn = await client.send(new GetFunctionCommand({ FunctionName: 'alpha' }));
      assert.equal(fn.Concurrency?.ReservedConcurrentExecutions, 20);
      const del = await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'alpha' }));
      assert.equal(del.$metadata.httpStatusCode, 204);
      const after = await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'alpha' }));
      assert.equal(after.ReservedConcurrentExecutions, undefined);
    });

    it('keeps 100 unreserved', async () => {
      const e = await awsError(
        client.send(
          new PutFunctionConcurrencyCommand({ FunctionName: 'alpha', ReservedConcurrentExecutions: 901 }),
        ),
      );
      assert.deepEqual(e, {
        name: 'InvalidParameterValueException',
        message:
          "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution " +
          'below its minimum value of [100].',
        status: 400,
        type: undefined, // as recorded from AWS: this error carries no Type member
      });
    });

    it('refuses negative values through the model and a missing function', async () => {
      const negative = await awsError(
        client.send(
          new PutFunctionConcurrencyCommand({ FunctionName: 'alpha', ReservedConcurrentExecutions: -1 }),
        ),
      );
      assert.equal(negative.status, 400);
      assert.match(negative.message, /reservedConcurrentExecutions|ReservedConcurrentExecutions/);
      const missing = await awsError(
        client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'nope' })),
      );
      assert.deepEqual(missing, {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${ARN}nope`,
        status: 404,
        type: 'User',
      });
    });
  });

  describe('GetAccountSettings', () => {
    it("reports the account's limits and usage", async () => {
      await client.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'beta', ReservedConcurrentExecutions: 100 }),
      );
      const out = await client.send(new GetAccountSettingsCommand({}));
      assert.deepEqual(out.AccountLimit, {
        TotalCodeSize: 80530636800,
        CodeSizeUnzipped: 262144000,
        CodeSizeZipped: 52428800,
        ConcurrentExecutions: 1000,
        UnreservedConcurrentExecutions: 900,
      });
      assert.equal(typeof out.AccountUsage?.TotalCodeSize, 'number');
      assert.equal(typeof out.AccountUsage?.FunctionCount, 'number');
      await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'beta' }));
    });

    it('answers through the AWS CLI', async () => {
      const out = await awsCli(server, ['lambda', 'get-account-settings']);
      assert.equal(out.code, 0, out.stderr);
      assert.equal(out.json.AccountLimit.ConcurrentExecutions, 1000);
      assert.equal(out.json.AccountLimit.UnreservedConcurrentExecutions, 1000);
    });
  });

  describe('tags', () => {
    it('tags, lists and untags a function', async () => {
      const tagged = await client.send(
        new TagResourceCommand({ Resource: `${ARN}beta`, Tags: { team: 'core', env: 'dev' } }),
      );
      assert.equal(tagged.$metadata.httpStatusCode, 204);
      await client.send(new TagResourceCommand({ Resource: `${ARN}beta`, Tags: { env: 'prod' } }));
      const listed = await client.send(new ListTagsCommand({ Resource: `${ARN}beta` }));
      assert.deepEqual(listed.Tags, { team: 'core', env: 'prod' });
      const fn = await client.send(new GetFunctionCommand({ FunctionName: 'beta' }));
      assert.deepEqual(fn.Tags, { team: 'core', env: 'prod' });
      await client.send(new UntagResourceCommand({ Resource: `${ARN}beta`, TagKeys: ['team'] }));
      assert.deepEqual((await client.send(new ListTagsCommand({ Resource: `${ARN}beta` }))).Tags, {
        env: 'prod',
      });
    });

    it('answers AWS errors for a missing function, an alias and too many tags', async () => {
      assert.deepEqual(await awsError(client.send(new ListTagsCommand({ Resource: `${ARN}nope` }))), {
        name: 'ResourceNotFoundException',
        message: `Function not found: ${ARN}nope`,
        status: 404,
        type: 'User',
      });
      const alias = await awsError(
        client.send(new TagResourceCommand({ Resource: `${ARN}alpha:live`, Tags: { a: 'b' } })),
      );
      assert.equal(alias.name, 'InvalidParameterValueException');
      assert.equal(
        alias.message,
        'Tags on function aliases and versions are not supported. Please specify a function ARN.',
      );
      const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
      const tooMany = await awsError(
        client.send(new TagResourceCommand({ Resource: `${ARN}alpha`, Tags: tags })),
      );
      assert.equal(tooMany.name, 'InvalidParameterValueException');
      assert.equal(tooMany.message, 'Number of tags exceeds resource tag limit.');
    });

    it('works through the AWS CLI', async () => {
      const tag = await awsCli(server, [
        'lambda',
        'tag-resource',
        '--resource',
        `${ARN}alpha`,
        '--tags',
        'owner=cli',
      ]);
      assert.equal(tag.code, 0, tag.stderr);
      const list = await awsCli(server, ['lambda', 'list-tags', '--resource', `${ARN}alpha`]);
      assert.deepEqual(list.json, { Tags: { owner: 'cli' } });
      const untag = await awsCli(server, [
        'lambda',
        'untag-resource',
        '--resource',
        `${ARN}alpha`,
        '--tag-keys',
        'owner',
      ]);
      assert.equal(untag.code, 0, untag.stderr);
      assert.deepEqual((await awsCli(server, ['lambda', 'list-tags', '--resource', `${ARN}alpha`])).json, {
        Tags: {},
      });
    });
  });

  describe('event invoke configs', () => {
    it('puts, gets, updates, lists and deletes per qualifier', async () => {
      const before = Date.now();
      const put = await client.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'alpha',
          MaximumRetryAttempts: 1,
          MaximumEventAgeInSeconds: 3600,
        }),
      );
      assert.equal(put.FunctionArn, `${ARN}alpha:$LATEST`);
      assert.equal(put.MaximumRetryAttempts, 1);
      assert.deepEqual(put.DestinationConfig, { OnSuccess: {}, OnFailure: {} });
      assert.ok(put.LastModified instanceof Date && put.LastModified.getTime() >= before - 1000);
      await client.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: 'alpha',
          Qualifier: 'live',
          DestinationConfig: { OnSuccess: { Destination: `${ARN}beta` } },
        }),
      );
      const updated = await client.send(
        new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'alpha:live', MaximumRetryAttempts: 0 }),
      );
      assert.equal(updated.FunctionArn, `${ARN}alpha:live`);
      assert.equal(updated.MaximumRetryAttempts, 0);
      assert.deepEqual(updated.DestinationConfig, {
        OnSuccess: { Destination: `${ARN}beta` },
        OnFailure: {},
      });
      const got = await client.send(
        new GetFunctionEventInvokeConfigCommand({ FunctionName: 'alpha', Qualifier: 'live' }),
      );
      assert.equal(got.MaximumRetryAttempts, 0);
      const listed = await client.send(
        new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'alpha', MaxItems: 1 }),
      );
      assert.equal(listed.FunctionEventInvokeConfigs?.length, 1);
      const rest = await client.send(
        new ListFunctionEventInvokeConfigsCommand({
          FunctionName: 'alpha',
          MaxItems: 1,
          Marker: listed.NextMarker,
        }),
      );
      assert.deepEqual(
        [...listed.FunctionEventInvokeConfigs!, ...rest.FunctionEventInvokeConfigs!].map(
          (c) => c.FunctionArn,
        ),
        [`${ARN}alpha:$LATEST`, `${ARN}alpha:live`],
      );
      const del = await client.send(
        new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'alpha', Qualifier: 'live' }),
      );
      assert.equal(del.$metadata.httpStatusCode, 204);
      const gone = await awsError(
        client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'alpha', Qualifier: 'live' })),
      );
      assert.deepEqual(gone, {
        name: 'ResourceNotFoundException',
        message: `The function ${ARN}alpha:live doesn't have an EventInvokeConfig`,
        status: 404,
        type: 'User',
      });
    });

    it('validates ranges through the model and destinations and qualifiers as AWS', async () => {
      const range = await awsError(
        client.send(
          new PutFunctionEventInvokeConfigCommand({ FunctionName: 'alpha', MaximumRetryAttempts: 3 }),
        ),
      );
      assert.equal(range.status, 400);
      assert.match(range.message, /maximumRetryAttempts|MaximumRetryAttempts/);
      const age = await awsError(
        client.send(
          new PutFunctionEventInvokeConfigCommand({ FunctionName: 'alpha', MaximumEventAgeInSeconds: 59 }),
        ),
      );
      assert.equal(age.status, 400);
      const self = await awsError(
        client.send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: 'alpha',
            DestinationConfig: { OnFailure: { Destination: `${ARN}alpha` } },
          }),
        ),
      );
      assert.equal(self.message, "You can't specify the function as a destination for itself.");
      const version = await awsError(
        client.send(
          new PutFunctionEventInvokeConfigCommand({
            FunctionName: 'alpha',
            Qualifier: '9',
            MaximumRetryAttempts: 1,
          }),
        ),
      );
      assert.deepEqual(version, {
        name: 'ResourceNotFoundException',
        message: "The function doesn't exist.",
        status: 404,
        type: 'User',
      });
    });

    it('works through the AWS CLI', async () => {
      const put = await awsCli(server, [
        'lambda',
        'put-function-event-invoke-config',
        '--function-name',
        'beta',
        '--maximum-retry-attempts',
        '2',
        '--destination-config',
        '{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:000000000000:dlq"}}',
      ]);
      assert.equal(put.code, 0, put.stderr);
      assert.equal(put.json.MaximumRetryAttempts, 2);
      // The CLI v2 prints timestamps in ISO 8601 (cli_timestamp_format's default).
      assert.match(put.json.LastModified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
      const missing = await awsCli(server, [
        'lambda',
        'get-function-event-invoke-config',
        '--function-name',
        'alpha',
        '--qualifier',
        '1',
      ]);
      assert.equal(missing.code, 254);
      assert.match(missing.stderr, /ResourceNotFoundException/);
    });
  });

  it('keeps settings across a restart and drops them with the function', async () => {
    await client.send(
      new PutFunctionConcurrencyCommand({ FunctionName: 'beta', ReservedConcurrentExecutions: 7 }),
    );
    server = await server.restart();
    client.destroy();
    client = new LambdaClient(server.clientConfig);
    assert.equal(
      (await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'beta' })))
        .ReservedConcurrentExecutions,
      7,
    );
    assert.deepEqual((await client.send(new ListTagsCommand({ Resource: `${ARN}beta` }))).Tags, {
      env: 'prod',
    });
    assert.equal(
      (await client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'beta' })))
        .MaximumRetryAttempts,
      2,
    );
    await client.send(new DeleteFunctionCommand({ FunctionName: 'beta' }));
    await createFunction(client, 'beta');
    assert.equal(
      (await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'beta' })))
        .ReservedConcurrentExecutions,
      undefined,
    );
    assert.deepEqual((await client.send(new ListTagsCommand({ Resource: `${ARN}beta` }))).Tags, {});
    const eic = await awsError(
      client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'beta' })),
    );
    assert.equal(eic.name, 'ResourceNotFoundException');
  });
});
