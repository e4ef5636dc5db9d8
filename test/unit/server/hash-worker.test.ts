// Hashing in a worker thread gives the digests hashing inline gives, bounds what it holds, and
// survives its worker dying: the bodies it was hashing fail, the next ones get a new worker.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { PAYLOAD_HASHER } from '../../../src/auth/crypto.js';
import { HashWorker } from '../../../src/server/hashing/hash-worker.js';
import { INLINE_HASHING, type Hashing, type StreamHasher } from '../../../src/server/hashing/hasher.js';
import { CHECKSUM_ALGORITHMS, OBJECT_HASHERS } from '../../../src/services/s3/checksums.js';
import { CRASHING_HASHER, CRASH_AFTER } from './crashing-hasher.js';

const MiB = 1024 * 1024;

async function hashAll(hasher: StreamHasher, data: Buffer, piece: number): Promise<Buffer[]> {
  for (let i = 0; i < data.length; i += piece) await hasher.update(data.subarray(i, i + piece));
  return hasher.digests();
}

describe('HashWorker', () => {
  const worker = new HashWorker();
  const pair = new HashWorker({ threads: 2 });
  after(() => Promise.all([worker.close(), pair.close()]));

  const algorithms = ['MD5', ...CHECKSUM_ALGORITHMS] as const;
  // Within the threshold (inline), at it, a byte over it, and several batches with a ragged end.
  for (const size of [0, 1000, MiB, MiB + 1, 5 * MiB + 3]) {
    it(`gives the inline digests of ${size} bytes for ${algorithms.join(', ')} and SHA-256`, async () => {
      const data = randomBytes(size);
      // Two bodies at once: with two threads, each in a worker of its own.
      const digests = async (hashing: Hashing): Promise<Buffer[]> => {
        const [object, payload] = await Promise.all([
          hashAll(hashing.hasher(OBJECT_HASHERS, algorithms), data, 65_543),
          hashAll(hashing.hasher(PAYLOAD_HASHER, ['SHA256']), data, 65_543),
        ]);
        return [...object, ...payload];
      };
      const expected = await digests(INLINE_HASHING);
      assert.deepEqual(await digests(worker), expected);
      assert.deepEqual(await digests(pair), expected);
    });
  }

  it('asks its feeder to wait while the worker is behind', async () => {
    const hasher = worker.hasher(OBJECT_HASHERS, ['MD5']);
    const data = randomBytes(64 * 1024);
    let fed = 0;
    // Fed without ever yielding, the worker's returned buffers cannot be seen: the session must push back.
    while (hasher.update(data) === undefined) {
      fed += data.length;
      assert.ok(fed <= 16 * MiB, `still accepting after ${fed} bytes`);
    }
    hasher.abort();
  });

  it('fails the bodies of a worker that dies, and hashes the next ones in a new worker', async () => {
    const data = randomBytes(CRASH_AFTER + MiB);
    const doomed = worker.hasher(CRASHING_HASHER, ['CRASH']);
    await assert.rejects(hashAll(doomed, data, 65_536), /hash worker exited \(code 3\)/);
    const next = await hashAll(worker.hasher(OBJECT_HASHERS, ['MD5']), data, 65_536);
    assert.deepEqual(next, await hashAll(INLINE_HASHING.hasher(OBJECT_HASHERS, ['MD5']), data, 65_536));
  });

  it('fails a body whose hasher module cannot be loaded in the worker', async () => {
    const missing = {
      url: new URL('./no-such-module.js', import.meta.url).href,
      create: OBJECT_HASHERS.create,
    };
    await assert.rejects(
      hashAll(worker.hasher(missing, ['MD5']), randomBytes(2 * MiB), MiB),
      /no-such-module/,
    );
  });

  it('fails what it was hashing when closed, and hashes inline afterwards', async () => {
    const closing = new HashWorker();
    const data = randomBytes(3 * MiB);
    const open = closing.hasher(OBJECT_HASHERS, ['MD5']);
    await open.update(data);
    await closing.close();
    await assert.rejects(open.digests(), /hash worker exited/);
    const afterwards = await hashAll(closing.hasher(OBJECT_HASHERS, ['MD5']), data, MiB);
    const inline = await hashAll(INLINE_HASHING.hasher(OBJECT_HASHERS, ['MD5']), data, MiB);
    assert.deepEqual(afterwards, inline);
    // A body that began before close() and only then grew past the threshold.
    const reopened = new HashWorker();
    const racing = reopened.hasher(OBJECT_HASHERS, ['MD5']);
    await racing.update(data.subarray(0, 1000));
    await reopened.close();
    assert.deepEqual(await hashAll(racing, data.subarray(1000), MiB), inline);
  });
});
