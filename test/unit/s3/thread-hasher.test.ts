// Hashing large bodies on a worker thread gives the same digests as hashing them inline.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createHasher } from '../../../src/services/s3/checksums.js';
import { OFF_THREAD_MIN, bodyHasher } from '../../../src/services/s3/storage/thread-hasher.js';

describe('bodyHasher', () => {
  it('hashes a large body off the main thread to the same digests, fed in uneven pieces', async () => {
    const data = randomBytes(OFF_THREAD_MIN + 12_345);
    for (const alg of ['MD5', 'SHA256', 'CRC32C', 'CRC64NVME'] as const) {
      const h = bodyHasher(alg, data.length);
      assert.ok(h.settled, `${alg} runs off the main thread`);
      for (let i = 0; i < data.length; i += 65_537) {
        h.update(data.subarray(i, i + 65_537));
        await h.drained?.();
      }
      await h.settled();
      const inline = createHasher(alg);
      inline.update(data);
      assert.deepEqual(h.digest(), inline.digest(), alg);
    }
  });

  it('hashes several bodies at once without mixing them up', async () => {
    const bodies = [randomBytes(3 * 1024 * 1024), randomBytes(5 * 1024 * 1024 + 1), Buffer.alloc(0)];
    const hashers = bodies.map(() => bodyHasher('MD5', OFF_THREAD_MIN));
    for (let i = 0; i < 5 * 1024 * 1024 + 1; i += 300_000) {
      bodies.forEach((b, n) => hashers[n]!.update(b.subarray(i, i + 300_000)));
    }
    await Promise.all(hashers.map((h) => h.settled!()));
    bodies.forEach((b, n) => {
      const inline = createHasher('MD5');
      inline.update(b);
      assert.deepEqual(hashers[n]!.digest(), inline.digest());
    });
  });

  it('keeps small, unknown-length and CRC32 bodies inline', () => {
    assert.equal(bodyHasher('MD5', 1024).settled, undefined);
    assert.equal(bodyHasher('MD5', undefined).settled, undefined);
    assert.equal(bodyHasher('CRC32', OFF_THREAD_MIN).settled, undefined);
  });

  it('forgets a discarded body and goes on serving others', async () => {
    const dropped = bodyHasher('MD5', OFF_THREAD_MIN);
    dropped.update(randomBytes(2 * 1024 * 1024));
    dropped.discard!();
    const h = bodyHasher('MD5', OFF_THREAD_MIN);
    h.update(Buffer.from('hello'));
    await h.settled!();
    assert.equal(h.digest().toString('hex'), '5d41402abc4b2a76b9719d911017c592');
  });
});
