// Environments over time: warm reuse, retirement, idle stop, the pool, in-flight counts, logs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createRuntime, logStreamFile } from '../../../src/runtime/index.js';
import { HAS_PYTHON, fixture, json, request, spec, startRuntime, until } from './helpers.js';

const CJS = fixture('node-cjs');
let rt: Awaited<ReturnType<typeof startRuntime>>;

before(async () => {
  rt = await startRuntime({ poolSize: 1, idleTimeoutMs: 60_000 });
});
after(() => rt.close());

test('an idle environment is reused for the same configuration, a new one started for another', async () => {
  const a = spec({ handler: 'index.handler', codeDir: CJS, configKey: 'reuse-1', functionName: 'reuse' });
  const first = await rt.runtime.invoke(a, request({}));
  const second = await rt.runtime.invoke(a, request({}));
  assert.equal(json(second.payload).pid, json(first.payload).pid);
  assert.equal(json(second.payload).invocations, 2);
  assert.ok(first.initDurationMs !== undefined);
  assert.equal(second.initDurationMs, undefined);

  const b = { ...a, configKey: 'reuse-2' };
  const other = await rt.runtime.invoke(b, request({}));
  assert.notEqual(json(other.payload).pid, json(first.payload).pid);
});

test('concurrent invocations get their own environments; inFlight counts them', async () => {
  const s = spec({ handler: 'index.sleep', codeDir: CJS, configKey: 'concurrent', functionName: 'conc' });
  const p1 = rt.runtime.invoke(s, request({ ms: 300 }));
  const p2 = rt.runtime.invoke(s, request({ ms: 300 }));
  assert.equal(rt.runtime.inFlight(s.functionArn), 2);
  assert.equal(rt.runtime.stats().busy >= 2, true);
  const [r1, r2] = await Promise.all([p1, p2]);
  assert.equal(json(r1.payload), 'slept');
  assert.equal(json(r2.payload), 'slept');
  assert.equal(rt.runtime.inFlight(s.functionArn), 0);
});

test('retire stops the environments of other configurations and keeps the named one', async () => {
  const base = spec({ handler: 'index.pid', codeDir: CJS, functionName: 'retiree' });
  const old = { ...base, configKey: 'retire-old' };
  const keep = { ...base, configKey: 'retire-keep' };
  const oldPid = json((await rt.runtime.invoke(old, request({}))).payload) as number;
  const keepPid = json((await rt.runtime.invoke(keep, request({}))).payload) as number;
  await rt.runtime.retire(base.functionArn, 'retire-keep');
  assert.throws(() => process.kill(oldPid, 0));
  assert.equal(json((await rt.runtime.invoke(keep, request({}))).payload), keepPid);
  const fresh = await rt.runtime.invoke(old, request({}));
  assert.notEqual(json(fresh.payload), oldPid);
  await rt.runtime.retire(base.functionArn);
  assert.throws(() => process.kill(keepPid, 0));
});

test('a busy environment that is retired finishes its invocation, then stops', async () => {
  const s = spec({ handler: 'index.sleep', codeDir: CJS, configKey: 'retire-busy', functionName: 'busy' });
  const running = rt.runtime.invoke(s, request({ ms: 200 }));
  await until(rt.runtime, 'the invocation to start', () => rt.runtime.inFlight(s.functionArn) === 1, 5000);
  await rt.runtime.retire(s.functionArn);
  assert.equal(json((await running).payload), 'slept');
  const again = await rt.runtime.invoke(s, request({ ms: 1 }));
  assert.ok(again.initDurationMs !== undefined, 'a new environment');
});

test('idle environments stop after idleTimeoutMs', async () => {
  const short = await startRuntime({ poolSize: 0, idleTimeoutMs: 100 });
  try {
    const s = spec({ handler: 'index.pid', codeDir: CJS });
    const pid = json((await short.runtime.invoke(s, request({}))).payload) as number;
    assert.equal(short.runtime.stats().environments, 1);
    await until(
      short.runtime,
      'the idle environment to stop',
      () => short.runtime.stats().environments === 0,
      5000,
    );
    assert.throws(() => process.kill(pid, 0));
  } finally {
    await short.close();
  }
});

