// When a request waits for a busy environment instead of starting one (src/runtime/scale-out.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScaleOut } from '../../../src/runtime/scale-out.js';

const KEY = 'fn:1';

function fastFunction(idle = 1): ScaleOut<string> {
  const scale = new ScaleOut<string>(2, () => idle);
  scale.record(KEY, true, 40); // a cold start: 40 ms
  scale.record(KEY, false, 2); // warm invocations: 2 ms
  return scale;
}

test('without measurements, or below one environment per core, a request starts an environment', () => {
  const fresh = new ScaleOut<string>(2, () => 1);
  assert.equal(fresh.waitBudget(KEY, 5, 0), 0);
  assert.equal(fastFunction().waitBudget(KEY, 1, 0), 0);
});

test('a fast function waits while the expected wait is below the cold-start cost', async () => {
  const scale = fastFunction();
  const budget = scale.waitBudget(KEY, 2, 0);
  assert.ok(budget >= 1000, `bounded wait, got ${budget}`);
  const waiting = scale.wait(KEY, budget);
  assert.equal(scale.offer(KEY, 'env-a'), true);
  assert.equal(await waiting, 'env-a');
  assert.equal(scale.offer(KEY, 'env-b'), false, 'nobody waits any more');
});

test('a long queue on an idle machine scales out; on a saturated one it waits', () => {
  const idle = fastFunction(0.9);
  const busy = fastFunction(0.02);
  const waits: Array<Promise<string | undefined>> = [];
  for (let i = 0; i < 40; i++) waits.push(idle.wait(KEY, 10_000), busy.wait(KEY, 10_000));
  assert.equal(idle.waitBudget(KEY, 2, 0), 0, '2 ms x 41 / 2 is past the 38 ms a start costs');
  assert.ok(busy.waitBudget(KEY, 2, 0) > 0);
  assert.ok(idle.waitBudget(KEY, 2, 1) > 0, 'one start at a time');
  idle.releaseAll();
  busy.releaseAll();
  return Promise.all(waits).then((all) => assert.ok(all.every((e) => e === undefined)));
});

test('a slow function scales out on an idle machine, one start at a time', () => {
  const scale = new ScaleOut<string>(2, () => 0.9);
  scale.record(KEY, true, 330);
  scale.record(KEY, false, 300);
  assert.equal(scale.waitBudget(KEY, 4, 0), 0);
  assert.ok(scale.waitBudget(KEY, 4, 1) > 0);
});

test('one stall does not make a fast function look slow', () => {
  const scale = fastFunction();
  scale.record(KEY, false, 500);
  assert.ok(scale.waitBudget(KEY, 2, 0) > 0);
});

test('the wait is bounded, and a lost environment lets the first waiter start its own', async () => {
  const scale = fastFunction();
  const t = performance.now();
  assert.equal(await scale.wait(KEY, 30), undefined);
  assert.ok(performance.now() - t >= 25);
  const waiting = scale.wait(KEY, 60_000);
  scale.lost(KEY);
  assert.equal(await waiting, undefined);
});
