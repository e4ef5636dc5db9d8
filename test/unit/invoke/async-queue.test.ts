// The async invocation queue with a fake resolver and runtime over a real SQLite store: order,
// retries, maximum age, destinations and their records, throttling, and recovery after a restart.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AsyncInvoker } from '../../../src/events/async-invoker.js';
import { NS_ITEMS } from '../../../src/events/async-store.js';
import { ConcurrencyLimiter } from '../../../src/services/lambda/invoke/concurrency.js';
import { SqliteStore } from '../../../src/storage/sqlite-store.js';
import { ACCOUNT, arnOf, FakeResolver, FakeRuntime, target, tempStore } from './fakes.js';

const failure = (message: string) => ({
  payload: Buffer.from(JSON.stringify({ errorType: 'Error', errorMessage: message })),
  functionError: 'Unhandled' as const,
});

describe('async invocation queue', () => {
  let temp: ReturnType<typeof tempStore>;
  let store: SqliteStore;
  let resolver: FakeResolver;
  let runtime: FakeRuntime;
  let limiter: ConcurrencyLimiter;
  /** How far the queue's clock runs ahead of real time (tests age events by moving it). */
  let skew: number;
  let invoker: AsyncInvoker;
  const logs: string[] = [];

  const make = (s: SqliteStore, r = runtime): AsyncInvoker =>
    new AsyncInvoker({
      resolver,
      runtime: r,
      store: s,
      limiter,
      retryDelayScale: 0.0001, // 1 and 2 minutes become 6 and 12 ms
      log: (l) => logs.push(l),
      now: () => Date.now() + skew,
    });

  beforeEach(async () => {
    temp = tempStore();
    store = temp.store;
    skew = 0;
    resolver = new FakeResolver().add(target('work')).add(target('dest'));
    runtime = new FakeRuntime();
    limiter = new ConcurrencyLimiter();
    invoker = make(store);
    await invoker.start();
  });

  afterEach(async () => {
    await invoker.close();
    await store.close();
    temp.cleanup();
  });

  const enqueue = (payload: unknown, requestId?: string): Promise<string> =>
    invoker.enqueue(
      ACCOUNT,
      'work',
      undefined,
      Buffer.from(JSON.stringify(payload)),
      requestId ? { requestId } : {},
    );

  const withDestinations = (onSuccess?: string, onFailure?: string, extra = {}) =>
    resolver.update('work', {
      eventInvokeConfig: {
        ...extra,
        DestinationConfig: {
          ...(onSuccess ? { OnSuccess: { Destination: onSuccess } } : {}),
          ...(onFailure ? { OnFailure: { Destination: onFailure } } : {}),
        },
      },
    });

  /** The invocation record the destination function received. */
  async function recordSentTo(dest: string, callIndex: number): Promise<any> {
    const calls = await runtime.waitForCalls(callIndex + 1);
    const call = calls[callIndex]!;
    assert.equal(call.spec.functionName, dest);
    return JSON.parse(call.request.payload.toString());
  }

  it('is durable before enqueue resolves, and delivered with the request id it was given', async () => {
    runtime.hold = true;
    const id = await enqueue({ n: 1 }, 'req-42');
    assert.equal(id, 'req-42');
    assert.equal(await store.read((tx) => tx.count(NS_ITEMS)), 1);
    const [call] = await runtime.waitForCalls(1);
    assert.equal(call!.request.requestId, 'req-42');
    assert.equal(call!.request.invokedFunctionArn, arnOf('work'));
    call!.finish();
    await invoker.idle();
    assert.equal(await store.read((tx) => tx.count(NS_ITEMS)), 0);
  });

  it("delivers one function's events in order, one at a time under reserved concurrency 1", async () => {
    resolver.update('work', { reservedConcurrency: 1 });
    runtime.hold = true;
    for (const n of [1, 2, 3]) await enqueue({ n });
    const order: number[] = [];
    for (let i = 0; i < 3; i++) {
      const calls = await runtime.waitForCalls(i + 1);
      assert.equal(runtime.active, 1, 'never more than the reserved concurrency at once');
      const call = calls[i]!;
      order.push(JSON.parse(call.request.payload.toString()).n);
      call.finish();
    }
    assert.deepEqual(order, [1, 2, 3]);
    await invoker.idle();
  });

  it('retries a function error twice, then sends a RetriesExhausted record to the failure destination', async () => {
    withDestinations(undefined, arnOf('dest'));
    runtime.answer('work', failure('one'), failure('two'), failure('three'));
    await enqueue({ order: 7 }, 'req-retry');
    const before = Date.now();
    const record = await recordSentTo('dest', 3);
    assert.ok(Date.parse(record.timestamp) >= before - 1000 && Date.parse(record.timestamp) <= Date.now());
    const attempts = runtime.calls.slice(0, 3);
    assert.ok(attempts.every((c) => c.spec.functionName === 'work' && c.request.requestId === 'req-retry'));
    assert.deepEqual(record, {
      version: '1.0',
      timestamp: record.timestamp,
      requestContext: {
        requestId: 'req-retry',
        functionArn: `${arnOf('work')}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { order: 7 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'three' },
    });
  });

  it('honours MaximumRetryAttempts 0', async () => {
    withDestinations(undefined, arnOf('dest'), { MaximumRetryAttempts: 0 });
    runtime.answer('work', failure('only'));
    await enqueue({});
    const record = await recordSentTo('dest', 1);
    assert.equal(record.requestContext.approximateInvokeCount, 1);
  });

  it('sends a Success record with the response to the success destination', async () => {
    withDestinations(arnOf('dest'), arnOf('dest'));
    runtime.answer('work', failure('first'), { payload: Buffer.from('"done"') });
    await enqueue({ job: 'x' });
    const record = await recordSentTo('dest', 2);
    assert.equal(record.requestContext.condition, 'Success');
    assert.equal(record.requestContext.approximateInvokeCount, 2);
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST' });
    assert.equal(record.responsePayload, 'done');
    assert.deepEqual(record.requestPayload, { job: 'x' });
  });

  it('gives up with EventAgeExceeded when the next retry would pass the maximum age', async () => {
    withDestinations(undefined, arnOf('dest'), { MaximumEventAgeInSeconds: 60 });
    const slow = new AsyncInvoker({
      resolver,
      runtime,
      store,
      limiter,
      log: () => {},
      now: () => Date.now() + skew,
    }); // AWS's 1-minute delay
    await invoker.close();
    invoker = slow;
    await invoker.start();
    runtime.answer('work', () => {
      skew += 1000; // the attempt took a second: a retry in 1 minute would be 61 s after the event arrived
      return failure('late');
    });
    await enqueue({});
    const record = await recordSentTo('dest', 1);
    assert.equal(record.requestContext.condition, 'EventAgeExceeded');
    assert.equal(record.requestContext.approximateInvokeCount, 1);
    assert.equal(record.responseContext.functionError, 'Unhandled');
  });

  it('expires an event that waited throttled beyond its maximum age, never having run', async () => {
    withDestinations(undefined, arnOf('dest'), { MaximumEventAgeInSeconds: 60 });
    resolver.update('work', { reservedConcurrency: 1 });
    const busy = limiter.tryAcquire(arnOf('work'), 1); // another invocation holds the only slot
    assert.notEqual(typeof busy, 'string');
    await enqueue({ waited: true });
    skew += 61_000;
    (busy as { release(): void }).release();
    const record = await recordSentTo('dest', 0);
    assert.equal(record.requestContext.condition, 'EventAgeExceeded');
    assert.equal(record.requestContext.approximateInvokeCount, 0);
    assert.equal(record.responseContext, undefined);
    assert.deepEqual(record.requestPayload, { waited: true });
  });

  it('waits while throttled and runs when a slot frees up (never dropped)', async () => {
    resolver.update('work', { reservedConcurrency: 1 });
    const busy = limiter.tryAcquire(arnOf('work'), 1) as { release(): void };
    await enqueue({ n: 1 });
    assert.equal(await store.read((tx) => tx.count(NS_ITEMS)), 1);
    assert.equal(runtime.calls.length, 0);
    busy.release();
    await runtime.waitForCalls(1);
    await invoker.idle();
  });

  it('sends events of a function reserved at 0 straight to the failure destination', async () => {
    withDestinations(undefined, arnOf('dest'));
    resolver.update('work', { reservedConcurrency: 0 });
    await enqueue({ z: 0 });
    const record = await recordSentTo('dest', 0);
    assert.equal(record.requestContext.condition, 'ZeroReservedConcurrency');
    assert.equal(record.requestContext.approximateInvokeCount, 0);
    assert.equal(record.responseContext, undefined);
  });

  it('retries a system error (the runtime failing) until it succeeds', async () => {
    runtime.answer('work', new Error('spawn failed'), {});
    await enqueue({});
    await runtime.waitForCalls(2);
    await invoker.idle();
    assert.ok(logs.some((l) => l.includes('spawn failed')));
  });

  it('drops events of a function that no longer exists', async () => {
    await invoker.enqueue(ACCOUNT, 'gone', undefined, Buffer.from('{}'));
    await invoker.idle();
    assert.equal(runtime.calls.length, 0);
    assert.equal(await store.read((tx) => tx.count(NS_ITEMS)), 0);
  });

  it("picks up an event written in a caller's transaction once woken", async () => {
    await store.write((tx) =>
      invoker.enqueue(ACCOUNT, 'work', undefined, Buffer.from('{"outbox":1}'), { tx }),
    );
    invoker.wake();
    const [call] = await runtime.waitForCalls(1);
    assert.equal(call!.request.payload.toString(), '{"outbox":1}');
  });

  it('delivers again after a restart an event that was running when the server stopped', async () => {
    runtime.hold = true;
    await enqueue({ survive: true }, 'req-restart');
    await runtime.waitForCalls(1); // running, never finished
    await invoker.close();
    await store.close();

    store = new SqliteStore(temp.file);
    const runtime2 = new FakeRuntime();
    invoker = make(store, runtime2);
    await invoker.start();
    const [call] = await runtime2.waitForCalls(1);
    assert.equal(call!.request.requestId, 'req-restart');
    assert.equal(call!.request.payload.toString(), '{"survive":true}');
    await invoker.idle();
    assert.equal(await store.read((tx) => tx.count(NS_ITEMS)), 0);
  });
});
