// Test doubles for the invoke path: a resolver over a fixed set of functions and a runtime whose
// answers the test scripts, which reports every invocation as an event the test can wait on.
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Runtime, RuntimeStats } from '../../../src/runtime/runtime.js';
import type { EnvironmentSpec, InvocationRequest, InvocationResult } from '../../../src/runtime/types.js';
import type { InvokeTarget, InvokeTargetResolver } from '../../../src/services/lambda/invoke-target.js';
import { ServiceError } from '../../../src/server/service-error.js';
import { SqliteStore } from '../../../src/storage/sqlite-store.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export function arnOf(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}

export function target(name: string, overrides: Partial<InvokeTarget> = {}): InvokeTarget {
  const functionArn = arnOf(name);
  const spec: EnvironmentSpec = {
    configKey: `${name}-1`,
    functionName: name,
    functionArn,
    version: '$LATEST',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    memorySize: 128,
    timeout: 3,
    ephemeralStorage: 512,
    codeDir: '/nonexistent',
    layerDirs: [],
    environment: {},
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    region: REGION,
    endpointUrl: 'http://127.0.0.1:4566',
    logGroupName: `/aws/lambda/${name}`,
  };
  return {
    spec,
    functionName: name,
    functionArn,
    invokedArn: functionArn,
    executedVersion: '$LATEST',
    state: 'Active',
    ...overrides,
  };
}

/** Resolves names, full ARNs and partial ARNs of the functions it was given. */
export class FakeResolver implements InvokeTargetResolver {
  readonly targets = new Map<string, InvokeTarget>();

  add(t: InvokeTarget): this {
    this.targets.set(t.functionName, t);
    return this;
  }

  update(name: string, changes: Partial<InvokeTarget>): void {
    this.targets.set(name, { ...this.targets.get(name)!, ...changes });
  }

  async resolve(
    functionName: string,
    _qualifier: string | undefined,
    _accountId: string,
  ): Promise<InvokeTarget> {
    const name = functionName.split(':function:').pop()!.split(':')[0]!;
    const t = this.targets.get(name);
    if (!t) throw new ServiceError('ResourceNotFoundException', `Function not found: ${arnOf(name)}`, 404);
    return t;
  }
}

export interface Call {
  spec: EnvironmentSpec;
  request: InvocationRequest;
  /** Settles this invocation (when the runtime holds invocations). */
  finish(result?: Partial<InvocationResult>): void;
}

type Answer = Partial<InvocationResult> | Error | ((req: InvocationRequest) => Partial<InvocationResult>);

/** A runtime that answers from a script (or holds each invocation until the test finishes it). */
export class FakeRuntime implements Runtime {
  readonly calls: Call[] = [];
  private readonly events = new EventEmitter();
  private readonly answers = new Map<string, Answer[]>();
  /** When true, invocations stay open until `call.finish()`. */
  hold = false;
  active = 0;

  /** Scripts the next answers for a function (then it answers `{}`). */
  answer(functionName: string, ...answers: Answer[]): void {
    this.answers.set(functionName, [...(this.answers.get(functionName) ?? []), ...answers]);
  }

  invoke(spec: EnvironmentSpec, request: InvocationRequest): Promise<InvocationResult> {
    this.active++;
    return new Promise<InvocationResult>((resolve, reject) => {
      const settle = (r: Partial<InvocationResult> | Error): void => {
        this.active--;
        if (r instanceof Error) reject(r);
        else resolve({ payload: Buffer.from('{}'), durationMs: 1, ...r });
      };
      const call: Call = { spec, request, finish: (r = {}) => settle(r) };
      this.calls.push(call);
      this.events.emit('call', call);
      if (this.hold) return;
      const next = this.answers.get(spec.functionName)?.shift();
      settle(typeof next === 'function' ? next(request) : (next ?? {}));
    });
  }

  /** Waits (bounded) until the runtime has seen `count` invocations in all. */
  async waitForCalls(count: number, timeoutMs = 5000): Promise<Call[]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs); // keeps the test alive while it waits
    try {
      while (this.calls.length < count) await once(this.events, 'call', { signal: controller.signal });
    } catch {
      throw new Error(`expected ${count} invocations, saw ${this.calls.length} within ${timeoutMs} ms`);
    } finally {
      clearTimeout(timer);
    }
    return this.calls.slice(0, count);
  }

  async retire(): Promise<void> {}
  provision(): void {}
  unprovision(): void {}
  provisioned(): undefined {
    return undefined;
  }
  inFlight(): number {
    return this.active;
  }
  stats(): RuntimeStats {
    return { environments: 0, busy: this.active, pooled: 0, rssBytes: 0 };
  }
  async close(): Promise<void> {}
}

export function tempStore(): { store: SqliteStore; file: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cumulo-invoke-'));
  const file = path.join(dir, 'db.sqlite');
  return { store: new SqliteStore(file), file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
