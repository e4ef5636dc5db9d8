// The Invoke handler with a fake resolver and runtime: what a caller gets back for each
// invocation type, function errors, logs, limits and throttling.
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { createInvokeHandlers } from '../../../src/services/lambda/invoke/index.js';
import type { InvokeOutput } from '../../../src/services/lambda/invoke/run-sync.js';
import type { ServiceError } from '../../../src/server/service-error.js';
import type { OperationHandler, RequestContext } from '../../../src/services/service.js';
import { ACCOUNT, FakeResolver, FakeRuntime, REGION, target, tempStore } from './fakes.js';

const ctx = (requestId = 'req-1'): RequestContext => ({
  requestId,
  accountId: ACCOUNT,
  region: REGION,
  principal: { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accessKeyId: 'AKID', isRoot: true },
  sourceIp: '127.0.0.1',
  userAgent: 'test',
  headers: {},
});

async function rejection(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (e) {
    return e as ServiceError;
  }
  assert.fail('expected the call to fail');
}

describe('Invoke', () => {
  const { store, cleanup } = tempStore();
  let resolver: FakeResolver;
  let runtime: FakeRuntime;
  let invoke: OperationHandler;
  let asyncInvoker: ReturnType<typeof createInvokeHandlers>['asyncInvoker'];

  beforeEach(async () => {
    await asyncInvoker?.close();
    resolver = new FakeResolver().add(target('echo'));
    runtime = new FakeRuntime();
    const created = createInvokeHandlers({
      resolver,
      runtime,
      store,
      accountId: ACCOUNT,
      region: REGION,
      log: () => {},
    });
    invoke = created.handlers.Invoke!;
    asyncInvoker = created.asyncInvoker;
  });

  after(async () => {
    await asyncInvoker.close();
    await store.close();
    cleanup();
  });

  it('answers RequestResponse with 200, the payload and the executed version', async () => {
    runtime.answer('echo', (req) => ({ payload: Buffer.from(`{"got":${req.payload.toString()}}`) }));
    const out = (await invoke(ctx(), {
      FunctionName: 'echo',
      Payload: Buffer.from('{"a":1}'),
    })) as InvokeOutput;
    assert.equal(out.StatusCode, 200);
    assert.equal(out.Payload!.toString(), '{"got":{"a":1}}');
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.FunctionError, undefined);
    assert.equal(out.LogResult, undefined);
    const [call] = runtime.calls;
    assert.equal(call!.request.requestId, 'req-1');
    assert.equal(call!.request.invokedFunctionArn, target('echo').invokedArn);
  });

  it('sends {} for an empty payload and passes the client context through', async () => {
    const cc = Buffer.from('{"custom":{"k":"v"}}').toString('base64');
    await invoke(ctx(), { FunctionName: 'echo', ClientContext: cc });
    assert.equal(runtime.calls[0]!.request.payload.toString(), '{}');
    assert.equal(runtime.calls[0]!.request.clientContext, cc);
  });

  it('reports a function error as FunctionError Unhandled with the error document', async () => {
    const doc = '{"errorType":"Error","errorMessage":"boom","trace":[]}';
    runtime.answer('echo', { payload: Buffer.from(doc), functionError: 'Unhandled' });
    const out = (await invoke(ctx(), { FunctionName: 'echo' })) as InvokeOutput;
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    assert.equal(out.Payload!.toString(), doc);
  });

  it('returns the last 4 KB of the log, base64, for LogType Tail', async () => {
    const log = `START\n${'x'.repeat(5000)}\nEND`;
    runtime.answer('echo', { logTail: log });
    const out = (await invoke(ctx(), { FunctionName: 'echo', LogType: 'Tail' })) as InvokeOutput;
    const tail = Buffer.from(out.LogResult!, 'base64').toString();
    assert.equal(tail.length, 4096);
    assert.ok(log.endsWith(tail));
    assert.equal(runtime.calls[0]!.request.tailLog, true);
  });

  it('replaces a response over 6 MB with the Function.ResponseSizeTooLarge error', async () => {
    runtime.answer('echo', { payload: Buffer.alloc(6_291_557, 0x20) });
    const out = (await invoke(ctx(), { FunctionName: 'echo' })) as InvokeOutput;
    assert.equal(out.FunctionError, 'Unhandled');
    assert.deepEqual(JSON.parse(out.Payload!.toString()), {
      errorMessage:
        'Response payload size (6291557 bytes) exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });
  });

  it('answers DryRun with 204 without running the function', async () => {
    const out = (await invoke(ctx(), { FunctionName: 'echo', InvocationType: 'DryRun' })) as InvokeOutput;
    assert.deepEqual(out, { StatusCode: 204 });
    assert.equal(runtime.calls.length, 0);
  });

  it('answers Event with 202 once queued, then runs the event with the same request id', async () => {
    await asyncInvoker.start();
    const out = await invoke(ctx('req-async'), {
      FunctionName: 'echo',
      InvocationType: 'Event',
      Payload: Buffer.from('[1]'),
    });
    assert.deepEqual(out, { StatusCode: 202 });
    const [call] = await runtime.waitForCalls(1);
    assert.equal(call!.request.requestId, 'req-async');
    assert.equal(call!.request.payload.toString(), '[1]');
    assert.equal(call!.request.clientContext, undefined);
  });

  it("refuses a function that is not Active with AWS's conflict error", async () => {
    resolver.update('echo', { state: 'Pending' });
    const e = await rejection(invoke(ctx(), { FunctionName: 'echo' }));
    assert.equal(e.code, 'ResourceConflictException');
    assert.equal(e.status, 409);
    assert.equal(
      e.message,
      'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    );
  });

  it("passes the resolver's not-found error through", async () => {
    const e = await rejection(invoke(ctx(), { FunctionName: 'nope' }));
    assert.equal(e.code, 'ResourceNotFoundException');
  });

  it('refuses a payload that is not JSON', async () => {
    const e = await rejection(invoke(ctx(), { FunctionName: 'echo', Payload: Buffer.from('not json') }));
    assert.equal(e.code, 'InvalidRequestContentException');
    assert.equal(runtime.calls.length, 0);
  });

  it('throttles beyond reserved concurrency with 429, the Reason and Retry-After', async () => {
    resolver.update('echo', { reservedConcurrency: 1 });
    runtime.hold = true;
    const first = invoke(ctx(), { FunctionName: 'echo' });
    const [running] = await runtime.waitForCalls(1);
    const e = await rejection(invoke(ctx(), { FunctionName: 'echo' }));
    assert.equal(e.code, 'TooManyRequestsException');
    assert.equal(e.status, 429);
    assert.equal(e.message, 'Rate Exceeded.');
    assert.deepEqual(e.fields, { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded', Type: 'User' });
    assert.ok(e.headers['Retry-After']);
    running!.finish();
    await first;
    runtime.hold = false;
    await invoke(ctx(), { FunctionName: 'echo' }); // the slot is free again
  });

  it('always throttles a function with reserved concurrency 0', async () => {
    resolver.update('echo', { reservedConcurrency: 0 });
    const e = await rejection(invoke(ctx(), { FunctionName: 'echo' }));
    assert.equal(e.fields.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
  });

  it('throttles beyond the account limit with ConcurrentInvocationLimitExceeded', async () => {
    const created = createInvokeHandlers({
      resolver: resolver.add(target('other')),
      runtime,
      store,
      accountId: ACCOUNT,
      region: REGION,
      accountConcurrencyLimit: 1,
    });
    runtime.hold = true;
    const first = created.handlers.Invoke!(ctx(), { FunctionName: 'echo' });
    const [running] = await runtime.waitForCalls(1);
    const e = await rejection(created.handlers.Invoke!(ctx(), { FunctionName: 'other' }));
    assert.equal(e.fields.Reason, 'ConcurrentInvocationLimitExceeded');
    running!.finish();
    await first;
  });
});
