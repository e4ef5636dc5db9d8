// Resident memory of a process and its descendants, read from /proc (Linux). Lambda limits the
// memory of the whole environment, so children a function spawns count too.
import fs from 'node:fs';

const PAGE_SIZE = 4096;

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Direct children of pid (needs CONFIG_PROC_CHILDREN, which every current distribution kernel
 * has). Only the main thread's: processes are spawned from it (libuv, subprocess), and reading
 * every thread's list would cost a dozen reads per sample.
 */
async function children(pid: number): Promise<number[]> {
  const list = await readOrEmpty(`/proc/${pid}/task/${pid}/children`);
  return list.split(' ').filter(Boolean).map(Number);
}

/** Parses /proc/<pid>/statm: the second field is resident pages. */
export function residentBytesFromStatm(statm: string): number {
  const resident = Number(statm.split(' ')[1]);
  return Number.isFinite(resident) ? resident * PAGE_SIZE : 0;
}

/** Sum of resident memory of pid and all its descendants, in bytes (0 when it is gone). */
export async function treeRss(pid: number): Promise<number> {
  let total = 0;
  const queue = [pid];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const p = queue.shift() as number;
    if (seen.has(p)) continue;
    seen.add(p);
    const [statm, kids] = await Promise.all([readOrEmpty(`/proc/${p}/statm`), children(p)]);
    total += residentBytesFromStatm(statm);
    queue.push(...kids);
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
  let total = 0;
  const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries.map(async (e) => {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) total += await dirSize(p);
      else {
        const st = await fs.promises.lstat(p).catch(() => undefined);
        if (st) total += st.size;
      }
    }),
  );
  return total;
}

/** treeRss, synchronously (for stats(), which the benchmark reads between runs). */
export function treeRssSync(pid: number): number {
  const read = (f: string) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };
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
