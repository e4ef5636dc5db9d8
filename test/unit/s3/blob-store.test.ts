// The blob store writes and reads bodies of every size class: small ones synchronously, large ones
// in batches, hashing them on the way, inline or in a hash worker.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { HashWorker } from '../../../src/server/hashing/hash-worker.js';
import { INLINE_HASHING, type Hashing } from '../../../src/server/hashing/hasher.js';
import { BlobStore } from '../../../src/services/s3/storage/blob-store.js';
import { CRASHING_HASHER, CRASH_AFTER } from '../server/crashing-hasher.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'cumulo-blobs-'));
const worker = new HashWorker();
after(async () => {
  await worker.close();
  rmSync(root, { recursive: true, force: true });
});
const hashings: Array<[string, Hashing]> = [
  ['inline', INLINE_HASHING],
  ['worker', worker],
];

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
const pieces = (b: Buffer, size: number): Readable =>
  Readable.from(
    (function* () {
      for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
    })(),
  );
async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('BlobStore', () => {
  for (const [where, hashing] of hashings)
    for (const durable of [false, true]) {
      const blobs = new BlobStore(path.join(root, `${where}-${durable}`), durable, hashing);
      for (const size of [0, 1000, 200_000, 5 * 1024 * 1024 + 3]) {
        it(`writes, hashes (${where}) and reads back ${size} bytes (durable: ${durable})`, async () => {
          const data = randomBytes(size);
          const blob = await blobs.write(pieces(data, 65_536), ['MD5']);
          assert.equal(blob.size, size);
          assert.equal(blob.digests[0]!.toString('hex'), md5(data));
          const ref = [{ file: blob.file, size }];
          assert.deepEqual(await readAll(blobs.read(ref)), data);
          if (size > 0) {
            const start = Math.floor(size / 3);
            const expected = data.subarray(start, size);
            assert.deepEqual(
              blobs.readSmall(ref, start, size - 1) ?? (await readAll(blobs.read(ref, start))),
              expected,
            );
          }
          // A copy: read one blob into another, hashed on the way.
          const copy = await blobs.write(blobs.read(ref), ['MD5']);
          assert.equal(copy.digests[0]!.toString('hex'), md5(data));
          await blobs.remove([ref[0]!, { file: copy.file, size }]);
          assert.deepEqual(readdirSync(path.join(blobs.root, 'tmp')), []);
        });
      }
    }

  it('writes a new small blob into the file of a removed one, but never into one still being read', async () => {
    const blobs = new BlobStore(path.join(root, 'recycling'), false);
    const recycled = (): string[] => readdirSync(path.join(blobs.root, 'recycled'));
    const first = await blobs.write(pieces(Buffer.from('first version'), 4), []);
    await blobs.remove([{ file: first.file, size: first.size }]);
    assert.equal(recycled().length, 1, 'the removed file is kept for reuse');
    const second = await blobs.write(pieces(Buffer.from('2nd'), 4), []);
    assert.equal(recycled().length, 0, 'and the next blob was written into it');
    const ref = { file: second.file, size: second.size };
    assert.equal((await readAll(blobs.read([ref]))).toString(), '2nd', 'truncated, not overlaid');

    // A stream reading a blob keeps its file out of reuse until it closes.
    const reading = blobs.read([ref]);
    await new Promise((resolve) => reading.once('ready', resolve)); // its file is open
    await blobs.remove([ref]);
    assert.equal(recycled().length, 0);
    const third = await blobs.write(pieces(Buffer.from('third'), 4), []);
    assert.equal((await readAll(reading)).toString(), '2nd');
    await blobs.remove([{ file: third.file, size: third.size }]);
    assert.equal(recycled().length, 1);
  });

  it('leaves no file behind when the body fails part way', async () => {
    const blobs = new BlobStore(path.join(root, 'failing'), false);
    const failing = Readable.from(
      (async function* () {
        yield randomBytes(3 * 1024 * 1024);
        throw new Error('client went away');
      })(),
    );
    await assert.rejects(blobs.write(failing, ['MD5']), /client went away/);
    assert.deepEqual(readdirSync(path.join(blobs.root, 'tmp')), []);
    assert.deepEqual(readdirSync(path.join(blobs.root, 'blobs')), []);
  });

  it('leaves no file behind when the hash worker dies part way', async () => {
    // The blob store's hashes swapped for a hasher that ends the worker thread it runs in.
    const crashing: Hashing = { hasher: () => worker.hasher(CRASHING_HASHER, ['CRASH']) };
    const blobs = new BlobStore(path.join(root, 'crashing'), false, crashing);
    const data = randomBytes(CRASH_AFTER + 2 * 1024 * 1024);
    await assert.rejects(blobs.write(pieces(data, 65_536), ['MD5']), /hash worker exited/);
    assert.deepEqual(readdirSync(path.join(blobs.root, 'tmp')), []);
    assert.deepEqual(readdirSync(path.join(blobs.root, 'blobs')), []);
  });
});
