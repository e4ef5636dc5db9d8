// The machine's idle CPU share over the last few hundred milliseconds, read on demand (no timer:
// an idle server uses no CPU). os.cpus() reports every core's cumulative times; the share is the
// idle time's part of the difference between two readings.
import os from 'node:os';

/** Readings closer together than this reuse the last answer. */
const MIN_INTERVAL_MS = 250;

function totals(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

export class CpuIdle {
  private last = totals();
  private lastAt = performance.now();
  private share = 1;

  /** Idle share of all cores (0 to 1) since the previous reading. */
  read(): number {
    const now = performance.now();
    if (now - this.lastAt < MIN_INTERVAL_MS) return this.share;
    const next = totals();
    const total = next.total - this.last.total;
    if (total > 0) this.share = (next.idle - this.last.idle) / total;
    this.last = next;
    this.lastAt = now;
    return this.share;
  }
}
