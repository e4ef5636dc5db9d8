// Starts runtime processes. A nodejs or python process can start "generic": with a clean, almost
// empty environment and no function, waiting on stdin for one JSON line that assigns it
// {env, cwd}; it then becomes exactly the process a direct start with that env would have been.
// Every process leads its own process group so the whole tree can be killed at once.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { HostSetup } from './host-setup.js';
import type { RuntimeFamily } from './runtime-family.js';

export type PoolableFamily = 'nodejs' | 'python';

export interface Assignment {
  env: Record<string, string>;
  cwd: string;
}

/**
 * util-linux's setpriv sets the parent-death signal and then execs the runtime in place (same
 * pid, no extra process): when the server dies, even by kill -9, the kernel kills its runtime
 * processes, so an environment busy in a runaway handler cannot outlive it.
 */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));

function dieWithServer(cmd: string, args: string[]): [string, string[]] {
  return SETPRIV ? [SETPRIV, ['--pdeathsig', 'KILL', cmd, ...args]] : [cmd, args];
}

export class Launcher {
  constructor(readonly host: HostSetup) {}

  canRun(family: RuntimeFamily): boolean {
    return family !== 'python' || !!this.host.pythonExe;
  }

  /** A generic process of the family, waiting for its assignment. */
  spawnGeneric(family: PoolableFamily): ChildProcess {
    const env = {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      LAMBDA_RUNTIME_DIR: this.host.runtimeDirs[family],
    };
    const [cmd, args] = dieWithServer(...this.command(family));
    const child = spawn(cmd, [...args, '--pool'], { env, cwd: '/', stdio: 'pipe', detached: true });
    child.stdin?.on('error', () => undefined); // a process that died first shows up as its 'exit'
    return child;
  }

  /** Hands a generic process its function. */
  assign(child: ChildProcess, assignment: Assignment): void {
    child.stdin?.end(JSON.stringify(assignment) + '\n');
  }

  /** A process started directly with its function's environment. */
  spawnDirect(family: RuntimeFamily, assignment: Assignment, bootstrap?: string): ChildProcess {
    // A custom bootstrap is spawned as is: the spawn error of one that cannot run is what
    // Runtime.InvalidEntrypoint reports (setpriv would turn it into an exit).
    const [cmd, args] =
      family === 'provided' ? [bootstrap ?? 'bootstrap', []] : dieWithServer(...this.command(family));
    return spawn(cmd, args, {
      env: assignment.env,
      cwd: assignment.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
  }

  private command(family: PoolableFamily): [string, string[]] {
    if (family === 'nodejs')
      return [this.host.nodeExe, [path.join(this.host.bootstrapsDir, 'nodejs', 'bootstrap.mjs')]];
    // -S: no site-packages of the machine's Python; the bootstrap builds sys.path as AWS's does.
    return [
      this.host.pythonExe ?? 'python3',
      ['-S', path.join(this.host.bootstrapsDir, 'python', 'bootstrap.py')],
    ];
  }
}

/**
 * provided.*: Lambda runs the first executable `bootstrap` it finds in the task root, then in /opt
 * (the layers). Returns the candidates it looked at when there is none.
 */
export function findCustomBootstrap(
  codeDir: string,
  layerDirs: string[],
): { path?: string; candidates: string[] } {
  const candidates = [codeDir, ...layerDirs].map((d) => path.join(d, 'bootstrap'));
  const found = candidates.find((c) => {
    try {
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
  return { path: found, candidates };
}
