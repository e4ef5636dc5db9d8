// The in-memory index of pending async events: per function, a FIFO of events ready to run; a list of
// events waiting for a retry time; and one timer for the earliest moment something changes. No
// polling: an enqueue or a freed concurrency slot wakes the queue; otherwise only that timer fires.

export interface ReadyQueue {
  /** Keys of events ready to run, oldest first. */
  keys: string[];
  /** The function is at its concurrency limit; wait for a release. */
  blocked: boolean;
  /** A dispatch loop is working through this queue. */
  draining: boolean;
}

export class Schedule {
  readonly ready = new Map<string, ReadyQueue>();
  /** Events waiting for their retry time, earliest first. */
  private readonly delayed: Array<{ key: string; group: string; dueAt: number }> = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(private readonly onTimer: () => void) {}

  queue(group: string): ReadyQueue {
    let q = this.ready.get(group);
    if (!q) this.ready.set(group, (q = { keys: [], blocked: false, draining: false }));
    return q;
  }

  /** Adds a ready event in key order (a retried event keeps its place among the old ones). */
  addReady(group: string, key: string): ReadyQueue {
    const q = this.queue(group);
    let i = q.keys.length;
    while (i > 0 && q.keys[i - 1]! > key) i--;
    q.keys.splice(i, 0, key);
    return q;
  }

  addDelayed(group: string, key: string, dueAt: number): void {
    let i = this.delayed.length;
    while (i > 0 && this.delayed[i - 1]!.dueAt > dueAt) i--;
    this.delayed.splice(i, 0, { key, group, dueAt });
  }

  /** Moves every event due by `now` to its ready queue; returns the groups that gained one. */
  promoteDue(now: number): Set<string> {
    const groups = new Set<string>();
    while (this.delayed.length && this.delayed[0]!.dueAt <= now) {
      const { key, group } = this.delayed.shift()!;
      this.addReady(group, key);
      groups.add(group);
    }
    return groups;
  }

  /** Arms the one timer for the earliest of the next retry and `extra` (e.g. an expiry); exact, not a poll. */
  arm(now: number, extra = Infinity): void {
    const at = Math.min(this.delayed[0]?.dueAt ?? Infinity, extra);
    if (at === this.timerAt) return;
    this.disarm();
    if (at === Infinity) return;
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.onTimer();
      },
      Math.max(0, at - now),
    );
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  get size(): number {
    let n = this.delayed.length;
    for (const q of this.ready.values()) n += q.keys.length;
    return n;
  }
}
