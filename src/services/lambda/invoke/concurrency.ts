// Concurrency accounting shared by synchronous Invoke and the async queue.
// AWS: a function with reserved concurrency may run at most that many invocations at once (all
// versions together), and no other function may use them; functions without a reservation share the
// account's limit minus every reservation (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html).
// Excess synchronous invocations are throttled (429); excess asynchronous ones wait in the queue.
// We count in-flight invocations ourselves so that the check and the increment are one step.

export type ThrottleReason =
  'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded';

/** AWS's default concurrent executions per account and Region. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 1000;

export interface Slot {
  /** Gives the slot back; safe to call more than once. */
  release(): void;
}

export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();
  /** The last reservation seen per function, to keep reserved capacity out of the shared pool. */
  private readonly reservations = new Map<string, number>();
  private reservedTotal = 0;
  private unreservedRunning = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly accountLimit = DEFAULT_ACCOUNT_CONCURRENCY) {}

  /** Takes one slot for the function, or says which limit it would exceed. */
  tryAcquire(functionArn: string, reserved: number | undefined): Slot | ThrottleReason {
    this.noteReservation(functionArn, reserved);
    const mine = this.running.get(functionArn) ?? 0;
    if (reserved !== undefined) {
      if (mine >= reserved) return 'ReservedFunctionConcurrentInvocationLimitExceeded';
    } else if (this.unreservedRunning >= Math.max(0, this.accountLimit - this.reservedTotal)) {
      return 'ConcurrentInvocationLimitExceeded';
    }
    this.running.set(functionArn, mine + 1);
    const shared = reserved === undefined;
    if (shared) this.unreservedRunning++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const n = (this.running.get(functionArn) ?? 1) - 1;
        if (n > 0) this.running.set(functionArn, n);
        else this.running.delete(functionArn);
        if (shared) this.unreservedRunning--;
        for (const listener of [...this.listeners]) listener();
      },
    };
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
