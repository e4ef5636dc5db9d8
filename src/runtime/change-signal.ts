// Wakes whoever watches the runtime (tests, and later a console) at its next change of state, so
// they wait for the change itself instead of polling.

export class ChangeSignal {
  private waiters: Array<() => void> = [];

  /** Something changed: every current waiter resumes. */
  fire(): void {
    if (this.waiters.length === 0) return; // the usual case, on every invocation
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves at the next fire(). */
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
