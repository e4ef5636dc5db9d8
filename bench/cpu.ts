// CPU time used by a process tree, read from /proc (Linux): how much work a request costs each
// process, a number that does not depend on how busy the rest of the machine is.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of one process in ms (0 when it is gone). */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/**
 * utime + stime of a process's main thread alone in ms: its JavaScript, and what it hashes and
 * copies itself, without the thread pool's file writes and V8's helper threads (0 when it is gone).
 */
export function mainThreadCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuMs(file: string): number {
  try {
    const stat = readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Every descendant of pid (children of every thread, recursively). */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return out;
  }
  for (const t of tasks) out.push(Number(t), ...descendants(Number(t)));
  return out;
}

export interface CpuSample {
  server: number;
  runtimes: number;
  client: number;
}

/** CPU ms so far of the server, of its runtime processes (those alive now), and of this process. */
export function sampleCpu(serverPid: number): CpuSample {
  const usage = process.cpuUsage();
  return {
    server: processCpuMs(serverPid),
    runtimes: descendants(serverPid).reduce((sum, pid) => sum + processCpuMs(pid), 0),
    client: (usage.user + usage.system) / 1000,
  };
}

/** CPU ms per operation between two samples, as "server 1.20 runtimes 0.60 client 0.40". */
export function cpuPerOp(before: CpuSample, after: CpuSample, ops: number): string {
  const per = (k: keyof CpuSample): string => ((after[k] - before[k]) / Math.max(1, ops)).toFixed(2);
  return `CPU ms/op: server ${per('server')} runtimes ${per('runtimes')} client ${per('client')}`;
}
