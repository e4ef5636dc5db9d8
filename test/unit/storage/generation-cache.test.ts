// Values derived from the store are kept while no write has been committed, and only then.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GenerationCache } from '../../../src/storage/generation-cache.js';

function counter<V>(values: V[]): { load: () => Promise<V>; calls: () => number } {
  let calls = 0;
  return { load: async () => values[calls++] as V, calls: () => calls };
}

test('a value is loaded once per generation, and again after a write', async () => {
  let generation = 1;
  const cache = new GenerationCache<string | undefined>({ generation: () => generation });
  const { load, calls } = counter(['a', 'b']);
  assert.equal(await cache.get('k', load), 'a');
  assert.equal(await cache.get('k', load), 'a');
  assert.equal(calls(), 1);
  generation++;
  assert.equal(await cache.get('k', load), 'b');
  assert.equal(calls(), 2);
});

test('an absent value (undefined) is kept too; a load that throws keeps nothing', async () => {
  const cache = new GenerationCache<string | undefined>({ generation: () => 7 });
  const absent = counter([undefined]);
  assert.equal(await cache.get('missing', absent.load), undefined);
  assert.equal(await cache.get('missing', absent.load), undefined);
  assert.equal(absent.calls(), 1);
  let failures = 0;
  const failing = async (): Promise<string> => {
    failures++;
    throw new Error('nope');
  };
  await assert.rejects(cache.get('bad', failing));
  await assert.rejects(cache.get('bad', failing));
  assert.equal(failures, 2);
});

test('a load that raced a write is not kept; a store without a generation keeps nothing', async () => {
  let generation = 1;
  const racing = new GenerationCache<number>({ generation: () => generation });
  let calls = 0;
  const load = async (): Promise<number> => {
    calls++;
    generation++; // a write committed while loading
    return calls;
  };
  await racing.get('k', load);
  await racing.get('k', load);
  assert.equal(calls, 2);

  const uncached = new GenerationCache<string>({});
  const { load: load2, calls: calls2 } = counter(['x', 'y']);
  assert.equal(await uncached.get('k', load2), 'x');
  assert.equal(await uncached.get('k', load2), 'y');
  assert.equal(calls2(), 2);
});
