// Limits enforced by the platform: timeout, memory, /tmp size, response size.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixture, json, request, spec, startRuntime } from './helpers.js';

const CJS = fixture('node-cjs');
let rt: Awaited<ReturnType<typeof startRuntime>>;

before(async () => {
  rt = await startRuntime({ poolSize: 1 });
});
after(() => rt.close());

test('a timeout kills the environment and answers Sandbox.Timedout', async () => {
  const s = spec({ handler: 'index.sleep', codeDir: CJS, timeout: 1, configKey: 'timeout' });
  const req = request({ ms: 5000 }, { tailLog: true });
  const started = Date.now();
  const res = await rt.runtime.invoke(s, req);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 1000 && elapsed < 2500, String(elapsed));
  assert.equal(res.functionError, 'Unhandled');
  assert.deepEqual(json(res.payload), {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${req.requestId} Error: Task timed out after 1.00 seconds`,
  });
  const tail = res.logTail ?? '';
  assert.match(tail, /\tStatus: timeout\t\n/);
  assert.match(
    tail,
    new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${req.requestId} Task timed out after 1\\.00 seconds$`, 'm'),
  );
  // The next invocation needs a new environment.
  const next = await rt.runtime.invoke(s, request({ ms: 1 }));
  assert.equal(json(next.payload), 'slept');
  assert.ok(next.initDurationMs !== undefined);
});

test('memory above MemorySize kills the environment: Runtime.OutOfMemory', async () => {
  const req = request({}, { tailLog: true });
  const res = await rt.runtime.invoke(
    spec({ handler: 'index.hog', codeDir: CJS, memorySize: 128, timeout: 10 }),
    req,
  );
  assert.equal(res.functionError, 'Unhandled');
  assert.deepEqual(json(res.payload), {
    errorType: 'Runtime.OutOfMemory',
    errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: signal: killed`,
  });
  assert.match(
    res.logTail ?? '',
    /\tMax Memory Used: 128 MB\t(Init Duration: [\d.]+ ms\t)?Status: error\tError Type: Runtime\.OutOfMemory\t/,
  );
});

test('writing more than EphemeralStorage to /tmp fails the invocation with ENOSPC', async () => {
  const s = spec({ handler: 'index.tmp', codeDir: CJS, ephemeralStorage: 1, configKey: 'storage' });
  const small = await rt.runtime.invoke(s, request({ bytes: 1000 }));
  assert.equal(small.functionError, undefined);
  const big = await rt.runtime.invoke(s, request({ bytes: 2 * 1024 * 1024 }));
  assert.equal(big.functionError, 'Unhandled');
  assert.match(json(big.payload).errorMessage, /^ENOSPC: no space left on device/);
});

test('a response over 6 MB is Function.ResponseSizeTooLarge', async () => {
  const res = await rt.runtime.invoke(spec({ handler: 'index.big', codeDir: CJS }), request({}));
  assert.equal(res.functionError, 'Unhandled');
  const doc = json(res.payload);
  assert.equal(doc.errorType, 'Function.ResponseSizeTooLarge');
  assert.match(
    doc.errorMessage,
    /^Response payload size \(\d+ bytes\) exceeded maximum allowed payload size \(6291556 bytes\)\.$/,
  );
});
