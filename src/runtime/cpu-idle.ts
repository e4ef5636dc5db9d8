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

/** A reading over a longer window than this says nothing about now: start a new window. */
const STALE_MS = 1000;

export class CpuIdle {
  private last = totals();
  private lastAt = performance.now();
  /** Undefined until a window of recent activity has been measured. */
  private share: number | undefined;

  /**
   * Idle share of all cores (0 to 1) over the last quarter second or so, smoothed over readings
   * so one quiet moment between bursts does not make a busy machine look idle. 0 until a recent
   * window has been measured (a burst after a quiet minute is not evidence of idle CPUs).
   */
  read(): number {
    const now = performance.now();
    const elapsed = now - this.lastAt;
    if (elapsed < MIN_INTERVAL_MS) return this.share ?? 0;
    const next = totals();
    const total = next.total - this.last.total;
    if (elapsed > STALE_MS) this.share = undefined;
    else if (total > 0) {
      const sample = (next.idle - this.last.idle) / total;
      this.share = this.share === undefined ? sample : (this.share + sample) / 2;
    }
    this.last = next;
    this.lastAt = now;
    return this.share ?? 0;
  }
}
