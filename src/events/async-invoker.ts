// The asynchronous invocation queue (Invoke with InvocationType Event, and every service that invokes
// functions asynchronously: S3 notifications, destinations). AWS's behaviour, followed here:
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
//  - the event is queued before the caller gets 202, and delivered at least once;
//  - function errors are retried MaximumRetryAttempts times (default 2) after 1 and 2 minutes;
//  - throttles and system errors are retried with back-off until MaximumEventAgeInSeconds (default 6 h);
//  - with reserved concurrency 0 an event goes straight to the on-failure destination, unretried;
//  - the outcome is sent to the OnSuccess / OnFailure destination as an invocation record.
// Events live in the Store (see async-store.ts) and survive a restart; start() picks them up again.
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../runtime/runtime.js';
import { isServiceError } from '../server/service-error.js';
import type { InvokeTarget, InvokeTargetResolver } from '../services/lambda/invoke-target.js';
import type { ConcurrencyLimiter, Slot } from '../services/lambda/invoke/concurrency.js';
import type { Store, WriteTx } from '../storage/store.js';
import { invokeDenied, serviceMayInvoke } from '../iam/resource-policy-invoke.js';
import {
  type AsyncItem,
  deleteItem,
  insertItem,
  listItemsAfter,
  readPayload,
  readResponse,
  type ServiceInvoker,
  updateItem,
} from './async-store.js';
import { Schedule } from './async-schedule.js';
import { destinationFor, type DestinationSink, DestinationSinks } from './destinations.js';
import { invocationRecord, type RecordCondition, type RecordResponse } from './invocation-record.js';
import {
  functionErrorDelayMs,
  maxEventAgeMs,
  maxRetryAttempts,
  systemErrorDelayMs,
  withinAge,
} from './retry-policy.js';

export interface AsyncInvokerDeps {
  resolver: InvokeTargetResolver;
  runtime: Runtime;
  store: Store;
  limiter: ConcurrencyLimiter;
  /** Multiplies every retry delay (1 = AWS's schedule; smaller for local testing). */
  retryDelayScale?: number;
  log?: (line: string) => void;
  /** The clock (tests may move it). */
  now?: () => number;
}

export interface EnqueueOptions {
  /** The request id the function sees; a new one when absent. */
  requestId?: string;
  /** Write the event in the caller's transaction (an outbox row); call wake() once it has committed. */
  tx?: WriteTx;
  /**
   * The service invoking (e.g. S3 for a bucket notification). Its permission in the function's
   * resource-based policy is checked when the event is delivered; without it the event is dropped and
   * logged, as AWS refuses the service's Invoke.
   */
  invoker?: ServiceInvoker;
}

