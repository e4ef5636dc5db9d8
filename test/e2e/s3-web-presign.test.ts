// Presigned URLs as users make them: @aws-sdk/s3-request-presigner and `aws s3 presign`, used by a
// plain HTTP client that holds no credentials. Expiry and tampering are refused as S3 refuses them
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { checksumOf } from '../../src/services/s3/checksums.js';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';

let server: CumuloProcess;
let s3: S3Client;
/**
 * The client a backend presigns with, configured as is usual for presigned uploads
 * (`requestChecksumCalculation: 'WHEN_REQUIRED'`: no SDK-computed checksum in the URL). The SDK's
 * default since 3.729 is tested on its own below.
 */
let presigner: S3Client;
const BUCKET = 'presigned';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const tag = (xml: Buffer, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml.toString())?.[1];

async function readObject(Key: string): Promise<{ body: Buffer; type?: string }> {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
  return { body: Buffer.from(await out.Body!.transformToByteArray()), type: out.ContentType };
}

before(async () => {
  server = await startCumulo();
  s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true });
  presigner = new S3Client({
    ...server.clientConfig,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: 'report.csv', Body: 'a,b\n1,2\n', ContentType: 'text/csv' }),
  );
});

after(async () => {
  s3?.destroy();
  presigner?.destroy();
  await server?.dispose();
});

describe('presigned URLs from the SDK presigner', () => {
  it('GET reads the object without credentials', async () => {
    const url = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: BUCKET, Key: 'report.csv' }), {
      expiresIn: 60,
    });
    assert.match(url, /X-Amz-Signature=/);
    const r = await send('GET', url);
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), 'a,b\n1,2\n');
    assert.equal(r.headers['content-type'], 'text/csv');
  });

  it('PUT stores the bytes and the signed content type', async () => {
    const bytes = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 13) % 256));
    const url = await getSignedUrl(
      presigner,
      new PutObjectCommand({ Bucket: BUCKET, Key: 'uploads/blob.bin', ContentType: 'application/x-test' }),
      { expiresIn: 60 },
    );
    const r = await send('PUT', url, { 'Content-Type': 'application/x-test' }, bytes);
    assert.equal(r.status, 200, r.body.toString());
    assert.ok(r.headers.etag);
    const stored = await readObject('uploads/blob.bin');
    assert.deepEqual(stored.body, bytes);
    assert.equal(stored.type, 'application/x-test');
  });

  it('refuses an expired URL: 403 AccessDenied "Request has expired"', async () => {
    // Signed an hour ago for 60 seconds: expired 59 minutes ago, with no waiting.
    const url = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: BUCKET, Key: 'report.csv' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3_600_000),
    });
    const r = await send('GET', url);
    assert.equal(r.status, 403);
    assert.equal(tag(r.body, 'Code'), 'AccessDenied');
    assert.equal(tag(r.body, 'Message'), 'Request has expired');
    assert.equal(tag(r.body, 'X-Amz-Expires'), '60');
    const put = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: BUCKET, Key: 'late.txt' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3_600_000),
    });
    const late = await send('PUT', put, {}, Buffer.from('late'));
    assert.equal(late.status, 403);
    assert.equal(tag(late.body, 'Message'), 'Request has expired');
    const check = await send(
      'GET',
      await getSignedUrl(presigner, new GetObjectCommand({ Bucket: BUCKET, Key: 'late.txt' })),
    );
    assert.equal(check.status, 404);
  });

  it('refuses a tampered URL with SignatureDoesNotMatch', async () => {
    const url = new URL(
      await getSignedUrl(presigner, new GetObjectCommand({ Bucket: BUCKET, Key: 'report.csv' }), {
        expiresIn: 60,
      }),
    );
    const otherKey = new URL(url);
    otherKey.pathname = `/${BUCKET}/uploads/blob.bin`;
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '3600');
    const forged = new URL(url);
    const sig = forged.searchParams.get('X-Amz-Signature')!;
    forged.searchParams.set('X-Amz-Signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
    for (const bad of [otherKey, longer, forged]) {
      const r = await send('GET', bad.toString());
      assert.equal(r.status, 403, bad.toString());
      assert.equal(tag(r.body, 'Code'), 'SignatureDoesNotMatch');
    }
    // A PUT URL made to sign its content type (the presigner signs only `host` unless told) does not
    // take another one.
    const put = await getSignedUrl(
      presigner,
      new PutObjectCommand({ Bucket: BUCKET, Key: 'typed.txt', ContentType: 'text/plain' }),
      { signableHeaders: new Set(['content-type']) },
    );
    assert.match(put, /X-Amz-SignedHeaders=content-type%3Bhost/);
    const wrongType = await send('PUT', put, { 'Content-Type': 'text/html' }, Buffer.from('<b>x</b>'));
    assert.equal(wrongType.status, 403);
    assert.equal(tag(wrongType.body, 'Code'), 'SignatureDoesNotMatch');
  });
});

