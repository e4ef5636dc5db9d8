// Installs and runs `serverless offline` (the Serverless Framework's local API Gateway + Lambda emulator)
// for the API Gateway benchmark to compare against. Lives outside the project's dependencies, like
// .ci/install-ric.sh: installed from npm into the OS temp dir on first use and reused afterwards.
//
// Versions: the Serverless Framework v3 (`serverless@3`); v4 requires every user to authenticate
// (dashboard login or a licence key checked remotely), which this offline machine cannot do.
// serverless-offline 13.x is the last line whose peer dependency is serverless ^3 (14.x needs v4).
import { execFile, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../test/e2e/harness.js';
import { descendants } from './cpu.js';

const INSTALL_DIR = path.join(os.tmpdir(), 'cumulo-serverless-offline');
const PACKAGES = ['serverless@3', 'serverless-offline@13'];
const SERVERLESS_BIN = path.join(INSTALL_DIR, 'node_modules/serverless/bin/serverless.js');
const SERVERLESS_PACKAGE = path.join(INSTALL_DIR, 'node_modules/serverless/package.json');
const OFFLINE_PACKAGE = path.join(INSTALL_DIR, 'node_modules/serverless-offline/package.json');
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * How serverless-offline runs a Node.js handler (its README, "Run modes"):
 * - worker-threads: the default; one worker thread per concurrent invocation, reused while warm;
 * - in-process: `--useInProcess`; every invocation calls the one loaded module in the server's thread.
 * Neither reloads the handler per request (`--reloadHandler` is off), so the handler stays warm.
 */
export type OfflineMode = 'in-process' | 'worker-threads';

export interface OfflineServer {
  port: number;
  pid: number;
  /** Stops the server and every process it started; removes its service directory. */
  stop(): Promise<void>;
}

/**
 * The environment `serverless` runs with. The machine reaches only the npm registry, and nothing may
 * phone home: telemetry is otherwise cached and sent later, and notifications are fetched from
 * Serverless Inc.'s backend. HOME points into the install directory so ~/.serverlessrc and its caches
 * stay out of the user's home. The AWS SDK inside it must not probe the EC2 metadata service.
 */
function offlineEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: path.join(INSTALL_DIR, 'home'),
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    SLS_DISABLE_AUTO_UPDATE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_REGION: 'us-east-1',
  };
}

/**
 * Installs serverless and serverless-offline unless already there, and says which versions. Install
 * scripts are not run: neither package needs one (serverless's only prints a welcome).
 */
export async function installServerlessOffline(): Promise<string> {
  if (!existsSync(SERVERLESS_BIN) || !existsSync(OFFLINE_PACKAGE)) await install();
  return `serverless ${installedVersion(SERVERLESS_PACKAGE)}, serverless-offline ${installedVersion(OFFLINE_PACKAGE)}`;
}

async function install(): Promise<void> {
  mkdirSync(INSTALL_DIR, { recursive: true });
  writeFileSync(
    path.join(INSTALL_DIR, 'package.json'),
    '{"name":"cumulo-bench-serverless-offline","private":true}\n',
  );
  const args = [
    'install',
    '--prefix',
    INSTALL_DIR,
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    ...PACKAGES,
  ];
  await new Promise<void>((resolve, reject) =>
    execFile('npm', args, { timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 << 20 }, (err, _stdout, stderr) =>
      err
        ? reject(new Error(`npm install ${PACKAGES.join(' ')} failed: ${npmReason(stderr) || err.message}`))
        : resolve(),
    ),
  );
}

function installedVersion(packageJson: string): string {
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/** npm's first error line that says what went wrong (not its code/errno lines, stack or log path). */
function npmReason(stderr: string): string {
  const said = /^npm error (?!code |syscall |errno |A complete log|\s+at )(.+)$/m.exec(stderr);
  return said?.[1]?.trim() ?? lastLine(stderr);
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop()?.trim() ?? '';
}

/** A port nothing listens on now (the OS picks it; serverless-offline cannot be told to use port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function serverlessYml(route: string): string {
  return [
    'service: cumulo-bench',
    "frameworkVersion: '3'",
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    'plugins:',
    '  - serverless-offline',
    'functions:',
    '  api:',
    '    handler: index.handler',
    '    events:',
    '      - httpApi:',
    '          method: GET',
    `          path: ${route}`,
    '',
  ].join('\n');
}

function answers(port: number, route: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: route, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
  });
}

/**
 * Starts `serverless offline` serving `files` (which must hold index.mjs exporting `handler`) as an HTTP
 * API GET route, and resolves once the route answers 200. installServerlessOffline() must have succeeded.
 */
export async function startServerlessOffline(
  files: Record<string, string>,
  route: string,
  mode: OfflineMode,
): Promise<OfflineServer> {
  // Inside the install directory, so that Node's resolution finds the plugin in its node_modules.
  const serviceDir = mkdtempSync(path.join(INSTALL_DIR, 'service-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(serviceDir, name), content);
  writeFileSync(path.join(serviceDir, 'serverless.yml'), serverlessYml(route));
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  const logPath = path.join(serviceDir, 'offline.log');
  // It prints a line per request: to a file, so reading a pipe costs the benchmark client nothing.
  const log = openSync(logPath, 'w');
  const args = [
    SERVERLESS_BIN,
    'offline',
    '--host',
    '127.0.0.1',
    '--httpPort',
    String(httpPort),
    '--lambdaPort',
    String(lambdaPort),
    ...(mode === 'in-process' ? ['--useInProcess'] : []),
  ];
  // Its own process group, so that stop() reaches everything it starts.
  const child = spawn(process.execPath, args, {
    cwd: serviceDir,
    env: offlineEnv(),
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const pid = child.pid!;
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  // If the benchmark dies first, the server must not outlive it.
  const onExit = (): void => killGroup('SIGKILL');
  process.once('exit', onExit);

  const stop = async (): Promise<void> => {
    const tree = descendants(pid);
    killGroup('SIGTERM');
    await Promise.race([exit, new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS))]);
    killGroup('SIGKILL');
    for (const p of tree) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // Exited with its parent.
      }
    }
    await exit;
    process.removeListener('exit', onExit);
    rmSync(serviceDir, { recursive: true, force: true });
  };

  try {
    await waitFor(
      async () => {
        if (exited) throw new Error('serverless offline exited before it answered');
        return (await answers(httpPort, route)) ? true : undefined;
      },
      START_TIMEOUT_MS,
      `serverless offline to answer GET ${route}`,
    );
  } catch (err) {
    const said = lastLine(readFileSync(logPath, 'utf8'));
    await stop();
    throw new Error(`${(err as Error).message}${said ? ` (it printed: ${said})` : ''}`);
  }
  return { port: httpPort, pid, stop };
}