export class AsyncInvoker {
  private readonly schedule = new Schedule(() => this.onTimer());
  private readonly items = new Map<string, AsyncItem>();
  /** Last known maximum event age per function group, for expiring events that wait on a throttle. */
  private readonly maxAgeMs = new Map<string, number>();
  private readonly sinks = new DestinationSinks();
  private readonly running = new Set<Promise<void>>();
  private idleWaiters: Array<() => void> = [];
  private lastKey = '';
  private loading: Promise<void> | undefined;
  private reloadAgain = false;
  private started = false;
  private closed = false;
  private unsubscribe: (() => void) | undefined;
  private readonly scale: number;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  constructor(private readonly deps: AsyncInvokerDeps) {
    this.scale = deps.retryDelayScale ?? 1;
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Queues an event durably; resolves with its request id once it is committed (or written to opts.tx). */
  async enqueue(
    accountId: string,
    functionName: string,
    qualifier: string | undefined,
    payload: Buffer,
    opts: EnqueueOptions = {},
  ): Promise<string> {
    const requestId = opts.requestId ?? randomUUID();
    const at = this.now();
    const item: AsyncItem = {
      requestId,
      accountId,
      functionName,
      ...(qualifier ? { qualifier } : {}),
      ...(opts.invoker ? { invoker: opts.invoker } : {}),
      enqueuedAt: at,
      dueAt: at,
      invokeCount: 0,
      functionErrors: 0,
      systemErrors: 0,
    };
    if (opts.tx) {
      await insertItem(opts.tx, item, payload);
      return requestId;
    }
    await this.deps.store.write((tx) => insertItem(tx, item, payload));
    this.wake();
    return requestId;
  }

  /** Registers the sink for a non-Lambda destination service ('sqs', 'sns', 'events', 's3'). */
  registerDestination(service: string, sink: DestinationSink): void {
    this.sinks.register(service, sink);
  }

  /** Picks up events committed since the last look (after an outbox transaction commits). */
  wake(): void {
    if (!this.started || this.closed) return;
    if (this.loading) {
      this.reloadAgain = true;
      return;
    }
    this.loading = this.loadNew()
      .catch((e: unknown) => this.log(`async queue: loading events failed: ${String(e)}`))
      .finally(() => {
        this.loading = undefined;
        if (this.reloadAgain) {
          this.reloadAgain = false;
          this.wake();
        }
        this.checkIdle();
      });
  }

  /** Loads every pending event (including those in flight at the last stop) and starts delivering. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.deps.limiter.onRelease(() => this.unblockAll());
    this.wake();
    await this.loading;
  }

  /** Stops delivering. Events in flight stay in the Store and run again after the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.schedule.disarm();
    this.unsubscribe?.();
    await this.loading;
  }

  /** Events not yet finished (queued, waiting for a retry, or running). */
  pendingCount(): number {
    return this.items.size;
  }

  /** Resolves once no loaded event is left unfinished (for tests and orderly shutdowns). */
  idle(): Promise<void> {
    if (this.items.size === 0 && !this.loading) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private forget(key: string): void {
    this.items.delete(key);
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.items.size === 0 && !this.loading) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async loadNew(): Promise<void> {
    const entries = await this.deps.store.read((tx) => listItemsAfter(tx, this.lastKey));
    for (const { key, value } of entries) {
      if (key > this.lastKey) this.lastKey = key;
      if (this.items.has(key) || this.closed) continue;
      this.items.set(key, value);
      this.place(key, value);
    }
  }

  private place(key: string, item: AsyncItem): void {
    const group = groupOf(item);
    const now = this.now();
    if (item.dueAt <= now) {
      this.schedule.addReady(group, key);
      this.drain(group);
    } else {
      this.schedule.addDelayed(group, key, item.dueAt);
      this.rearm();
    }
  }

  private onTimer(): void {
    if (this.closed) return;
    for (const group of this.schedule.promoteDue(this.now())) this.drain(group);
    // A throttled queue whose oldest event has aged out is looked at again so it can expire.
    for (const [group, q] of this.schedule.ready) {
      if (q.blocked && this.expiryOf(group, q.keys[0]) <= this.now()) {
        q.blocked = false;
        this.drain(group);
      }
    }
    this.rearm();
  }

  private rearm(): void {
    let earliestExpiry = Infinity;
    for (const [group, q] of this.schedule.ready) {
      if (q.blocked) earliestExpiry = Math.min(earliestExpiry, this.expiryOf(group, q.keys[0]));
    }
    this.schedule.arm(this.now(), earliestExpiry);
  }

  private expiryOf(group: string, key: string | undefined): number {
    const item = key === undefined ? undefined : this.items.get(key);
    const maxAge = this.maxAgeMs.get(group);
    return item && maxAge !== undefined ? item.enqueuedAt + maxAge + 1 : Infinity;
  }

  private unblockAll(): void {
    if (this.closed) return;
    for (const [group, q] of this.schedule.ready) {
      if (q.blocked) {
        q.blocked = false;
        this.drain(group);
      }
    }
  }

  /** Works through one function's ready events while it has concurrency to spare. */
  private drain(group: string): void {
    const q = this.schedule.queue(group);
    if (q.draining || q.blocked || this.closed) return;
    q.draining = true;
    void (async () => {
      try {
        while (q.keys.length && !this.closed && !q.blocked) {
          const key = q.keys[0]!;
          const item = this.items.get(key)!;
          let target: InvokeTarget;
          try {
            target = await this.deps.resolver.resolve(item.functionName, item.qualifier, item.accountId);
          } catch (e) {
            q.keys.shift();
            // A deleted function's events are dropped (as on AWS); a passing failure is retried.
            if (isServiceError(e) && e.status < 500)
              await this.discard(key, `${item.functionName}: ${e.message}`);
            else await this.retryAfterSystemError(key, item, undefined);
            continue;
          }
          if (item.invoker && !serviceMayInvoke(target, item.invoker)) {
            q.keys.shift();
            await this.discard(key, invokeDenied(target, item.invoker));
            continue;
          }
          this.maxAgeMs.set(group, maxEventAgeMs(target.eventInvokeConfig));
          if (!withinAge(item.enqueuedAt, this.now(), target.eventInvokeConfig)) {
            q.keys.shift();
            await this.finish(key, item, target, 'EventAgeExceeded', await this.lastResponse(key));
            continue;
          }
          if (target.reservedConcurrency === 0) {
            q.keys.shift();
            await this.finish(key, item, target, 'ZeroReservedConcurrency');
            continue;
          }
          if (target.state !== 'Active') {
            q.keys.shift();
            await this.retryAfterSystemError(key, item, target);
            continue;
          }
          const slot = this.deps.limiter.acquire(target);
          if (typeof slot === 'string') {
            q.blocked = true; // a release (or the event's expiry) wakes this queue again
            this.rearm();
            break;
          }
          q.keys.shift();
          this.track(this.attempt(key, item, target, slot));
        }
      } catch (e) {
        this.log(`async queue: dispatch failed: ${String(e)}`);
      } finally {
        q.draining = false;
        if (q.keys.length === 0 && !q.blocked) this.schedule.ready.delete(group);
      }
    })();
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((e: unknown) => this.log(`async queue: attempt failed: ${String(e)}`));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** One attempt: run the function, then record success, schedule a retry, or give up. */
  private async attempt(key: string, item: AsyncItem, target: InvokeTarget, slot: Slot): Promise<void> {
    let result;
    try {
      const payload = await this.deps.store.read((tx) => readPayload(tx, key));
      result = await this.deps.runtime.invoke(target.spec, {
        requestId: item.requestId,
        payload,
        invokedFunctionArn: target.invokedArn,
      });
    } catch (e) {
      slot.release();
      this.log(`async queue: ${item.requestId} failed to run (${String(e)}); retrying`);
      if (!this.closed) await this.retryAfterSystemError(key, item, target);
      return;
    }
    slot.release();
    if (this.closed) return; // still in the Store: delivered again after the next start
    const response: RecordResponse = {
      executedVersion: target.executedVersion,
      ...(result.functionError ? { functionError: result.functionError } : {}),
      payload: result.payload.toString('base64'),
    };
    const next: AsyncItem = { ...item, invokeCount: item.invokeCount + 1, systemErrors: 0 };
    if (!result.functionError) return this.finish(key, next, target, 'Success', response);
    next.functionErrors = item.functionErrors + 1;
    if (next.functionErrors > maxRetryAttempts(target.eventInvokeConfig)) {
      return this.finish(key, next, target, 'RetriesExhausted', response);
    }
    next.dueAt = this.now() + functionErrorDelayMs(next.functionErrors, this.scale);
    if (!withinAge(item.enqueuedAt, next.dueAt, target.eventInvokeConfig)) {
      return this.finish(key, next, target, 'EventAgeExceeded', response);
    }
    await this.reschedule(key, next, response);
  }

  /** Throttles, system errors and unready functions: back off and try again until the event ages out. */
  private async retryAfterSystemError(
    key: string,
    item: AsyncItem,
    target: InvokeTarget | undefined,
  ): Promise<void> {
    const next: AsyncItem = { ...item, systemErrors: item.systemErrors + 1 };
    next.dueAt = this.now() + systemErrorDelayMs(next.systemErrors, this.scale);
    if (target && !withinAge(item.enqueuedAt, next.dueAt, target.eventInvokeConfig)) {
      return this.finish(key, next, target, 'EventAgeExceeded', await this.lastResponse(key));
    }
    await this.reschedule(key, next);
  }

  private async reschedule(key: string, item: AsyncItem, response?: RecordResponse): Promise<void> {
    await this.deps.store.write((tx) => updateItem(tx, key, item, response));
    this.items.set(key, item);
    this.schedule.addDelayed(groupOf(item), key, item.dueAt);
    this.rearm();
  }

  private lastResponse(key: string): Promise<RecordResponse | undefined> {
    return this.deps.store.read((tx) => readResponse(tx, key));
  }

  /** Retires an event and, when its destination asks for this outcome, sends the invocation record. */
  private async finish(
    key: string,
    item: AsyncItem,
    target: InvokeTarget,
    condition: RecordCondition,
    response?: RecordResponse,
  ): Promise<void> {
    if (condition !== 'Success') {
      this.log(`async queue: ${item.requestId} for ${target.functionArn} failed (${condition})`);
    }
    const destination = destinationFor(target, condition);
    let record: Record<string, unknown> | undefined;
    if (destination) {
      const payload = await this.deps.store.read((tx) => readPayload(tx, key));
      record = invocationRecord({
        requestId: item.requestId,
        functionArn: target.functionArn,
        executedVersion: target.executedVersion,
        condition,
        approximateInvokeCount: item.invokeCount,
        requestPayload: payload,
        ...(response && condition !== 'ZeroReservedConcurrency' ? { response } : {}),
        timestamp: new Date(this.now()),
      });
    }
    await this.deps.store.write(async (tx) => {
      await deleteItem(tx, key);
      if (destination?.kind === 'lambda' && record) {
        const bytes = Buffer.from(JSON.stringify(record));
        await this.enqueue(destination.accountId, destination.functionArn, undefined, bytes, { tx });
      }
    });
    if (destination?.kind === 'lambda') this.wake();
    else if (destination && record) await this.sinks.deliver(destination, record, this.log);
    this.forget(key);
  }

  private async discard(key: string, why: string): Promise<void> {
    this.log(`async queue: dropping event ${key}: ${why}`);
    await this.deps.store.write((tx) => deleteItem(tx, key));
    this.forget(key);
  }
}

function groupOf(item: AsyncItem): string {
  return `${item.accountId}\u0000${item.functionName}\u0000${item.qualifier ?? ''}`;
}
