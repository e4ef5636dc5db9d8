// The Store contract, run against each backend (only the embedded one exists so far).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStore } from '../../../src/storage/sqlite-store.js';
import type { ListOptions, Store } from '../../../src/storage/store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cumulo-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const backends: Array<[string, () => Store]> = [
  ['sqlite', () => new SqliteStore(path.join(dir, `${Math.random().toString(36).slice(2)}.db`))],
];

for (const [name, make] of backends) {
  describe(`Store (${name})`, () => {
    it('puts, gets and deletes documents per namespace', async () => {
      const store = make();
      await store.write(async (tx) => {
        await tx.put('a', 'k1', { x: 1 });
        await tx.put('b', 'k1', { x: 2 });
      });
      assert.deepEqual(await store.read((tx) => tx.get('a', 'k1')), { x: 1 });
      assert.deepEqual(await store.read((tx) => tx.get('b', 'k1')), { x: 2 });
      assert.equal(await store.write((tx) => tx.delete('a', 'k1')), true);
      assert.equal(await store.write((tx) => tx.delete('a', 'k1')), false);
      assert.equal(await store.read((tx) => tx.get('a', 'k1')), undefined);
      await store.close();
    });

    it('lists in key order with prefix, after, limit and reverse', async () => {
      const store = make();
      await store.write(async (tx) => {
        for (const k of ['f\u00001', 'f\u00002', 'f\u00003', 'g\u00001', 'e']) await tx.put('ns', k, k);
      });
      const keys = async (o: ListOptions) =>
        (await store.read((tx) => tx.list<string>('ns', o))).map((e) => e.key);
      assert.deepEqual(await keys({ prefix: 'f\u0000' }), ['f\u00001', 'f\u00002', 'f\u00003']);
      assert.deepEqual(await keys({ prefix: 'f\u0000', after: 'f\u00001', limit: 1 }), ['f\u00002']);
      assert.deepEqual(await keys({ prefix: 'f\u0000', reverse: true, limit: 2 }), ['f\u00003', 'f\u00002']);
      assert.equal(await store.read((tx) => tx.count('ns', 'f')), 3);
      assert.equal(await store.write((tx) => tx.deletePrefix('ns', 'f')), 3);
      assert.equal(await store.read((tx) => tx.count('ns')), 2);
      await store.close();
    });

    it('rolls back every write of a failed transaction', async () => {
      const store = make();
      await assert.rejects(
        store.write(async (tx) => {
          await tx.put('ns', 'a', 1);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.read((tx) => tx.get('ns', 'a')), undefined);
      await store.close();
    });

    it('serializes concurrent write transactions', async () => {
      const store = make();
      await store.write((tx) => tx.put('ns', 'n', 0));
      await Promise.all(
        Array.from({ length: 50 }, () =>
          store.write(async (tx) => {
            const n = (await tx.get<number>('ns', 'n'))!;
            await Promise.resolve();
            await tx.put('ns', 'n', n + 1);
          }),
        ),
      );
      assert.equal(await store.read((tx) => tx.get('ns', 'n')), 50);
      await store.close();
    });
  });
}