describe('presigned PUT URLs with the SDK default checksum', () => {
  // Since 3.729 `getSignedUrl(PutObjectCommand)` signs `x-amz-sdk-checksum-algorithm=CRC32` and the
  // CRC32 of the presign-time body (none: `AAAAAA==`) into the query. S3 takes checksums from
  // headers only ("include the appropriate checksum header in your upload request",
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html): the signed
  // query parameters are covered by the signature and otherwise ignored, so any body uploads (as
  // recorded against AWS by LocalStack, localstack/localstack#12164).
  it('signs the CRC32 of an empty body into the URL, and S3 stores whatever body is sent', async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: 'default/a.txt' }), {
      expiresIn: 60,
    });
    const query = new URL(url).searchParams;
    assert.equal(query.get('x-amz-checksum-crc32'), 'AAAAAA==');
    assert.equal(query.get('x-amz-sdk-checksum-algorithm'), 'CRC32');
    const other = await send('PUT', url, {}, Buffer.from('not the empty body the URL was signed for'));
    assert.equal(other.status, 200, other.body.toString());
    assert.equal(other.headers['x-amz-checksum-crc32'], undefined);
    assert.equal(
      (await readObject('default/a.txt')).body.toString(),
      'not the empty body the URL was signed for',
    );
    const empty = await send('PUT', url, {}, Buffer.alloc(0));
    assert.equal(empty.status, 200, empty.body.toString());
    assert.equal((await readObject('default/a.txt')).body.length, 0);
  });

  it('ignores a checksum the caller put in the URL itself, matching or not', async () => {
    const body = Buffer.from('hello, presigned world');
    const right = checksumOf('CRC32', body);
    for (const ChecksumCRC32 of [right, 'AAAAAA==']) {
      const url = await getSignedUrl(
        s3,
        new PutObjectCommand({ Bucket: BUCKET, Key: 'default/b.txt', ChecksumCRC32 }),
        { expiresIn: 60 },
      );
      assert.equal(new URL(url).searchParams.get('x-amz-checksum-crc32'), ChecksumCRC32);
      const r = await send('PUT', url, {}, body);
      assert.equal(r.status, 200, r.body.toString());
      assert.deepEqual((await readObject('default/b.txt')).body, body);
    }
    // A tampered checksum parameter still breaks the signature.
    const url = new URL(
      await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: 'default/b.txt' }), {
        expiresIn: 60,
      }),
    );
    url.searchParams.set('x-amz-checksum-crc32', right);
    const forged = await send('PUT', url.toString(), {}, body);
    assert.equal(forged.status, 403);
    assert.equal(tag(forged.body, 'Code'), 'SignatureDoesNotMatch');
  });

  it('still checks a checksum sent as a signed header', async () => {
    const body = Buffer.from('checked');
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: BUCKET, Key: 'default/c.txt', ChecksumCRC32: 'AAAAAA==' }),
      { expiresIn: 60, unhoistableHeaders: new Set(['x-amz-checksum-crc32']) },
    );
    const r = await send('PUT', url, { 'x-amz-checksum-crc32': 'AAAAAA==' }, body);
    assert.equal(r.status, 400);
    assert.equal(tag(r.body, 'Code'), 'BadDigest');
    assert.equal(tag(r.body, 'Message'), 'The CRC32 you specified did not match the calculated checksum.');
  });
});

describe('aws s3 presign', () => {
  it('makes a URL that reads the object, and refuses it once tampered with', async () => {
    const out = await awsCli(server, ['s3', 'presign', `s3://${BUCKET}/report.csv`, '--expires-in', '300']);
    assert.equal(out.code, 0, out.stderr);
    const url = out.stdout.trim();
    assert.match(url, /X-Amz-Expires=300/);
    const r = await send('GET', url);
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), 'a,b\n1,2\n');
    const tampered = url.replace('report.csv', 'report.csv.bak');
    const bad = await send('GET', tampered);
    assert.equal(bad.status, 403);
    assert.equal(tag(bad.body, 'Code'), 'SignatureDoesNotMatch');
  });
});
