// Resident memory of a process and its descendants, read from /proc (Linux). Lambda limits the
// memory of the whole environment, so children a function spawns count too.
import fs from 'node:fs';

const PAGE_SIZE = 4096;

/**
 * /proc files are generated on read and never block on a disk: a synchronous read costs a few
 * microseconds, where fs.promises.readFile costs four thread-pool round trips (open, fstat,
 * read, close) — which, sampled on every invocation, was a fifth of the server's time per invoke.
 */
function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Direct children of pid (needs CONFIG_PROC_CHILDREN, which every current distribution kernel
 * has). Only the main thread's: processes are spawned from it (libuv, subprocess), and reading
 * every thread's list would cost a dozen reads per sample.
 */
function children(pid: number): number[] {
  return readOrEmpty(`/proc/${pid}/task/${pid}/children`).split(' ').filter(Boolean).map(Number);
}

/** Parses /proc/<pid>/statm: the second field is resident pages. */
export function residentBytesFromStatm(statm: string): number {
  const resident = Number(statm.split(' ')[1]);
  return Number.isFinite(resident) ? resident * PAGE_SIZE : 0;
}

/** Resident memory of one process in bytes (0 when it is gone). */
export function processRss(pid: number): number {
  return residentBytesFromStatm(readOrEmpty(`/proc/${pid}/statm`));
}

/**
 * One process's /proc/<pid>/statm kept open: a read at offset 0 regenerates it, so each sample is
 * one pread instead of open, fstat, read and close. The descriptor stays bound to the process it
 * was opened for (a reused pid is another process), and reads 0 once that process is gone.
 */
export class StatmReader {
  private fd: number | undefined;
  private readonly buf = Buffer.alloc(128);

  constructor(readonly pid: number) {}

  rss(): number {
    try {
      this.fd ??= fs.openSync(`/proc/${this.pid}/statm`, 'r');
      const n = fs.readSync(this.fd, this.buf, 0, this.buf.length, 0);
      return residentBytesFromStatm(this.buf.toString('latin1', 0, n));
    } catch {
      this.close();
      return 0;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
  }
}

/** pid and all its descendants, found now. */
export function processTree(pid: number): number[] {
  const queue = [pid];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const p = queue.shift() as number;
    if (seen.has(p)) continue;
    seen.add(p);
    queue.push(...children(p));
  }
  return [...seen];
}

/** SIGKILLs the process group the environment's process leads (it is spawned detached). */
export function killTree(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** treeRss, synchronously (for stats(), which the benchmark reads between runs). */
export function treeRssSync(pid: number): number {
  const read = readOrEmpty;
  let total = 0;
  const queue = [pid];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const p = queue.shift() as number;
    if (seen.has(p)) continue;
    seen.add(p);
    total += residentBytesFromStatm(read(`/proc/${p}/statm`));
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      // gone
    }
    for (const t of tasks)
      queue.push(...read(`/proc/${p}/task/${t}/children`).split(' ').filter(Boolean).map(Number));
  }
  return total;
}
