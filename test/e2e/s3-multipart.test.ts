// Multipart uploads end to end: @aws-sdk/lib-storage, the low-level operations with S3's errors,
// UploadPartCopy with ranges, ListParts / ListMultipartUploads, abort.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { CumuloProcess } from './harness.js';
import { s3Error, s3Suite } from '../unit/s3/e2e-helpers.js';

const B = 'multipart';
const MiB = 1024 * 1024;

function pattern(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) b.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return b;
}
const md5 = (b: Buffer): Buffer => createHash('md5').update(b).digest();

describe('S3 multipart uploads (e2e)', () => {
  let server: CumuloProcess;
  let s3: S3Client;

  s3Suite(B, (started) => ({ server, s3 } = started));

  it('uploads through lib-storage and reads the object back whole and across part boundaries', async () => {
    const body = pattern(12 * MiB + 123, 1);
    const upload = new Upload({
      client: s3,
      params: { Bucket: B, Key: 'big.bin', Body: body, ContentType: 'application/x-test' },
      partSize: 5 * MiB,
      queueSize: 2,
    });
    const done = await upload.done();
    const expected = createHash('md5')
      .update(Buffer.concat([0, 1, 2].map((i) => md5(body.subarray(i * 5 * MiB, (i + 1) * 5 * MiB)))))
      .digest('hex');
    assert.equal(done.ETag, `"${expected}-3"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'big.bin' }));
    assert.equal(head.ContentLength, body.length);
    assert.equal(head.ContentType, 'application/x-test');
    const got = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'big.bin' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
    const across = await s3.send(
      new GetObjectCommand({ Bucket: B, Key: 'big.bin', Range: `bytes=${5 * MiB - 10}-${10 * MiB + 9}` }),
    );
    assert.ok(
      Buffer.from(await across.Body!.transformToByteArray()).equals(
        body.subarray(5 * MiB - 10, 10 * MiB + 10),
      ),
    );
  });

  it('serves an object of many parts whole, and the server warns of no listener leak', async () => {
    // rclone and s3cmd download objects of dozens of parts; each part used to add listeners to the
    // response stream until Node warned "MaxListenersExceededWarning" in the server's log.
    const part = pattern(5 * MiB, 2);
    const count = 12;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'many-parts' }));
    const Parts = [];
    for (let PartNumber = 1; PartNumber <= count; PartNumber++) {
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: B, Key: 'many-parts', UploadId, PartNumber, Body: part }),
      );
      Parts.push({ PartNumber, ETag });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: B,
        Key: 'many-parts',
        UploadId,
        MultipartUpload: { Parts },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'many-parts' }));
    const hash = createHash('md5');
    for await (const chunk of got.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    const whole = createHash('md5');
    for (let i = 0; i < count; i++) whole.update(part);
    assert.equal(hash.digest('hex'), whole.digest('hex'));
    assert.doesNotMatch(server.output(), /MaxListenersExceededWarning/);
  });

  it('reads one part of an object with partNumber: its bytes as a 206, and the parts count', async () => {
    const body = pattern(12 * MiB + 123, 1); // big.bin, uploaded above in parts of 5 MiB
    const part2 = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'big.bin', PartNumber: 2 }));
    assert.equal(part2.$metadata.httpStatusCode, 206);
    assert.equal(part2.ContentRange, `bytes ${5 * MiB}-${10 * MiB - 1}/${body.length}`);
    assert.equal(part2.ContentLength, 5 * MiB);
    assert.equal(part2.PartsCount, 3);
    assert.ok(Buffer.from(await part2.Body!.transformToByteArray()).equals(body.subarray(5 * MiB, 10 * MiB)));
    const head3 = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'big.bin', PartNumber: 3 }));
    assert.equal(head3.$metadata.httpStatusCode, 206);
    assert.equal(head3.ContentLength, 2 * MiB + 123);
    assert.equal(head3.ContentRange, `bytes ${10 * MiB}-${body.length - 1}/${body.length}`);
    assert.equal(head3.PartsCount, 3);
    assert.equal(head3.ETag, part2.ETag);

    const past = await s3Error(
      s3.send(new GetObjectCommand({ Bucket: B, Key: 'big.bin', PartNumber: 4 })),
      'InvalidPartNumber',
      416,
    );
    assert.equal(past.message, 'The requested partnumber is not satisfiable');
    const both = await s3Error(
      s3.send(new GetObjectCommand({ Bucket: B, Key: 'big.bin', PartNumber: 1, Range: 'bytes=0-9' })),
      'InvalidRequest',
      400,
    );
    assert.equal(both.message, 'Cannot specify both Range header and partNumber query parameter');
    for (const bad of [0, 10001]) {
      const err = await s3Error(
        s3.send(new GetObjectCommand({ Bucket: B, Key: 'big.bin', PartNumber: bad })),
        'InvalidArgument',
        400,
      );
      assert.equal(err.message, 'Part number must be an integer between 1 and 10000, inclusive');
    }

    // An object put whole is its one part 1: the whole as a 206, and no parts count.
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'whole', Body: 'ten bytes!' }));
    const whole = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'whole', PartNumber: 1 }));
    assert.equal(whole.$metadata.httpStatusCode, 206);
    assert.equal(whole.ContentRange, 'bytes 0-9/10');
    assert.equal(whole.PartsCount, undefined);
    assert.equal(await whole.Body!.transformToString(), 'ten bytes!');
    // A HEAD answer has no body: the SDK has the status alone.
    await assert.rejects(
      s3.send(new HeadObjectCommand({ Bucket: B, Key: 'whole', PartNumber: 2 })),
      (e: any) => e.$metadata?.httpStatusCode === 416,
    );
  });

  it('answers GetObjectAttributes: the attributes asked for, the ETag unquoted, a multipart object its parts count', async () => {
    const all = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'big.bin' }));
    const big = await s3.send(
      new GetObjectAttributesCommand({ Bucket: B, Key: 'big.bin', ObjectAttributes: [...all] }),
    );
    assert.equal(big.ETag, head.ETag!.replace(/"/g, ''));
    assert.equal(big.ObjectSize, 12 * MiB + 123);
    assert.equal(big.StorageClass, 'STANDARD');
    assert.equal(big.ObjectParts?.TotalPartsCount, 3);
    assert.equal(big.LastModified?.getTime(), head.LastModified?.getTime());

    const data = Buffer.from('attributes');
    const put = await s3.send(
      new PutObjectCommand({ Bucket: B, Key: 'attrs', Body: data, ChecksumAlgorithm: 'CRC32' }),
    );
    const only = await s3.send(
      new GetObjectAttributesCommand({
        Bucket: B,
        Key: 'attrs',
        ObjectAttributes: ['Checksum', 'ObjectSize'],
      }),
    );
    assert.deepEqual(only.Checksum?.ChecksumCRC32, put.ChecksumCRC32);
    assert.equal(only.ObjectSize, data.length);
    assert.equal(only.ETag, undefined);
    assert.equal(only.ObjectParts, undefined);
    await s3Error(
      s3.send(new GetObjectAttributesCommand({ Bucket: B, Key: 'missing', ObjectAttributes: ['ETag'] })),
      'NoSuchKey',
      404,
    );
    const unknown = await s3Error(
      s3.send(
        new GetObjectAttributesCommand({
          Bucket: B,
          Key: 'attrs',
          ObjectAttributes: ['ETag', 'Dummy' as 'ETag'],
        }),
      ),
      'InvalidArgument',
      400,
    );
    assert.equal(unknown.message, 'Invalid attribute name specified.');
    assert.equal(unknown.ArgumentName, 'x-amz-object-attributes');
    assert.equal(unknown.ArgumentValue, 'Dummy');
  });

  it('completes a low-level upload, replaces a re-uploaded part and lists parts and uploads', async () => {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: B, Key: 'manual', Metadata: { m: '1' } }),
    );
    assert.ok(UploadId);
    const p1 = pattern(5 * MiB, 2);
    await s3.send(
      new UploadPartCommand({ Bucket: B, Key: 'manual', UploadId, PartNumber: 1, Body: pattern(5 * MiB, 9) }),
    );
    const r1 = await s3.send(
      new UploadPartCommand({ Bucket: B, Key: 'manual', UploadId, PartNumber: 1, Body: p1 }),
    );
    const r2 = await s3.send(
      new UploadPartCommand({ Bucket: B, Key: 'manual', UploadId, PartNumber: 2, Body: 'tail' }),
    );
    assert.equal(r1.ETag, `"${md5(p1).toString('hex')}"`);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: B }));
    assert.deepEqual(
      uploads.Uploads?.map((u) => [u.Key, u.UploadId]),
      [['manual', UploadId]],
    );
    const parts = await s3.send(new ListPartsCommand({ Bucket: B, Key: 'manual', UploadId }));
    assert.deepEqual(
      parts.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag]),
      [
        [1, 5 * MiB, r1.ETag],
        [2, 4, r2.ETag],
      ],
    );
    const page = await s3.send(new ListPartsCommand({ Bucket: B, Key: 'manual', UploadId, MaxParts: 1 }));
    assert.equal(page.IsTruncated, true);
    assert.equal(page.NextPartNumberMarker, '1' as any);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: B,
        Key: 'manual',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: r1.ETag },
            { PartNumber: 2, ETag: r2.ETag },
          ],
        },
      }),
    );
    assert.match(done.ETag ?? '', /-2"$/);
    assert.equal(done.Key, 'manual');
    const got = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'manual' }));
    assert.deepEqual(got.Metadata, { m: '1' });
    assert.ok(
      Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([p1, Buffer.from('tail')])),
    );
    await s3Error(s3.send(new ListPartsCommand({ Bucket: B, Key: 'manual', UploadId })), 'NoSuchUpload', 404);
  });

  it("refuses S3's multipart errors: EntityTooSmall, InvalidPart, InvalidPartOrder, NoSuchUpload, bad part numbers", async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'bad' }));
    const a = await s3.send(
      new UploadPartCommand({ Bucket: B, Key: 'bad', UploadId, PartNumber: 1, Body: 'small' }),
    );
    const b = await s3.send(
      new UploadPartCommand({ Bucket: B, Key: 'bad', UploadId, PartNumber: 2, Body: 'last' }),
    );
    const complete = (Parts: Array<{ PartNumber: number; ETag?: string }>) =>
      s3.send(
        new CompleteMultipartUploadCommand({ Bucket: B, Key: 'bad', UploadId, MultipartUpload: { Parts } }),
      );
    const small = await s3Error(
      complete([
        { PartNumber: 1, ETag: a.ETag },
        { PartNumber: 2, ETag: b.ETag },
      ]),
      'EntityTooSmall',
      400,
    );
    assert.equal(small.message, 'Your proposed upload is smaller than the minimum allowed size');
    assert.equal(small.ProposedSize, '5');
    await s3Error(
      complete([
        { PartNumber: 2, ETag: b.ETag },
        { PartNumber: 1, ETag: a.ETag },
      ]),
      'InvalidPartOrder',
      400,
    );
    await s3Error(
      complete([{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }]),
      'InvalidPart',
      400,
    );
    await s3Error(complete([{ PartNumber: 3, ETag: a.ETag }]), 'InvalidPart', 400);
    const badNumber = await s3Error(
      s3.send(new UploadPartCommand({ Bucket: B, Key: 'bad', UploadId, PartNumber: 10001, Body: 'x' })),
      'InvalidArgument',
      400,
    );
    assert.equal(badNumber.message, 'Part number must be an integer between 1 and 10000, inclusive');
    // A single small part is a whole object.
    const one = await complete([{ PartNumber: 2, ETag: b.ETag }]);
    assert.match(one.ETag ?? '', /-1"$/);
    const gone = await s3Error(
      s3.send(new UploadPartCommand({ Bucket: B, Key: 'bad', UploadId, PartNumber: 1, Body: 'x' })),
      'NoSuchUpload',
      404,
    );
    assert.equal(gone.UploadId, UploadId);
    await s3Error(
      s3.send(new AbortMultipartUploadCommand({ Bucket: B, Key: 'bad', UploadId: 'nope' })),
      'NoSuchUpload',
      404,
    );
  });

  it('aborts an upload and forgets its parts', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'aborted' }));
    await s3.send(new UploadPartCommand({ Bucket: B, Key: 'aborted', UploadId, PartNumber: 1, Body: 'x' }));
    const r = await s3.send(new AbortMultipartUploadCommand({ Bucket: B, Key: 'aborted', UploadId }));
    assert.equal(r.$metadata.httpStatusCode, 204);
    assert.equal((await s3.send(new ListMultipartUploadsCommand({ Bucket: B }))).Uploads, undefined);
    await s3Error(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'aborted' })), 'NotFound', 404);
  });

  it('copies parts from an existing object, whole and by range', async () => {
    const src = pattern(6 * MiB, 3);
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'copy-src', Body: src }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'copied' }));
    const c1 = await s3.send(
      new UploadPartCopyCommand({
        Bucket: B,
        Key: 'copied',
        UploadId,
        PartNumber: 1,
        CopySource: `${B}/copy-src`,
      }),
    );
    const c2 = await s3.send(
      new UploadPartCopyCommand({
        Bucket: B,
        Key: 'copied',
        UploadId,
        PartNumber: 2,
        CopySource: `${B}/copy-src`,
        CopySourceRange: 'bytes=10-19',
      }),
    );
    assert.equal(c1.CopyPartResult?.ETag, `"${md5(src).toString('hex')}"`);
    assert.equal(c2.CopyPartResult?.ETag, `"${md5(src.subarray(10, 20)).toString('hex')}"`);
    await s3Error(
      s3.send(
        new UploadPartCopyCommand({
          Bucket: B,
          Key: 'copied',
          UploadId,
          PartNumber: 3,
          CopySource: `${B}/copy-src`,
          CopySourceRange: `bytes=0-${6 * MiB}`,
        }),
      ),
      'InvalidRange',
      416,
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: B,
        Key: 'copied',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: c1.CopyPartResult!.ETag },
            { PartNumber: 2, ETag: c2.CopyPartResult!.ETag },
          ],
        },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'copied' }));
    assert.ok(
      Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([src, src.subarray(10, 20)])),
    );
  });
});
