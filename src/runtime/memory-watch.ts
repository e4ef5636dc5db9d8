// Samples the resident memory of an environment's process tree while an invocation runs (never
// while idle: an idle server uses no CPU), keeps the peak for REPORT's "Max Memory Used", and
// calls back once the tree passes the function's MemorySize.
import { treeRss } from './process-tree.js';

const SAMPLE_MS = 50;

export class MemoryWatch {
  private pid: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;
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
    void this.sample();
    this.timer = setInterval(() => void this.sample(), SAMPLE_MS);
  }

  /** Takes a last sample, stops sampling, and returns the peak. */
  async stop(): Promise<number> {
    const pid = this.pid;
    this.cancel();
    if (this.sampling) await this.sampling;
    if (pid) await this.measure(pid);
    return this.peak;
  }

  cancel(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.pid = undefined;
  }

  private sample(): Promise<void> {
    const pid = this.pid;
    if (!pid || this.sampling) return Promise.resolve();
    this.sampling = this.measure(pid).finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  private async measure(pid: number): Promise<void> {
    const rss = await treeRss(pid);
    if (rss > this.peak) this.peak = rss;
    if (rss > this.limitBytes && this.pid === pid) this.onExceeded();
  }
}
