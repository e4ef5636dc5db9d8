// Samples the resident memory of an environment's process tree while an invocation runs (never
// while idle: an idle server uses no CPU), keeps the peak for REPORT's "Max Memory Used", and
// calls back once the tree passes the function's MemorySize. Samples are synchronous /proc reads
// (a few microseconds each, see process-tree.ts); an invocation shorter than the interval costs one
// sample, at its end.
import { treeRss } from './process-tree.js';

const SAMPLE_MS = 50;

export class MemoryWatch {
  private pid: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Peak over the environment's life, in bytes. */
  peak = 0;

  constructor(
    private readonly limitBytes: number,
    private readonly onExceeded: () => void,
  ) {}

  start(pid: number | undefined): void {
    this.cancel();
    this.pid = pid;
    if (!pid) return;
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  /** Takes a last sample, stops sampling, and returns the peak. */
  stop(): number {
    const pid = this.pid;
    this.cancel();
    if (pid) this.measure(pid);
    return this.peak;
  }

  cancel(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.pid = undefined;
  }

  private sample(): void {
    if (this.pid) this.measure(this.pid);
  }

  private measure(pid: number): void {
    const rss = treeRss(pid);
    if (rss > this.peak) this.peak = rss;
    if (rss > this.limitBytes && this.pid === pid) this.onExceeded();
  }
}
