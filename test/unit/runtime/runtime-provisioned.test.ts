// Provisioned environments in the real runtime: started ahead of invocations, used first, never
// stopped for idleness, replaced when one dies, retired with their configuration, FAILED on an init error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixture, json, request, spec, startRuntime, until } from './helpers.js';

const CJS = fixture('node-cjs');
let rt: Awaited<ReturnType<typeof startRuntime>>;

before(async () => {
  // A short keep-alive: provisioned environments must outlive it.
  rt = await startRuntime({ poolSize: 1, idleTimeoutMs: 50 });
});
after(() => rt.close());

test('provisioned environments run their init ahead of invocations and serve them first', async () => {
  const s = spec({ handler: 'index.env', codeDir: CJS, configKey: 'prov-1', functionName: 'prov' });
  rt.runtime.provision(s, 2);
  assert.deepEqual(rt.runtime.provisioned('prov-1'), { requested: 2, initialized: 0 });
  await until(rt.runtime, '2 initialized', () => rt.runtime.provisioned('prov-1')?.initialized === 2);
  assert.equal(rt.runtime.stats().environments >= 2, true);

  const res = await rt.runtime.invoke(s, request({}));
  assert.equal(json(res.payload).AWS_LAMBDA_INITIALIZATION_TYPE, 'provisioned-concurrency');
  // Init ran before the invocation: its REPORT carries no Init Duration.
  assert.equal(res.initDurationMs, undefined);

  // An on-demand environment started after them stops after the 50 ms keep-alive; they stay.
  const onDemand = { ...s, configKey: 'prov-1-other' };
  const other = await rt.runtime.invoke(onDemand, request({}));
  assert.equal(json(other.payload).AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
  assert.ok(other.initDurationMs !== undefined);
  await until(
    rt.runtime,
    'the on-demand environment to stop idle',
    () => rt.runtime.stats().environments === 2,
  );
  assert.equal(rt.runtime.provisioned('prov-1')?.initialized, 2);

  rt.runtime.unprovision('prov-1');
  assert.equal(rt.runtime.provisioned('prov-1'), undefined);
});

test('a provisioned environment that dies is replaced; a lower count retires the surplus', async () => {
  const s = spec({ handler: 'index.pid', codeDir: CJS, configKey: 'prov-2', functionName: 'prov2' });
  rt.runtime.provision(s, 1);
  await until(rt.runtime, '1 initialized', () => rt.runtime.provisioned('prov-2')?.initialized === 1);
  const pid = json((await rt.runtime.invoke(s, request({}))).payload) as number;
  process.kill(pid, 'SIGKILL');
  await until(rt.runtime, 'the dead one replaced', () => rt.runtime.provisioned('prov-2')?.initialized === 0);
  await until(
    rt.runtime,
    'its replacement initialized',
    () => rt.runtime.provisioned('prov-2')?.initialized === 1,
  );
  const next = json((await rt.runtime.invoke(s, request({}))).payload) as number;
  assert.notEqual(next, pid);

  rt.runtime.provision(s, 3);
  await until(rt.runtime, '3 initialized', () => rt.runtime.provisioned('prov-2')?.initialized === 3);
  rt.runtime.provision(s, 1);
  assert.deepEqual(rt.runtime.provisioned('prov-2'), { requested: 1, initialized: 1 });
  rt.runtime.unprovision('prov-2');
});

test('an init error stops provisioning with FUNCTION_ERROR_INIT_FAILURE', async () => {
  const s = spec({
    handler: 'throws.handler',
    codeDir: fixture('node-errors'),
    configKey: 'prov-3',
    functionName: 'prov3',
  });
  rt.runtime.provision(s, 2);
  await until(rt.runtime, 'FAILED', () => rt.runtime.provisioned('prov-3')?.failure !== undefined);
  assert.equal(rt.runtime.provisioned('prov-3')?.failure, 'FUNCTION_ERROR_INIT_FAILURE');
  rt.runtime.unprovision('prov-3');
});
