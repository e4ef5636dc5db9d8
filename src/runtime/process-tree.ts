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

/** Sum of resident memory of pid and all its descendants, in bytes (0 when it is gone). */
export function treeRss(pid: number): number {
  let total = 0;
  const queue = [pid];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const p = queue.shift() as number;
    if (seen.has(p)) continue;
    seen.add(p);
    total += residentBytesFromStatm(readOrEmpty(`/proc/${p}/statm`));
    queue.push(...children(p));
  }
  return total;
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

/** Bytes used by the files under dir (what the environment wrote to its /tmp). */
export async function dirSize(dir: string): Promise<number> {
  // Checked after every invocation, and most functions write nothing: one synchronous readdir
  // of an empty directory is far cheaper than the asynchronous walk.
  let top: fs.Dirent[];
  try {
    top = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  if (top.length === 0) return 0;
  return walkSize(dir, top);
}

async function walkSize(dir: string, entries: fs.Dirent[]): Promise<number> {
  let total = 0;
  await Promise.all(
    entries.map(async (e) => {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        const inner = await fs.promises.readdir(p, { withFileTypes: true }).catch(() => []);
        total += await walkSize(p, inner);
      } else {
        const st = await fs.promises.lstat(p).catch(() => undefined);
        if (st) total += st.size;
      }
    }),
  );
  return total;
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
