// Integrity end to end: MD5 ETags, Content-MD5, flexible checksums from headers and from aws-chunked
// trailers (what current SDKs send by default), checksum mode on GET/HEAD, and bad bodies that
// must leave the stored object untouched.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type ChecksumAlgorithm,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startCumulo, type CumuloProcess } from './harness.js';
import { md5b64, pathClient, rawS3, s3Error } from '../unit/s3/e2e-helpers.js';
import { checksumOf } from '../../src/services/s3/checksums.js';

const B = 'integrity';

describe('S3 integrity (e2e)', () => {
  let server: CumuloProcess;
  let s3: S3Client;
  const body = async (Key: string) =>
    (await s3.send(new GetObjectCommand({ Bucket: B, Key }))).Body!.transformToString();

  before(async () => {
    server = await startCumulo();
    s3 = pathClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'keep', Body: 'original' }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('checks Content-MD5: a match stores, a mismatch is BadDigest, a malformed one InvalidDigest', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'md5', Body: 'abc', ContentMD5: md5b64('abc') }));
    assert.equal(await body('md5'), 'abc');
    const bad = await s3Error(
      s3.send(new PutObjectCommand({ Bucket: B, Key: 'keep', Body: 'changed', ContentMD5: md5b64('other') })),
      'BadDigest',
      400,
    );
    assert.equal(bad.message, 'The Content-MD5 you specified did not match what we received.');
    await s3Error(
      s3.send(new PutObjectCommand({ Bucket: B, Key: 'keep', Body: 'changed', ContentMD5: 'not-md5' })),
      'InvalidDigest',
      400,
    );
    assert.equal(await body('keep'), 'original');
  });

  for (const algorithm of ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] as const) {
    it(`stores a ${algorithm} checksum and returns it with checksum mode`, async () => {
      const data = Buffer.from(`payload for ${algorithm}`);
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: B,
          Key: `ck-${algorithm}`,
          Body: data,
          ChecksumAlgorithm: algorithm as ChecksumAlgorithm,
        }),
      );
      const expected = checksumOf(algorithm, data);
      const member = `Checksum${algorithm}` as const;
      assert.equal((put as any)[member], expected);
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: B, Key: `ck-${algorithm}`, ChecksumMode: 'ENABLED' }),
      );
      assert.equal((head as any)[member], expected);
      const plain = await s3.send(new HeadObjectCommand({ Bucket: B, Key: `ck-${algorithm}` }));
      assert.equal((plain as any)[member], undefined);
      const got = await s3.send(
        new GetObjectCommand({ Bucket: B, Key: `ck-${algorithm}`, ChecksumMode: 'ENABLED' }),
      );
      assert.equal(await got.Body!.transformToString(), data.toString());
      assert.equal((got as any)[member], expected);
    });
  }

  it('verifies the checksum an SDK streams in an aws-chunked trailer', async () => {
    const data = Buffer.alloc(100_000, 'q');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: B,
        Key: 'streamed',
        Body: Readable.from([data]),
        ContentLength: data.length,
      }),
    );
    assert.equal(put.ChecksumCRC32, checksumOf('CRC32', data));
    assert.equal(put.ETag, `"${createHash('md5').update(data).digest('hex')}"`);
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: B, Key: 'streamed', ChecksumMode: 'ENABLED' }),
    );
    assert.equal(head.ContentLength, data.length);
    assert.equal(head.ChecksumCRC32, checksumOf('CRC32', data));
  });

  it('refuses a wrong or malformed checksum header and keeps the object', async () => {
    const wrong = await s3Error(
      s3.send(
        new PutObjectCommand({
          Bucket: B,
          Key: 'keep',
          Body: 'changed',
          ChecksumSHA256: checksumOf('SHA256', Buffer.from('x')),
        }),
      ),
      'BadDigest',
      400,
    );
    assert.equal(wrong.message, 'The SHA256 you specified did not match the calculated checksum.');
    const res = await rawS3(
      server,
      'PUT',
      `/${B}/keep`,
      { 'x-amz-checksum-crc32': 'zz', 'content-length': '7' },
      Buffer.from('changed'),
    );
    assert.equal(res.status, 400);
    assert.match(
      res.body,
      /<Code>InvalidRequest<\/Code><Message>Value for x-amz-checksum-crc32 header is invalid.<\/Message>/,
    );
    assert.equal(await body('keep'), 'original');
  });

  it('refuses a wrong trailer checksum in an unsigned aws-chunked body and keeps the object', async () => {
    const data = 'changed';
    const chunked = `${data.length.toString(16)}\r\n${data}\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`;
    const res = await rawS3(
      server,
      'PUT',
      `/${B}/keep`,
      {
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(data.length),
        'x-amz-trailer': 'x-amz-checksum-crc32',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'content-length': String(chunked.length),
      },
      Buffer.from(chunked),
    );
    assert.equal(res.status, 400);
    assert.match(
      res.body,
      /<Code>BadDigest<\/Code><Message>The CRC32 you specified did not match the calculated checksum.<\/Message>/,
    );
    assert.equal(await body('keep'), 'original');
  });

  it('answers a request it rejects before reading the body, whatever the payload hash, and keeps serving', async () => {
    // The body hashes to something else than the signed x-amz-content-sha256; the verdict on it
    // comes after the request was already rejected, with no one reading (it used to end the server).
    const wrongHash = createHash('sha256').update('something else').digest('hex');
    for (const size of [3, 3 * 1024 * 1024]) {
      const res = await rawS3(
        server,
        'PUT',
        `/${B}/part`,
        { 'x-amz-content-sha256': wrongHash },
        Buffer.alloc(size, 'a'),
        { partNumber: 'abc', uploadId: 'none' },
      );
      assert.equal(res.status, 400);
    }
    assert.equal(await body('keep'), 'original');
  });

  it('stores nothing from a body cut short of its Content-Length', async () => {
    const res = await rawS3(
      server,
      'PUT',
      `/${B}/truncated`,
      { 'content-length': '100' },
      Buffer.from('only ten..'),
    );
    // The server cannot answer before the body ends; the client gives up, and nothing is stored.
    assert.ok(res.status === 0 || res.status === 400, `status ${res.status}`);
    await s3Error(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'truncated' })), 'NotFound', 404);
    const keep = await rawS3(
      server,
      'PUT',
      `/${B}/keep`,
      { 'content-length': '100' },
      Buffer.from('changed'),
    );
    assert.ok(keep.status !== 200);
    assert.equal(await body('keep'), 'original');
  });

  it('checks the checksum of an XML request body: a DeleteObjects list changed after it was summed deletes nothing', async () => {
    // The SDK sums the body (x-amz-checksum-crc32 by default), then this middleware changes one key, as
    // a damaged request would: `keeq` becomes `keep`.
    const damaging = pathClient(server);
    damaging.middlewareStack.addRelativeTo(
      (next: any) => async (args: any) => {
        args.request.body = String(args.request.body).replace('<Key>keeq</Key>', '<Key>keep</Key>');
        return next(args);
      },
      { relation: 'after', toMiddleware: 'flexibleChecksumsMiddleware', name: 'damageBody' },
    );
    try {
      const err = await s3Error(
        damaging.send(new DeleteObjectsCommand({ Bucket: B, Delete: { Objects: [{ Key: 'keeq' }] } })),
        'BadDigest',
        400,
      );
      assert.equal(err.message, 'The CRC32 you specified did not match the calculated checksum.');
    } finally {
      damaging.destroy();
    }
    assert.equal(await body('keep'), 'original');
  });

  it('checks Content-MD5 of an XML request body: a mismatch is BadDigest, a malformed one InvalidDigest', async () => {
    const tagging = Buffer.from(
      '<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>',
    );
    const put = (md5: string) =>
      rawS3(server, 'PUT', `/${B}/keep`, { 'content-md5': md5 }, tagging, { tagging: '' });
    const bad = await put(md5b64('something else'));
    assert.equal(bad.status, 400);
    assert.match(bad.body, /<Code>BadDigest<\/Code>/);
    const malformed = await put('not-md5');
    assert.equal(malformed.status, 400);
    assert.match(malformed.body, /<Code>InvalidDigest<\/Code>/);
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'keep' }))).TagSet, []);
    assert.equal((await put(md5b64(tagging))).status, 200);
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'keep' }))).TagSet, [
      { Key: 'k', Value: 'v' },
    ]);
  });

  it("answers a failure of the server's own disk with S3's InternalError (500), and serves on once it is back", async () => {
    const own = await startCumulo();
    const client = pathClient(own);
    try {
      await client.send(new CreateBucketCommand({ Bucket: 'disk' }));
      // New object bodies are written under <data dir>/s3/tmp: a file in its place fails every write.
      const tmp = path.join(own.dataDir, 's3', 'tmp');
      rmSync(tmp, { recursive: true, force: true });
      writeFileSync(tmp, 'not a directory');
      const err = await s3Error(
        client.send(new PutObjectCommand({ Bucket: 'disk', Key: 'k', Body: 'bytes' })),
        'InternalError',
        500,
      );
      assert.equal(err.message, 'We encountered an internal error. Please try again.');
      assert.match(own.output(), /internal error: Error: ENOTDIR/);
      rmSync(tmp);
      mkdirSync(tmp);
      await client.send(new PutObjectCommand({ Bucket: 'disk', Key: 'k', Body: 'bytes' }));
      const got = await client.send(new GetObjectCommand({ Bucket: 'disk', Key: 'k' }));
      assert.equal(await got.Body!.transformToString(), 'bytes');
    } finally {
      client.destroy();
      await own.dispose();
    }
  });
});
