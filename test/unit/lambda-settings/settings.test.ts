// Function settings: reserved concurrency, GetAccountSettings, tags and event invoke configs, against a
// real SqliteStore with a fake FunctionLookup.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLayerHandlers } from '../../../src/services/lambda/layers/index.js';
import {
  createSettingsHandlers,
  deleteFunctionSettings,
  getEventInvokeConfig,
  getFunctionTags,
  getReservedConcurrency,
} from '../../../src/services/lambda/settings/index.js';
import type { OperationHandler } from '../../../src/services/service.js';
import {
  ACCOUNT,
  FakeFunctions,
  REGION,
  call,
  makeZip,
  openFixture,
  rejectsWith,
  type Fixture,
} from './fixtures.js';

const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const user = { Type: 'User' };

describe('function settings', () => {
  let fx: Fixture;
  let functions: FakeFunctions;
  let handlers: Record<string, OperationHandler>;

  before(() => {
    fx = openFixture();
    functions = new FakeFunctions();
    functions.add('alpha', ['$LATEST', '1', '2', 'live']);
    functions.add('beta');
    functions.add('gamma');
    handlers = createSettingsHandlers({
      store: fx.store,
      functions,
      accountId: ACCOUNT,
      region: REGION,
      layersDataDir: fx.dir,
    });
  });
  after(() => fx.close());

  describe('Put/Get/DeleteFunctionConcurrency', () => {
    it('reserves, reads back and removes concurrency', async () => {
      assert.deepEqual(await call(handlers, 'GetFunctionConcurrency', { FunctionName: 'alpha' }), {});
      assert.deepEqual(
        await call(handlers, 'PutFunctionConcurrency', {
          FunctionName: 'alpha',
          ReservedConcurrentExecutions: 10,
        }),
        { ReservedConcurrentExecutions: 10 },
      );
      assert.deepEqual(await call(handlers, 'GetFunctionConcurrency', { FunctionName: fnArn('alpha') }), {
        ReservedConcurrentExecutions: 10,
      });
      assert.equal(await fx.store.read((tx) => getReservedConcurrency(tx, ACCOUNT, 'alpha')), 10);
      assert.deepEqual(await call(handlers, 'DeleteFunctionConcurrency', { FunctionName: 'alpha' }), {});
      assert.deepEqual(await call(handlers, 'GetFunctionConcurrency', { FunctionName: 'alpha' }), {});
    });

    it('accepts 0 (always throttled)', async () => {
      await call(handlers, 'PutFunctionConcurrency', {
        FunctionName: 'gamma',
        ReservedConcurrentExecutions: 0,
      });
      assert.equal(await fx.store.read((tx) => getReservedConcurrency(tx, ACCOUNT, 'gamma')), 0);
      await call(handlers, 'DeleteFunctionConcurrency', { FunctionName: 'gamma' });
    });

    it('keeps 100 of the account limit unreserved', async () => {
      const tooMuch = {
        code: 'InvalidParameterValueException',
        status: 400,
        message:
          "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution " +
          'below its minimum value of [100].',
      };
      await rejectsWith(
        call(handlers, 'PutFunctionConcurrency', {
          FunctionName: 'alpha',
          ReservedConcurrentExecutions: 901,
        }),
        tooMuch,
      );
      await call(handlers, 'PutFunctionConcurrency', {
        FunctionName: 'alpha',
        ReservedConcurrentExecutions: 900,
      });
      // Replacing the function's own reservation does not count it twice.
      await call(handlers, 'PutFunctionConcurrency', {
        FunctionName: 'alpha',
        ReservedConcurrentExecutions: 850,
      });
      await rejectsWith(
        call(handlers, 'PutFunctionConcurrency', { FunctionName: 'beta', ReservedConcurrentExecutions: 51 }),
        tooMuch,
      );
      await call(handlers, 'PutFunctionConcurrency', {
        FunctionName: 'beta',
        ReservedConcurrentExecutions: 50,
      });
      const settings: any = await call(handlers, 'GetAccountSettings', {});
      assert.equal(settings.AccountLimit.UnreservedConcurrentExecutions, 100);
      await call(handlers, 'DeleteFunctionConcurrency', { FunctionName: 'alpha' });
      await call(handlers, 'DeleteFunctionConcurrency', { FunctionName: 'beta' });
    });

    it('refuses a version or alias', async () => {
      await rejectsWith(
        call(handlers, 'PutFunctionConcurrency', {
          FunctionName: 'alpha:live',
          ReservedConcurrentExecutions: 1,
        }),
        {
          code: 'InvalidParameterValueException',
          status: 400,
          message:
            'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. ' +
            'Please specify either a function name or an unqualified function ARN.',
        },
      );
    });

    it('answers ResourceNotFoundException for a missing function', async () => {
      await rejectsWith(
        call(handlers, 'PutFunctionConcurrency', { FunctionName: 'nope', ReservedConcurrentExecutions: 1 }),
        {
          code: 'ResourceNotFoundException',
          status: 404,
          message: `Function not found: ${fnArn('nope')}:$LATEST`,
        },
      );
      for (const op of ['GetFunctionConcurrency', 'DeleteFunctionConcurrency']) {
        await rejectsWith(call(handlers, op, { FunctionName: 'nope' }), {
          code: 'ResourceNotFoundException',
          status: 404,
          message: `Function not found: ${fnArn('nope')}`,
        });
      }
    });
  });

  describe('GetAccountSettings', () => {
    it("reports AWS default limits and the control plane's usage", async () => {
      functions.codeSize = 1234;
      const zip = await makeZip([{ name: 'a.txt', data: 'a' }]);
      const layers = createLayerHandlers({
        store: fx.store,
        dataDir: fx.dir,
        accountId: ACCOUNT,
        region: REGION,
      });
      await call(layers.handlers, 'PublishLayerVersion', { LayerName: 'l', Content: { ZipFile: zip } });
      await call(handlers, 'PutFunctionConcurrency', {
        FunctionName: 'beta',
        ReservedConcurrentExecutions: 25,
      });
      assert.deepEqual(await call(handlers, 'GetAccountSettings', {}), {
        AccountLimit: {
          TotalCodeSize: 80530636800,
          CodeSizeUnzipped: 262144000,
          CodeSizeZipped: 52428800,
          ConcurrentExecutions: 1000,
          UnreservedConcurrentExecutions: 975,
        },
        // Usage is the control plane's count (functions and layers; see test/unit/lambda/code-storage).
        AccountUsage: { TotalCodeSize: 1234, FunctionCount: 3 },
      });
      await call(handlers, 'DeleteFunctionConcurrency', { FunctionName: 'beta' });
    });
  });

  describe('TagResource / UntagResource / ListTags', () => {
    it('adds, merges, lists and removes tags', async () => {
      assert.deepEqual(await call(handlers, 'ListTags', { Resource: fnArn('beta') }), { Tags: {} });
      await call(handlers, 'TagResource', { Resource: fnArn('beta'), Tags: { team: 'a', env: 'dev' } });
      await call(handlers, 'TagResource', { Resource: fnArn('beta'), Tags: { env: 'prod' } });
      assert.deepEqual(await call(handlers, 'ListTags', { Resource: fnArn('beta') }), {
        Tags: { team: 'a', env: 'prod' },
      });
      await call(handlers, 'UntagResource', { Resource: fnArn('beta'), TagKeys: ['team', 'missing'] });
      assert.deepEqual(await fx.store.read((tx) => getFunctionTags(tx, ACCOUNT, 'beta')), { env: 'prod' });
    });

    it('limits a function to 50 tags', async () => {
      const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
      await call(handlers, 'TagResource', { Resource: fnArn('gamma'), Tags: tags });
      await rejectsWith(call(handlers, 'TagResource', { Resource: fnArn('gamma'), Tags: { one: 'more' } }), {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'Number of tags exceeds resource tag limit.',
      });
      assert.equal(
        Object.keys(((await call(handlers, 'ListTags', { Resource: fnArn('gamma') })) as any).Tags).length,
        50,
      );
    });

    it('answers the errors AWS does', async () => {
      await rejectsWith(call(handlers, 'TagResource', { Resource: fnArn('nope'), Tags: { a: 'b' } }), {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${fnArn('nope')}`,
      });
      await rejectsWith(call(handlers, 'ListTags', { Resource: fnArn('nope') }), {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${fnArn('nope')}`,
      });
      await rejectsWith(
        call(handlers, 'TagResource', { Resource: `${fnArn('alpha')}:live`, Tags: { a: 'b' } }),
        {
          code: 'InvalidParameterValueException',
          status: 400,
          message: 'Tags on function aliases and versions are not supported. Please specify a function ARN.',
        },
      );
      await rejectsWith(call(handlers, 'TagResource', { Resource: fnArn('alpha'), Tags: {} }), {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'An error occurred and the request cannot be processed.',
      });
    });
  });

  describe('FunctionEventInvokeConfig', () => {
    it('puts a config for $LATEST and reads it back as AWS shows it', async () => {
      const before = Date.now();
      const out: any = await call(handlers, 'PutFunctionEventInvokeConfig', {
        FunctionName: 'alpha',
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 3600,
      });
      assert.equal(out.FunctionArn, `${fnArn('alpha')}:$LATEST`);
      assert.equal(out.MaximumRetryAttempts, 1);
      assert.equal(out.MaximumEventAgeInSeconds, 3600);
      assert.deepEqual(out.DestinationConfig, { OnSuccess: {}, OnFailure: {} });
      assert.ok(out.LastModified instanceof Date && out.LastModified.getTime() >= before);
      const got: any = await call(handlers, 'GetFunctionEventInvokeConfig', {
        FunctionName: 'alpha',
        Qualifier: '$LATEST',
      });
      assert.deepEqual(got, out);
      assert.deepEqual(await fx.store.read((tx) => getEventInvokeConfig(tx, ACCOUNT, 'alpha')), {
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: {},
      });
    });

    it('keeps one config per qualifier; Put replaces, Update merges', async () => {
      await call(handlers, 'PutFunctionEventInvokeConfig', {
        FunctionName: fnArn('alpha'),
        Qualifier: 'live',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
      });
      const updated: any = await call(handlers, 'UpdateFunctionEventInvokeConfig', {
        FunctionName: 'alpha:live',
        MaximumEventAgeInSeconds: 60,
      });
      assert.equal(updated.FunctionArn, `${fnArn('alpha')}:live`);
      assert.equal(updated.MaximumRetryAttempts, 0);
      assert.equal(updated.MaximumEventAgeInSeconds, 60);
      assert.deepEqual(updated.DestinationConfig, {
        OnSuccess: {},
        OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' },
      });
      const replaced: any = await call(handlers, 'PutFunctionEventInvokeConfig', {
        FunctionName: 'alpha',
        Qualifier: 'live',
        DestinationConfig: { OnSuccess: { Destination: fnArn('beta') } },
      });
      assert.equal(replaced.MaximumRetryAttempts, undefined);
      assert.deepEqual(replaced.DestinationConfig, {
        OnSuccess: { Destination: fnArn('beta') },
        OnFailure: {},
      });
      assert.deepEqual(await fx.store.read((tx) => getEventInvokeConfig(tx, ACCOUNT, 'alpha', 'live')), {
        DestinationConfig: { OnSuccess: { Destination: fnArn('beta') } },
      });
    });

    it('lists the configs of a function with paging', async () => {
      await call(handlers, 'PutFunctionEventInvokeConfig', {
        FunctionName: 'alpha',
        Qualifier: '1',
        MaximumRetryAttempts: 2,
      });
      const all: any = await call(handlers, 'ListFunctionEventInvokeConfigs', { FunctionName: 'alpha' });
      assert.deepEqual(
        all.FunctionEventInvokeConfigs.map((c: any) => c.FunctionArn),
        [`${fnArn('alpha')}:$LATEST`, `${fnArn('alpha')}:1`, `${fnArn('alpha')}:live`],
      );
      assert.equal(all.NextMarker, undefined);
      const arns: string[] = [];
      let marker: string | undefined;
      do {
        const page: any = await call(handlers, 'ListFunctionEventInvokeConfigs', {
          FunctionName: 'alpha',
          MaxItems: 2,
          Marker: marker,
        });
        arns.push(...page.FunctionEventInvokeConfigs.map((c: any) => c.FunctionArn));
        marker = page.NextMarker;
      } while (marker);
      assert.deepEqual(
        arns,
        all.FunctionEventInvokeConfigs.map((c: any) => c.FunctionArn),
      );
      assert.deepEqual(await call(handlers, 'ListFunctionEventInvokeConfigs', { FunctionName: 'beta' }), {
        FunctionEventInvokeConfigs: [],
      });
    });

    it('deletes a config', async () => {
      assert.deepEqual(
        await call(handlers, 'DeleteFunctionEventInvokeConfig', { FunctionName: 'alpha', Qualifier: '1' }),
        {},
      );
      await rejectsWith(
        call(handlers, 'GetFunctionEventInvokeConfig', { FunctionName: 'alpha', Qualifier: '1' }),
        {
          code: 'ResourceNotFoundException',
          status: 404,
          message: `The function ${fnArn('alpha')}:1 doesn't have an EventInvokeConfig`,
        },
      );
      await rejectsWith(
        call(handlers, 'DeleteFunctionEventInvokeConfig', { FunctionName: 'alpha', Qualifier: '1' }),
        {
          code: 'ResourceNotFoundException',
          status: 404,
          message: `The function ${fnArn('alpha')}:1 doesn't have an EventInvokeConfig`,
        },
      );
    });

    it('answers the errors AWS does', async () => {
      const missing = {
        code: 'ResourceNotFoundException',
        status: 404,
        message: "The function doesn't exist.",
      };
      await rejectsWith(
        call(handlers, 'PutFunctionEventInvokeConfig', { FunctionName: 'nope', MaximumRetryAttempts: 1 }),
        missing,
      );
      await rejectsWith(
        call(handlers, 'PutFunctionEventInvokeConfig', {
          FunctionName: 'alpha',
          Qualifier: '7',
          MaximumRetryAttempts: 1,
        }),
        missing,
      );
      await rejectsWith(call(handlers, 'ListFunctionEventInvokeConfigs', { FunctionName: 'nope' }), missing);
      await rejectsWith(call(handlers, 'GetFunctionEventInvokeConfig', { FunctionName: 'nope' }), {
        code: 'ResourceNotFoundException',
        status: 404,
        message: `The function ${fnArn('nope')}:$LATEST doesn't have an EventInvokeConfig`,
      });
      await rejectsWith(
        call(handlers, 'UpdateFunctionEventInvokeConfig', { FunctionName: 'beta', MaximumRetryAttempts: 1 }),
        {
          code: 'ResourceNotFoundException',
          status: 404,
          message: `The function ${fnArn('beta')}:$LATEST doesn't have an EventInvokeConfig`,
        },
      );
      await rejectsWith(call(handlers, 'PutFunctionEventInvokeConfig', { FunctionName: 'alpha' }), {
        code: 'InvalidParameterValueException',
        status: 400,
        message: 'You must specify at least one of error handling or destination setting.',
      });
      await rejectsWith(
        call(handlers, 'PutFunctionEventInvokeConfig', {
          FunctionName: 'alpha:live',
          Qualifier: '1',
          MaximumRetryAttempts: 1,
        }),
        {
          code: 'InvalidParameterValueException',
          status: 400,
          message: 'The derived qualifier from the function name does not match the specified qualifier.',
        },
      );
    });

    it('checks destinations', async () => {
      const put = (DestinationConfig: object) =>
        call(handlers, 'PutFunctionEventInvokeConfig', { FunctionName: 'alpha', DestinationConfig });
      await rejectsWith(put({ OnSuccess: { Destination: fnArn('alpha') } }), {
        code: 'InvalidParameterValueException',
        status: 400,
        message: "You can't specify the function as a destination for itself.",
      });
      await rejectsWith(put({ OnFailure: { Destination: fnArn('nope') } }), {
        code: 'InvalidParameterValueException',
        status: 400,
        message: `The destination ARN ${fnArn('nope')} is invalid.`,
      });
      await rejectsWith(put({ OnFailure: { Destination: 'arn:aws:s3:::bucket' } }), {
        code: 'InvalidParameterValueException',
        status: 400,
        message:
          'The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=arn:aws:s3:::bucket)) is invalid.',
      });
      for (const ok of [
        'arn:aws:sns:us-east-1:123456789012:t',
        'arn:aws:events:us-east-1:123456789012:event-bus/default',
      ]) {
        const out: any = await put({ OnSuccess: { Destination: ok } });
        assert.equal(out.DestinationConfig.OnSuccess.Destination, ok);
      }
    });
  });

  it('deleteFunctionSettings clears a qualifier or the whole function', async () => {
    await call(handlers, 'PutFunctionConcurrency', {
      FunctionName: 'alpha',
      ReservedConcurrentExecutions: 5,
    });
    await call(handlers, 'TagResource', { Resource: fnArn('alpha'), Tags: { a: 'b' } });
    await fx.store.write((tx) => deleteFunctionSettings(tx, ACCOUNT, 'alpha', 'live'));
    assert.equal(await fx.store.read((tx) => getEventInvokeConfig(tx, ACCOUNT, 'alpha', 'live')), undefined);
    assert.ok(await fx.store.read((tx) => getEventInvokeConfig(tx, ACCOUNT, 'alpha')));
    await fx.store.write((tx) => deleteFunctionSettings(tx, ACCOUNT, 'alpha'));
    assert.equal(await fx.store.read((tx) => getReservedConcurrency(tx, ACCOUNT, 'alpha')), undefined);
    assert.deepEqual(await fx.store.read((tx) => getFunctionTags(tx, ACCOUNT, 'alpha')), {});
    assert.equal(await fx.store.read((tx) => getEventInvokeConfig(tx, ACCOUNT, 'alpha')), undefined);
  });

  it('marks user errors with Type User', async () => {
    await assert.rejects(call(handlers, 'GetFunctionConcurrency', { FunctionName: 'nope' }), (e: any) => {
      assert.deepEqual(e.fields, user);
      return true;
    });
  });
});
