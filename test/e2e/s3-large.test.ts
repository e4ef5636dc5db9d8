// A 2 GiB object up and down without the server holding it: a single streamed PutObject of a
// generated Readable, then a streamed GetObject whose bytes are hashed as they arrive. The server's
// peak resident memory (VmHWM of its process) must stay under 150 MB.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startCumulo, type CumuloProcess } from './harness.js';
import { pathClient } from '../unit/s3/e2e-helpers.js';

const SIZE = 2 * 1024 * 1024 * 1024;
const CHUNK = 1024 * 1024;

/** SIZE bytes of a repeating 1 MiB block (cheap to produce, still exercises every byte). */
function generated(): Readable {
  const block = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i++) block[i] = (i * 31 + 7) & 0xff;
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= SIZE) {
        this.push(null);
        return;
      }
      sent += CHUNK;
      this.push(block);
    },
  });
}

function expectedMd5(): string {
  const block = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i++) block[i] = (i * 31 + 7) & 0xff;
  const h = createHash('md5');
  for (let n = 0; n < SIZE; n += CHUNK) h.update(block);
  return h.digest('hex');
}

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1]) / 1024;
}

describe('S3 large objects (e2e)', () => {
  let server: CumuloProcess;
  let s3: S3Client;

  before(async () => {
    server = await startCumulo();
    // Unsigned streaming bodies with a CRC32 trailer, as the SDK sends by default.
    s3 = pathClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: 'large' }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('puts and gets 2 GiB with the server under 150 MB of memory', { timeout: 600_000 }, async (t) => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'large', Key: 'two-gib', Body: generated(), ContentLength: SIZE }),
    );
    const md5 = expectedMd5();
    assert.equal(put.ETag, `"${md5}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'large', Key: 'two-gib' }));
    assert.equal(got.ContentLength, SIZE);
    const h = createHash('md5');
    let n = 0;
    for await (const chunk of got.Body as Readable) {
      h.update(chunk as Buffer);
      n += (chunk as Buffer).length;
    }
    assert.equal(n, SIZE);
    assert.equal(h.digest('hex'), md5);
    const peak = peakRssMb(server.pid);
    t.diagnostic(`server peak RSS ${peak.toFixed(1)} MB`);
    assert.ok(peak < 150, `server peak RSS ${peak.toFixed(1)} MB`);
  });
});
