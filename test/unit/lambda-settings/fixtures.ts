// Shared fixtures for the layer and settings handler tests: a real SqliteStore in a temp dir, a fake
// FunctionLookup, a request context and zips built with yazl.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import type { FunctionInfo } from '../../../src/services/lambda/function-lookup.js';
import type { FunctionUsage } from '../../../src/services/lambda/settings/deps.js';
import type { OperationHandler, RequestContext } from '../../../src/services/service.js';
import { SqliteStore } from '../../../src/storage/sqlite-store.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export interface Fixture {
  dir: string;
  store: SqliteStore;
  close(): Promise<void>;
}

export function openFixture(): Fixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cumulo-settings-'));
  const store = new SqliteStore(path.join(dir, 'cumulo.db'));
  return {
    dir,
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function context(accountId = ACCOUNT): RequestContext {
  return {
    requestId: 'req-1',
    accountId,
    region: REGION,
    principal: { accountId, arn: `arn:aws:iam::${accountId}:root`, accessKeyId: 'test', isRoot: true },
    sourceIp: '127.0.0.1',
    userAgent: 'test',
    headers: { host: '127.0.0.1:4566' },
  };
}

/** A FunctionLookup over a fixed set of functions, named as the control plane would resolve them. */
export class FakeFunctions implements FunctionUsage {
  readonly functions = new Map<string, FunctionInfo>();
  codeSize = 0;

  add(name: string, qualifiers: string[] = ['$LATEST'], accountId = ACCOUNT): FunctionInfo {
    const info = {
      functionName: name,
      functionArn: `arn:aws:lambda:${REGION}:${accountId}:function:${name}`,
      qualifiers,
    };
    this.functions.set(`${accountId}/${name}`, info);
    return info;
  }

  async get(accountId: string, functionName: string): Promise<FunctionInfo | undefined> {
    const parts = functionName.split(':');
    const at = parts.indexOf('function');
    const account = at >= 1 ? parts[at - 1]! : accountId;
    const name = at >= 0 ? parts[at + 1]! : parts[0]!;
    return this.functions.get(`${account}/${name}`);
  }

  async usage(accountId: string) {
    const count = [...this.functions.keys()].filter((k) => k.startsWith(accountId + '/')).length;
    return { functionCount: count, totalCodeSize: this.codeSize };
  }
}

export interface ZipEntry {
  name: string;
  data?: string;
  mode?: number;
  dir?: boolean;
}

export function makeZip(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    if (e.dir) zip.addEmptyDirectory(e.name, e.mode ? { mode: e.mode } : {});
    else zip.addBuffer(Buffer.from(e.data ?? ''), e.name, e.mode ? { mode: e.mode } : {});
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Calls a handler by its AWS operation name. */
export function call(
  handlers: Record<string, OperationHandler>,
  operation: string,
  input: object,
  ctx = context(),
) {
  const handler = handlers[operation];
  if (!handler) throw new Error(`no handler for ${operation}`);
  return handler(ctx, input);
}

/** Asserts that a promise rejects with a ServiceError of this code, status and message. */
export async function rejectsWith(
  promise: Promise<unknown>,
  expected: { code: string; status: number; message: string | RegExp },
): Promise<void> {
  const { rejects } = await import('node:assert/strict');
  await rejects(promise, (e: any) => {
    if (e?.code !== expected.code || e?.status !== expected.status) {
      throw new Error(
        `expected ${expected.code} (${expected.status}), got ${e?.code} (${e?.status}): ${e?.message}`,
      );
    }
    if (
      typeof expected.message === 'string'
        ? e.message !== expected.message
        : !expected.message.test(e.message)
    ) {
      throw new Error(`unexpected message: ${e.message}`);
    }
    return true;
  });
}
