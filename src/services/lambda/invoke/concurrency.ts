// Concurrency accounting shared by synchronous Invoke and the async queue.
// AWS: a function with reserved concurrency may run at most that many invocations at once (all
// versions together), and no other function may use them; functions without a reservation share the
// account's limit minus every reservation (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html).
// Excess synchronous invocations are throttled (429); excess asynchronous ones wait in the queue.
// Provisioned concurrency is part of the function's reservation (or, without one, taken from the
// shared pool): invocations of a provisioned version run on it first, and only the rest of the
// reservation is left for everything else — with reserved = provisioned, $LATEST is throttled
// (LocalStack's AWS-validated TestLambdaConcurrency::test_lambda_concurrency_block).
// We count in-flight invocations ourselves so that the check and the increment are one step.

import type { InvokeTarget } from '../invoke-target.js';

export type ThrottleReason =
  'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded';

/** AWS's default concurrent executions per account and Region. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 1000;

/** The provisioned concurrency an invocation may run on. */
export interface ProvisionedShare {
  /** The configuration (version) invoked. */
  configKey: string;
  /** Provisioned concurrency of that version (through itself or its aliases). */
  count: number;
  /** Provisioned concurrency of all the function's versions and aliases. */
  functionTotal: number;
}

export interface Slot {
  /** Gives the slot back; safe to call more than once. */
  release(): void;
}

export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();
  /** Invocations not running on provisioned concurrency, per function. */
  private readonly onDemand = new Map<string, number>();
  /** Invocations running on provisioned concurrency, per configuration. */
  private readonly onProvisioned = new Map<string, number>();
  /** The last allocation seen per function (reservation, else provisioned total), kept out of the shared pool. */
  private readonly reservations = new Map<string, number>();
  private reservedTotal = 0;
  private unreservedRunning = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly accountLimit = DEFAULT_ACCOUNT_CONCURRENCY) {}

  /** Takes one slot for the function, or says which limit it would exceed. */
  tryAcquire(
    functionArn: string,
    reserved: number | undefined,
    provisioned?: ProvisionedShare,
  ): Slot | ThrottleReason {
    const provisionedTotal = provisioned?.functionTotal ?? 0;
    this.noteReservation(functionArn, reserved ?? (provisionedTotal > 0 ? provisionedTotal : undefined));
    const onProvisioned =
      provisioned !== undefined && (this.onProvisioned.get(provisioned.configKey) ?? 0) < provisioned.count;
    const shared = reserved === undefined && !onProvisioned;
    if (!onProvisioned) {
      const mine = this.onDemand.get(functionArn) ?? 0;
      if (reserved !== undefined) {
        if (mine >= reserved - provisionedTotal) return 'ReservedFunctionConcurrentInvocationLimitExceeded';
      } else if (this.unreservedRunning >= Math.max(0, this.accountLimit - this.reservedTotal)) {
        return 'ConcurrentInvocationLimitExceeded';
      }
    }
    const counter = onProvisioned ? this.onProvisioned : this.onDemand;
    const counterKey = onProvisioned ? provisioned!.configKey : functionArn;
    bump(this.running, functionArn, 1);
    bump(counter, counterKey, 1);
    if (shared) this.unreservedRunning++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        bump(this.running, functionArn, -1);
        bump(counter, counterKey, -1);
        if (shared) this.unreservedRunning--;
        for (const listener of [...this.listeners]) listener();
      },
    };
  }

  /** tryAcquire for a resolved invoke target (its reservation and provisioned concurrency). */
  acquire(target: InvokeTarget): Slot | ThrottleReason {
    const p = target.provisioned;
    const share = p && { configKey: target.spec.configKey, count: p.version, functionTotal: p.function };
    return this.tryAcquire(target.functionArn, target.reservedConcurrency, share);
  }

  /** In-flight invocations of a function (all versions). */
  inFlight(functionArn: string): number {
    return this.running.get(functionArn) ?? 0;
  }

  /** Called after every release (a waiting async event may now run). Returns an unsubscribe function. */
  onRelease(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private noteReservation(functionArn: string, reserved: number | undefined): void {
    const before = this.reservations.get(functionArn);
    if (before === reserved) return;
    this.reservedTotal += (reserved ?? 0) - (before ?? 0);
    if (reserved === undefined) this.reservations.delete(functionArn);
    else this.reservations.set(functionArn, reserved);
  }
}

function bump(map: Map<string, number>, key: string, delta: number): void {
  const n = (map.get(key) ?? 0) + delta;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
