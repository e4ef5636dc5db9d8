// S3 objects end to end through @aws-sdk/client-s3: put/get/head with metadata and standard headers,
// ranges, conditional requests, response overrides, copies, deletes, tagging, both addressing styles.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type CumuloProcess } from './harness.js';
import { rawS3, s3Error, s3Suite, virtualHostClient } from '../unit/s3/e2e-helpers.js';

const B = 'objects-bucket';

async function notModified(p: Promise<unknown>): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.$metadata?.httpStatusCode, 304);
    return true;
  });
}

describe('S3 objects (e2e)', () => {
  let server: CumuloProcess;
  let s3: S3Client;

  s3Suite(B, (started) => ({ server, s3 } = started));

  it('stores an object with its metadata and standard headers and returns them on GET and HEAD', async () => {
    const expires = new Date('2030-01-01T00:00:00Z');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: B,
        Key: 'docs/hello.txt',
        Body: 'hello world',
        ContentType: 'text/plain',
        ContentEncoding: 'identity',
        ContentDisposition: 'attachment; filename="hello.txt"',
        ContentLanguage: 'en',
        CacheControl: 'max-age=60',
        Expires: expires,
        Metadata: { Color: 'blue', 'x-y': 'z' },
      }),
    );
    assert.equal(put.ETag, '"5eb63bbbe01eeed093cb22bb8f5acdc3"');
    assert.equal(put.VersionId, undefined);
    const got = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'docs/hello.txt' }));
    assert.equal(await got.Body!.transformToString(), 'hello world');
    assert.equal(got.ETag, put.ETag);
    assert.equal(got.ContentType, 'text/plain');
    assert.equal(got.ContentLength, 11);
    assert.equal(got.ContentEncoding, 'identity');
    assert.equal(got.ContentDisposition, 'attachment; filename="hello.txt"');
    assert.equal(got.ContentLanguage, 'en');
    assert.equal(got.CacheControl, 'max-age=60');
    assert.equal(got.Expires?.toISOString(), expires.toISOString());
    assert.deepEqual(got.Metadata, { color: 'blue', 'x-y': 'z' });
    assert.equal(got.AcceptRanges, 'bytes');
    // STANDARD is the default and, as on S3, not named on GET/HEAD.
    assert.equal(got.StorageClass, undefined);
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'docs/hello.txt' }));
    assert.equal(head.ContentLength, 11);
    assert.equal(head.ETag, put.ETag);
    assert.ok(head.LastModified instanceof Date);
  });

  it('defaults Content-Type to binary/octet-stream and echoes a non-standard storage class', async () => {
    await rawS3(server, 'PUT', `/${B}/raw`, { 'content-length': '3' }, Buffer.from('abc'));
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'raw' }));
    assert.equal(head.ContentType, 'binary/octet-stream');
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'ia', Body: 'x', StorageClass: 'STANDARD_IA' }));
    assert.equal(
      (await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'ia' }))).StorageClass,
      'STANDARD_IA',
    );
    await s3Error(
      s3.send(new PutObjectCommand({ Bucket: B, Key: 'bad', Body: 'x', StorageClass: 'NOPE' as any })),
      'InvalidStorageClass',
      400,
    );
  });

  it('serves byte ranges with 206 and Content-Range, and 416 InvalidRange past the end', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'digits', Body: '0123456789' }));
    const cases: Array<[string, string, string]> = [
      ['bytes=2-5', '2345', 'bytes 2-5/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-3', '789', 'bytes 7-9/10'],
      ['bytes=8-100', '89', 'bytes 8-9/10'],
    ];
    for (const [range, body, contentRange] of cases) {
      const r = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'digits', Range: range }));
      assert.equal(r.$metadata.httpStatusCode, 206, range);
      assert.equal(await r.Body!.transformToString(), body, range);
      assert.equal(r.ContentRange, contentRange);
      assert.equal(r.ContentLength, body.length);
    }
    const e = await s3Error(
      s3.send(new GetObjectCommand({ Bucket: B, Key: 'digits', Range: 'bytes=10-' })),
      'InvalidRange',
      416,
    );
    assert.equal(e.message, 'The requested range is not satisfiable');
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'digits', Range: 'bytes=0-0' }));
    assert.equal(head.$metadata.httpStatusCode, 206);
    assert.equal(head.ContentLength, 1);
  });

  it('answers conditional GETs with 304 and 412 as S3 does', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'cond', Body: 'c' }));
    const lm = (await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'cond' }))).LastModified!;
    const ok = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'cond', IfMatch: put.ETag }));
    assert.equal(await ok.Body!.transformToString(), 'c');
    const failed = await s3Error(
      s3.send(new GetObjectCommand({ Bucket: B, Key: 'cond', IfMatch: '"nope"' })),
      'PreconditionFailed',
      412,
    );
    assert.equal(failed.Condition, 'If-Match');
    assert.equal(failed.message, 'At least one of the pre-conditions you specified did not hold');
    // A 304 has no body, so the SDK can only go by the status.
    await notModified(s3.send(new GetObjectCommand({ Bucket: B, Key: 'cond', IfNoneMatch: put.ETag })));
    await notModified(
      s3.send(
        new GetObjectCommand({ Bucket: B, Key: 'cond', IfModifiedSince: new Date(lm.getTime() + 5000) }),
      ),
    );
    await s3Error(
      s3.send(
        new GetObjectCommand({ Bucket: B, Key: 'cond', IfUnmodifiedSince: new Date(lm.getTime() - 5000) }),
      ),
      'PreconditionFailed',
      412,
    );
    const since = await s3.send(
      new GetObjectCommand({ Bucket: B, Key: 'cond', IfModifiedSince: new Date(lm.getTime() - 5000) }),
    );
    assert.equal(since.$metadata.httpStatusCode, 200);
    // HEAD errors have no body: the status is all a client sees.
    await assert.rejects(
      s3.send(new HeadObjectCommand({ Bucket: B, Key: 'cond', IfMatch: '"nope"' })),
      (e: any) => {
        assert.equal(e.$metadata.httpStatusCode, 412);
        return true;
      },
    );
  });

  it('keeps an Expires that is not a date as sent, and ignores a conditional date that is not one', async () => {
    // The SDK sends only dates; other clients have stored such values on AWS (aws/aws-sdk-ruby#1184).
    const put = await rawS3(server, 'PUT', `/${B}/odd-expires`, { expires: '5d' }, Buffer.from('x'));
    assert.equal(put.status, 200, put.body);
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'odd-expires' }));
    assert.equal(head.ExpiresString, '5d');
    // RFC 9110, 13.1.3: an If-Modified-Since that is not a valid date is ignored.
    const got = await rawS3(
      server,
      'GET',
      `/${B}/odd-expires`,
      { 'if-modified-since': 'not a date' },
      Buffer.alloc(0),
    );
    assert.equal(got.status, 200, got.body);
    assert.equal(got.body, 'x');
  });

  it('overrides response headers with response-* parameters', async () => {
    const r = await s3.send(
      new GetObjectCommand({
        Bucket: B,
        Key: 'digits',
        ResponseContentType: 'application/json',
        ResponseContentDisposition: 'inline',
        ResponseCacheControl: 'no-cache',
        ResponseContentLanguage: 'fr',
        ResponseContentEncoding: 'gzip2',
        ResponseExpires: new Date('2031-02-03T04:05:06Z'),
      }),
    );
    await r.Body!.transformToString();
    assert.equal(r.ContentType, 'application/json');
    assert.equal(r.ContentDisposition, 'inline');
    assert.equal(r.CacheControl, 'no-cache');
    assert.equal(r.ContentLanguage, 'fr');
    assert.equal(r.ContentEncoding, 'gzip2');
    assert.equal(r.Expires?.toISOString(), '2031-02-03T04:05:06.000Z');
  });

  it('reports missing keys and buckets with S3 errors', async () => {
    const e = await s3Error(s3.send(new GetObjectCommand({ Bucket: B, Key: 'missing' })), 'NoSuchKey', 404);
    assert.equal(e.message, 'The specified key does not exist.');
    assert.equal(e.Key, 'missing');
    await s3Error(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'missing' })), 'NotFound', 404);
    const nb = await s3Error(
      s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket-x', Key: 'k' })),
      'NoSuchBucket',
      404,
    );
    assert.equal(nb.BucketName, 'no-such-bucket-x');
    await s3Error(
      s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket-x', Key: 'k', Body: 'x' })),
      'NoSuchBucket',
      404,
    );
  });

  it('copies objects with COPY and REPLACE directives, tags, conditions and the self-copy rule', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: B,
        Key: 'src key+1',
        Body: 'copy me',
        ContentType: 'text/x',
        Metadata: { a: '1' },
        Tagging: 't=1',
      }),
    );
    const copied = await s3.send(
      new CopyObjectCommand({ Bucket: B, Key: 'dst', CopySource: `${B}/${encodeURIComponent('src key+1')}` }),
    );
    assert.equal(copied.CopyObjectResult?.ETag, `"${createHash('md5').update('copy me').digest('hex')}"`);
    const dst = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'dst' }));
    assert.equal(await dst.Body!.transformToString(), 'copy me');
    assert.equal(dst.ContentType, 'text/x');
    assert.deepEqual(dst.Metadata, { a: '1' });
    assert.equal(dst.TagCount, 1);
    await s3.send(
      new CopyObjectCommand({
        Bucket: B,
        Key: 'dst2',
        CopySource: `/${B}/src%20key%2B1`,
        MetadataDirective: 'REPLACE',
        ContentType: 'text/y',
        Metadata: { b: '2' },
        TaggingDirective: 'REPLACE',
        Tagging: 'u=2&v=3',
      }),
    );
    const dst2 = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'dst2' }));
    assert.equal(dst2.ContentType, 'text/y');
    assert.deepEqual(dst2.Metadata, { b: '2' });
    const tags2 = await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'dst2' }));
    assert.deepEqual(
      tags2.TagSet?.map((t) => t.Key),
      ['u', 'v'],
    );
    const self = await s3Error(
      s3.send(new CopyObjectCommand({ Bucket: B, Key: 'dst', CopySource: `${B}/dst` })),
      'InvalidRequest',
      400,
    );
    assert.match(
      self.message,
      /^This copy request is illegal because it is trying to copy an object to itself/,
    );
    await s3.send(
      new CopyObjectCommand({
        Bucket: B,
        Key: 'dst',
        CopySource: `${B}/dst`,
        MetadataDirective: 'REPLACE',
        Metadata: { c: '3' },
      }),
    );
    assert.deepEqual((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'dst' }))).Metadata, { c: '3' });
    await s3Error(
      s3.send(
        new CopyObjectCommand({ Bucket: B, Key: 'x', CopySource: `${B}/dst`, CopySourceIfMatch: '"nope"' }),
      ),
      'PreconditionFailed',
      412,
    );
    await s3Error(
      s3.send(new CopyObjectCommand({ Bucket: B, Key: 'x', CopySource: `${B}/missing` })),
      'NoSuchKey',
      404,
    );
  });

  it('deletes one object, and many with DeleteObjects (Quiet too)', async () => {
    for (const k of ['d1', 'd2', 'd3', 'd4'])
      await s3.send(new PutObjectCommand({ Bucket: B, Key: k, Body: k }));
    const del = await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'd1' }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    await s3Error(s3.send(new GetObjectCommand({ Bucket: B, Key: 'd1' })), 'NoSuchKey');
    // Deleting a missing key succeeds, as on S3.
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'd1' }));
    const many = await s3.send(
      new DeleteObjectsCommand({
        Bucket: B,
        Delete: { Objects: [{ Key: 'd2' }, { Key: 'd3' }, { Key: 'never' }] },
      }),
    );
    assert.deepEqual(
      many.Deleted?.map((d) => d.Key),
      ['d2', 'd3', 'never'],
    );
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket: B, Delete: { Objects: [{ Key: 'd4' }], Quiet: true } }),
    );
    assert.equal(quiet.Deleted, undefined);
    await s3Error(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'd4' })), 'NotFound', 404);
  });

  it('requires Content-MD5 or a checksum header on DeleteObjects, as S3 does', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'kept', Body: 'k' }));
    const xml = Buffer.from('<Delete><Object><Key>kept</Key></Object></Delete>');
    const bare = await rawS3(server, 'POST', `/${B}`, { 'content-length': String(xml.length) }, xml, {
      delete: '',
    });
    assert.equal(bare.status, 400, bare.body);
    assert.match(bare.body, /<Code>InvalidRequest<\/Code>/);
    assert.match(bare.body, /<Message>Missing required header for this request: Content-MD5<\/Message>/);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'kept' }))).ContentLength, 1);
    const md5 = createHash('md5').update(xml).digest('base64');
    const withMd5 = await rawS3(
      server,
      'POST',
      `/${B}`,
      { 'content-length': String(xml.length), 'content-md5': md5 },
      xml,
      { delete: '' },
    );
    assert.equal(withMd5.status, 200, withMd5.body);
    await s3Error(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'kept' })), 'NotFound', 404);
  });

  it('puts, gets and deletes object tags, and takes x-amz-tagging on PutObject', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: B, Key: 'tagged', Body: 't', Tagging: 'a=1&b=two%20words' }),
    );
    const t1 = await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'tagged' }));
    assert.deepEqual(t1.TagSet, [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: 'two words' },
    ]);
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: B,
        Key: 'tagged',
        Tagging: { TagSet: [{ Key: 'c', Value: '3' }] },
      }),
    );
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'tagged' }))).TagSet, [
      { Key: 'c', Value: '3' },
    ]);
    const dup = await s3Error(
      s3.send(
        new PutObjectTaggingCommand({
          Bucket: B,
          Key: 'tagged',
          Tagging: {
            TagSet: [
              { Key: 'c', Value: '1' },
              { Key: 'c', Value: '2' },
            ],
          },
        }),
      ),
      'InvalidTag',
      400,
    );
    assert.equal(dup.message, 'Cannot provide multiple Tags with the same key');
    await s3.send(new DeleteObjectTaggingCommand({ Bucket: B, Key: 'tagged' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'tagged' }))).TagSet, []);
    await s3Error(s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'nope' })), 'NoSuchKey', 404);
  });

  it('addresses the same objects virtual-hosted-style', async () => {
    const vh = virtualHostClient(server);
    try {
      await vh.send(new PutObjectCommand({ Bucket: B, Key: 'vh/obj', Body: 'virtual' }));
      const viaPath = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'vh/obj' }));
      assert.equal(await viaPath.Body!.transformToString(), 'virtual');
      const viaHost = await vh.send(new GetObjectCommand({ Bucket: B, Key: 'docs/hello.txt' }));
      assert.equal(await viaHost.Body!.transformToString(), 'hello world');
    } finally {
      vh.destroy();
    }
  });

  it('keeps keys with spaces, unicode and slashes intact', async () => {
    const keys = ['a b/c+d', 'ünï/cödé ✓', 'trailing/', 'x?y#z&w=1'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: B, Key, Body: Key }));
    for (const Key of keys) {
      const r = await s3.send(new GetObjectCommand({ Bucket: B, Key }));
      assert.equal(await r.Body!.transformToString(), Key);
    }
  });
});
