// Pre-started generic processes, a few per family, so a cold start pays for loading the handler
// and not for starting an interpreter. Taking one refills the pool in the background.
import type { ChildProcess } from 'node:child_process';
import type { Launcher, PoolableFamily } from './launcher.js';

/** A generic process that dies this soon after its start counts as a failed start. */
const FAILED_START_MS = 2000;
/** How long after a take the pool starts the replacement. */
const REFILL_DELAY_MS = 100;
/** After this many failed starts in a row a family's pool stops refilling (it would only spin). */
const MAX_FAILED_STARTS = 3;

export class ProcessPool {
  private readonly ready: Record<PoolableFamily, ChildProcess[]> = { nodejs: [], python: [] };
  private readonly failures: Record<PoolableFamily, number> = { nodejs: 0, python: 0 };
  private closed = false;

  constructor(
    private readonly launcher: Launcher,
    private readonly size: number,
    /** Called when a process joins or leaves the pool. */
    private readonly changed: () => void = () => undefined,
  ) {}

  /** Fills the pool of each family the machine can run (python once the host has probed it). */
  start(families: readonly PoolableFamily[] = ['nodejs', 'python']): void {
    for (const family of families) {
      if (!this.launcher.canRun(family)) continue;
      for (let i = 0; i < this.size; i++) this.add(family);
    }
  }

  /** A ready generic process, or undefined when the pool is empty. */
  take(family: PoolableFamily): ChildProcess | undefined {
    const child = this.ready[family].shift();
    if (!child) return undefined;
    child.removeAllListeners('exit');
    child.stdout?.removeAllListeners('data');
    child.stderr?.removeAllListeners('data');
    this.failures[family] = 0;
    // Not at once: starting an interpreter takes a core for tens of milliseconds, which the cold
    // start that took this process needs now (on two cores, server and runtime already use both).
    setTimeout(() => this.add(family), REFILL_DELAY_MS).unref();
    return child;
  }

  get count(): number {
    return this.ready.nodejs.length + this.ready.python.length;
  }

  pids(): number[] {
    return [...this.ready.nodejs, ...this.ready.python].map((c) => c.pid ?? 0).filter((p) => p > 0);
  }

  close(): void {
    this.closed = true;
    for (const family of ['nodejs', 'python'] as const) {
      for (const child of this.ready[family]) {
        child.removeAllListeners('exit');
        kill(child);
      }
      this.ready[family] = [];
    }
  }

  private add(family: PoolableFamily): void {
    if (this.closed || this.size <= 0 || this.failures[family] >= MAX_FAILED_STARTS) return;
    if (this.ready[family].length >= this.size) return;
    const started = Date.now();
    const child = this.launcher.spawnGeneric(family);
    child.on('error', () => undefined);
    child.stdout?.on('data', () => undefined);
    child.stderr?.on('data', () => undefined);
    child.once('exit', () => {
      this.ready[family] = this.ready[family].filter((c) => c !== child);
      if (Date.now() - started < FAILED_START_MS) this.failures[family]++;
      setImmediate(() => this.add(family));
    });
    this.ready[family].push(child);
    this.changed();
  }
}

function kill(child: ChildProcess): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
