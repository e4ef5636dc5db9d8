// Shared setup for the runtime tests: specs pointing at test/runtime-fixtures, a sink that keeps
// every line, and a runtime in a throw-away data dir.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createRuntime,
  type LogLine,
  type LogSink,
  type RuntimeOptions,
} from '../../../src/runtime/index.js';
import type { Runtime } from '../../../src/runtime/runtime.js';
import type { EnvironmentSpec, InvocationRequest } from '../../../src/runtime/types.js';
import { within } from '../within.js';

// Tests run from dist/test/unit/runtime; the fixtures stay in the source tree.
export const FIXTURES = fileURLToPath(new URL('../../../../test/runtime-fixtures/', import.meta.url));
export const ACCOUNT = '123456789012';

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export function spec(
  overrides: Partial<EnvironmentSpec> & { handler: string; codeDir: string },
): EnvironmentSpec {
  const functionName = overrides.functionName ?? 'fn';
  const functionArn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${functionName}`;
  return {
    configKey: `${functionName}:${overrides.handler}:${overrides.codeDir}`,
    functionName,
    functionArn,
    version: '$LATEST',
    runtime: 'nodejs20.x',
    memorySize: 128,
    timeout: 3,
    ephemeralStorage: 512,
    layerDirs: [],
    environment: {},
    credentials: {
      accessKeyId: 'ASIAFUNCTIONROLE',
      secretAccessKey: 'role-secret',
      sessionToken: 'role-token',
    },
    region: 'us-east-1',
    endpointUrl: 'http://127.0.0.1:4566',
    logGroupName: `/aws/lambda/${functionName}`,
    ...overrides,
  };
}

export function request(payload: unknown, extra: Partial<InvocationRequest> = {}): InvocationRequest {
  return {
    requestId: randomUUID(),
    payload: Buffer.from(JSON.stringify(payload)),
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn`,
    ...extra,
  };
}

export function json(buf: Buffer): any {
  return JSON.parse(buf.toString('utf8'));
}

export class MemorySink implements LogSink {
  readonly lines: Array<LogLine & { group: string; stream: string; batch: number }> = [];
  private batches = 0;
  private waiters: Array<() => void> = [];
  write(group: string, stream: string, lines: LogLine[]): void {
    const batch = this.batches++;
    for (const l of lines) this.lines.push({ ...l, group, stream, batch });
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
  /** Resolves at the next write; fails after timeoutMs. */
  nextWrite(timeoutMs = 2000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log write within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  messages(): string[] {
    return this.lines.map((l) => l.message);
  }
}

export async function startRuntime(
  options: Partial<RuntimeOptions> = {},
): Promise<{ runtime: Runtime; sink: MemorySink; dataDir: string; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cumulo-runtime-test-'));
  const sink = new MemorySink();
  const runtime = await createRuntime({ dataDir, poolSize: 1, logSink: sink, ...options });
  return {
    runtime,
    sink,
    dataDir,
    close: async () => {
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits for a state the runtime reaches on its own, checking at each of its changes (environment
 * ready or stopped, pool process started, invocation begun or ended); fails after timeoutMs.
 */
export async function until(
  runtime: Runtime,
  what: string,
  cond: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) await within(runtime.nextChange!(), deadline - Date.now(), what);
}

/** Whether the machine has a python3 for the python3.* runtimes. */
export const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