test('the pool hands out a pre-started process and refills itself', async () => {
  const full = HAS_PYTHON ? 2 : 1; // one generic process per family
  await until(rt.runtime, 'the pool to fill', () => rt.runtime.stats().pooled === full, 5000);
  const res = await rt.runtime.invoke(
    spec({ handler: 'index.pid', codeDir: CJS, configKey: 'pool' }),
    request({}),
  );
  assert.equal(res.functionError, undefined);
  await until(rt.runtime, 'the pool to refill', () => rt.runtime.stats().pooled === full, 5000);
  const stats = rt.runtime.stats();
  assert.ok(stats.rssBytes > 0);
  assert.ok(stats.environments >= 1);
});

test('logTail only when asked; at most 4 KB', async () => {
  const s = spec({ handler: 'index.handler', codeDir: CJS, configKey: 'tail' });
  const plain = await rt.runtime.invoke(s, request({}));
  assert.equal(plain.logTail, undefined);
  const big = await rt.runtime.invoke(s, request({ pad: 'y'.repeat(10_000) }, { tailLog: true }));
  assert.ok(Buffer.byteLength(big.logTail ?? '') <= 4096);
  assert.match(big.logTail ?? '', /REPORT RequestId: .*\n$/);
});

test('every line reaches the log sink under the function log group and the environment stream', async () => {
  const req = request({ marker: 'sink-check' });
  const s = spec({ handler: 'index.handler', codeDir: CJS, configKey: 'sink', functionName: 'sinkfn' });
  await rt.runtime.invoke(s, req);
  const reported = () => rt.sink.messages().some((m) => m.startsWith(`REPORT RequestId: ${req.requestId}`));
  while (!reported()) await rt.sink.nextWrite();
  const lines = rt.sink.lines.filter((l) => l.group === '/aws/lambda/sinkfn');
  const messages = lines.map((l) => l.message);
  const start = messages.indexOf(`START RequestId: ${req.requestId} Version: $LATEST`);
  assert.ok(start >= 0);
  assert.match(messages[start + 1] ?? '', /INFO\thello from cjs \{"marker":"sink-check"\}$/);
  assert.equal(messages[start + 2], `END RequestId: ${req.requestId}`);
  assert.match(lines[0]?.stream ?? '', /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
  assert.ok(lines.every((l) => typeof l.timestamp === 'number' && l.stream === lines[0]?.stream));
});

test('the default sink appends JSON lines to <dataDir>/logs/<group>/<stream>', async () => {
  const own = await startRuntime({ poolSize: 0, logSink: undefined });
  try {
    const req = request({});
    const res = await own.runtime.invoke(spec({ handler: 'index.handler', codeDir: CJS }), req);
    const stream = json(res.payload).context.logStreamName as string;
    await own.runtime.close();
    const text = fs.readFileSync(logStreamFile(own.dataDir, '/aws/lambda/fn', stream), 'utf8');
    const events = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { timestamp: number; message: string });
    assert.ok(events.some((e) => e.message === `END RequestId: ${req.requestId}`));
    assert.ok(events.every((e) => e.timestamp > 0));
  } finally {
    await own.close();
  }
});

test('CommonJS code under a data dir inside a "type":"module" project still loads as CommonJS', async () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'cumulo-esm-project-'));
  fs.writeFileSync(path.join(project, 'package.json'), '{"type":"module"}');
  const dataDir = path.join(project, '.cumulo');
  const codeDir = path.join(dataDir, 'code', 'fn');
  fs.mkdirSync(codeDir, { recursive: true });
  fs.writeFileSync(path.join(codeDir, 'index.js'), 'exports.handler = async () => typeof require;\n');
  const runtime = await createRuntime({ dataDir, poolSize: 0, logSink: { write: () => undefined } });
  try {
    const res = await runtime.invoke(spec({ handler: 'index.handler', codeDir }), request({}));
    assert.equal(res.functionError, undefined, res.payload.toString());
    assert.equal(json(res.payload), 'function');
  } finally {
    await runtime.close();
    fs.rmSync(project, { recursive: true, force: true });
  }
});

test('layers: node_modules under nodejs/ and modules under python/ are importable', async () => {
  const node = await rt.runtime.invoke(
    spec({
      handler: 'index.layer',
      codeDir: CJS,
      layerDirs: [fixture('layer-node')],
      configKey: 'layer-node',
    }),
    request({}),
  );
  assert.equal(json(node.payload), 'hello node from a layer');
  if (!HAS_PYTHON) return;
  const py = await rt.runtime.invoke(
    spec({
      handler: 'app.layer',
      codeDir: fixture('python'),
      runtime: 'python3.11',
      layerDirs: [fixture('layer-python')],
      configKey: 'layer-python',
    }),
    request({}),
  );
  assert.equal(json(py.payload), 'hello python from a python layer');
});
