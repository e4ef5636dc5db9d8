// Execution environments seen from outside: a burst of requests for a fast function does not start
// a process per request (src/runtime/scale-out.ts, docs/compatibility.md), and killing the server
// with -9 takes its busy environments with it.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { logGroupDir } from '../../src/runtime/index.js';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { startCumulo, waitFor, type CumuloProcess } from './harness.js';

const ROLE = 'arn:aws:iam::000000000000:role/environments';
let server: CumuloProcess;
let lambda: LambdaClient;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cumulo-envs-'));

before(async () => {
  server = await startCumulo();
  lambda = new LambdaClient(server.clientConfig);
});

after(async () => {
  lambda.destroy();
  await server.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

async function create(name: string, source: string, extra: Record<string, unknown> = {}): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: ROLE,
      Code: { ZipFile: await handlerZip(source) },
      ...extra,
    }),
  );
}

test('a burst of requests for a fast function shares a few environments', async (t) => {
  await create('burst', 'exports.handler = async (event) => ({ n: event.n });');
  for (let i = 0; i < 20; i++) await lambda.send(new InvokeCommand({ FunctionName: 'burst' }));
  const answers = await Promise.all(
    Array.from({ length: 32 }, (_, n) =>
      lambda.send(new InvokeCommand({ FunctionName: 'burst', Payload: Buffer.from(JSON.stringify({ n })) })),
    ),
  );
  answers.forEach((out, n) => {
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, undefined);
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { n });
  });
  // One log stream per execution environment, as in CloudWatch Logs.
  const streams = readdirSync(logGroupDir(server.dataDir, '/aws/lambda/burst'));
  t.diagnostic(`${streams.length} environments for 32 requests`);
  assert.ok(streams.length < 32, `${streams.length} environments for 32 requests`);
});

test('killing the server with -9 kills an environment busy in its handler', async (t) => {
  const pidFile = path.join(scratch, 'spin.pid');
  await create(
    'spin',
    `exports.handler = async () => {
       require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
       for (;;) {}
     };`,
    { Timeout: 60 },
  );
  const running = lambda.send(new InvokeCommand({ FunctionName: 'spin' })).catch(() => undefined);
  const pid = await waitFor(
    async () => {
      try {
        return Number(readFileSync(pidFile, 'utf8')) || undefined;
      } catch {
        return undefined;
      }
    },
    15_000,
    'the handler to start',
  );
  await server.kill();
  await running;
  // Gone, or a zombie left for an init that does not reap: either way it no longer runs.
  const state = (): string | undefined => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    } catch {
      return undefined;
    }
  };
  await waitFor(async () => (state() === undefined || state() === 'Z' ? true : undefined), 10_000, 'exit');
  t.diagnostic(`environment ${pid} state after kill -9: ${state() ?? 'gone'}`);
});
