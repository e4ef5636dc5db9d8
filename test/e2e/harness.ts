// Starts a real Cumulo server process on a free port with its own data directory, and gives
// tests the endpoint, SDK client settings and the AWS CLI pointed at it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
export const AWS_CLI = '/usr/bin/aws';

export interface CumuloProcess {
  endpoint: string;
  port: number;
  pid: number;
  dataDir: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Settings for any `@aws-sdk/client-*` constructor. */
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
  /** Output the server printed so far (stdout + stderr). */
  output(): string;
  /** Graceful stop (SIGTERM), waits for exit. */
  stop(): Promise<void>;
  /** kill -9, waits for exit. */
  kill(): Promise<void>;
  /** Starts again on the same data dir (and port). */
  restart(): Promise<CumuloProcess>;
  /** Stops and removes the data dir. */
  dispose(): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  port?: number;
  args?: string[];
  env?: Record<string, string>;
  /** Options for the server's node itself (e.g. --cpu-prof), which NODE_OPTIONS may not carry. */
  nodeArgs?: string[];
}

export async function startCumulo(options: StartOptions = {}): Promise<CumuloProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'cumulo-test-'));
  const args = [
    ...(options.nodeArgs ?? []),
    MAIN,
    'start',
    '--port',
    String(options.port ?? 0),
    '--data-dir',
    dataDir,
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Cumulo did not start within 15 s:\n${out}`)), 15_000);
    const onData = (): void => {
      const m = /Cumulo ready at http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Cumulo exited with ${code} before it was ready:\n${out}`));
    });
  });
  return handle(child, exited, port, dataDir, options, () => out);
}

function handle(
  child: ChildProcess,
  exited: Promise<void>,
  port: number,
  dataDir: string,
  options: StartOptions,
  output: () => string,
): CumuloProcess {
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return {
    endpoint,
    port,
    pid: child.pid!,
    dataDir,
    region: 'us-east-1',
    credentials,
    clientConfig: { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 },
    output,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    restart: async () => {
      await signal('SIGTERM');
      return startCumulo({ ...options, dataDir, port });
    },
    dispose: async () => {
      await signal('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON. */
  json?: any;
}

/** What a script run against the server printed, and how it exited. */
export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end with only the given environment, feeding it `input` (or nothing). */
function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.stdin.end(input ?? '');
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The server's credentials and region for an AWS tool, and no profile or config of the machine's. */
function awsToolEnv(server: CumuloProcess): Record<string, string> {
  return {
    PATH: '/usr/bin:/bin',
    HOME: os.tmpdir(),
    AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: server.region,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  };
}

/** Runs Debian's AWS CLI v2 against the server, with no profile or config of the machine's. */
export async function awsCli(server: CumuloProcess, args: string[], input?: string): Promise<CliResult> {
  const env = { ...awsToolEnv(server), AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1' };
  const out = await run(
    AWS_CLI,
    [...args, '--endpoint-url', server.endpoint, '--output', 'json'],
    env,
    input,
  );
  let json: unknown;
  try {
    json = out.stdout.trim() ? JSON.parse(out.stdout) : undefined;
  } catch {
    json = undefined;
  }
  return { ...out, json };
}

/**
 * Runs a Node.js script (an example's deploy script) the way a user would against this server: its
 * endpoint in CUMULO_ENDPOINT and the server's credentials in the AWS_* variables, nothing else.
 */
export function runScript(server: CumuloProcess, script: string, args: string[] = []): Promise<ScriptResult> {
  return run(process.execPath, [script, ...args], {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: os.tmpdir(),
    CUMULO_ENDPOINT: server.endpoint,
    AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
  });
}

export const PYTHON = '/usr/bin/python3';

/**
 * Runs Python code with Debian's boto3 (python3-boto3) against the server: the endpoint in CUMULO_ENDPOINT
 * and the server's credentials and region in the AWS_* variables, no profile of the machine's. For what
 * only boto3 does (the CLI shares botocore but not all of boto3's defaults).
 */
export function runBoto3(server: CumuloProcess, code: string): Promise<ScriptResult> {
  return run(PYTHON, ['-c', code], { ...awsToolEnv(server), CUMULO_ENDPOINT: server.endpoint });
}

/** Waits until check() returns a value (not undefined), polling the observable state with a bounded timeout. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 20));
  }
}
