// Samples the resident memory of an environment's process tree while an invocation runs (never
// while idle: an idle server uses no CPU), keeps the peak for REPORT's "Max Memory Used", and
// calls back once the tree passes the function's MemorySize. Samples are synchronous /proc reads
// (a few microseconds each, see process-tree.ts). Each periodic sample walks the whole tree; the
// last one, at the end of every invocation, reads the memory of the processes the walks found,
// which for the common invocation shorter than the interval is one read of the process's statm,
// kept open.
import { StatmReader, processRss, processTree } from './process-tree.js';

const SAMPLE_MS = 50;

export class MemoryWatch {
  private pid: number | undefined;
  /** The tree as the last walk found it (the process itself until a walk has run). */
  private members: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private main: StatmReader | undefined;
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
    if (this.main?.pid !== pid) {
      this.main?.close();
      this.main = new StatmReader(pid);
      this.members = [pid];
    }
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  /** Takes a last sample, stops sampling, and returns the peak. */
  stop(): number {
    const pid = this.pid;
    this.cancel();
    if (pid) this.record(pid, this.treeRss());
    return this.peak;
  }

  /** Stops sampling and lets go of the process. */
  dispose(): void {
    this.cancel();
    this.main?.close();
    this.main = undefined;
  }

  /** The tree's memory: the process itself through its open statm, the rest as last found. */
  private treeRss(): number {
    let total = 0;
    for (const p of this.members) total += p === this.main?.pid ? this.main.rss() : processRss(p);
    return total;
  }

  cancel(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.pid = undefined;
  }

  private sample(): void {
    const pid = this.pid;
    if (!pid) return;
    this.members = processTree(pid);
    this.record(pid, this.treeRss());
  }

  private record(pid: number, rss: number): void {
    if (rss > this.peak) this.peak = rss;
    if (rss > this.limitBytes && this.pid === pid) this.onExceeded();
  }
}
