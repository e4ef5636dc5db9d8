// Browser-based uploads with POST (AWS Signature Version 4): forms made by the real
// @aws-sdk/s3-presigned-post `createPresignedPost`, sent as a browser sends them. The policy's
// conditions, expiry and signature are enforced with S3's errors
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-UsingHTTPPOST.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html,
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { postForm, xmlTag } from '../unit/s3/post-form.js';
import { startCumulo, type CumuloProcess } from './harness.js';

let server: CumuloProcess;
let s3: S3Client;
const BUCKET = 'form-uploads';

before(async () => {
  server = await startCumulo();
  s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new CreateBucketCommand({ Bucket: 'form-versioned' }));
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: 'form-versioned',
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
});

after(async () => {
  s3?.destroy();
  await server?.dispose();
});

async function presign(options: Partial<PresignedPostOptions> & { Key: string }) {
  return createPresignedPost(s3, { Bucket: BUCKET, ...options });
}

const file = (body: string | Buffer, filename = 'photo.jpg', contentType = 'image/jpeg') => ({
  filename,
  contentType,
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
});

async function read(Key: string, Bucket = BUCKET) {
  const out = await s3.send(new GetObjectCommand({ Bucket, Key }));
  return { ...out, text: await out.Body!.transformToString() };
}

async function exists(Key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key }));
    return true;
  } catch {
    return false;
  }
}

describe('POST Object with createPresignedPost', () => {
  it('stores the file and answers 204 with the ETag and Location', async () => {
    const { url, fields } = await presign({ Key: 'uploads/first.txt' });
    assert.equal(url, `${server.endpoint}/${BUCKET}`);
    const r = await postForm(url, fields, file('hello from a form', 'first.txt', 'text/plain'));
    assert.equal(r.status, 204, r.body);
    assert.equal(r.body, '');
    assert.equal(r.headers.etag, `"${createHash('md5').update('hello from a form').digest('hex')}"`);
    assert.equal(r.headers.location, `${server.endpoint}/${BUCKET}/uploads%2Ffirst.txt`);
    const stored = await read('uploads/first.txt');
    assert.equal(stored.text, 'hello from a form');
    assert.equal(stored.ETag, r.headers.etag);
  });

  it('takes Content-Type, metadata and other headers from fields the policy names', async () => {
    const { url, fields } = await presign({
      Key: 'uploads/typed.json',
      Fields: { 'Content-Type': 'application/json', 'x-amz-meta-owner': 'ada', 'Cache-Control': 'no-cache' },
    });
    const r = await postForm(url, fields, file('{"a":1}', 'x.bin', 'application/octet-stream'));
    assert.equal(r.status, 204, r.body);
    const stored = await read('uploads/typed.json');
    assert.equal(stored.ContentType, 'application/json');
    assert.deepEqual(stored.Metadata, { owner: 'ada' });
    assert.equal(stored.CacheControl, 'no-cache');
  });

  it('replaces ${filename} with the name of the file the browser sent', async () => {
    const { url, fields } = await presign({ Key: 'users/betty/${filename}' });
    assert.equal(fields.key, 'users/betty/${filename}');
    const r = await postForm(url, fields, file('meow', 'lolcatz.jpg'));
    assert.equal(r.status, 204, r.body);
    assert.equal((await read('users/betty/lolcatz.jpg')).text, 'meow');
  });

  it('answers success_action_status 201 with a PostResponse document, 200 with an empty one', async () => {
    const created = await presign({ Key: 'status/201.txt', Fields: { success_action_status: '201' } });
    const r = await postForm(created.url, created.fields, file('201'));
    assert.equal(r.status, 201, r.body);
    assert.equal(r.headers['content-type'], 'application/xml');
    assert.equal(xmlTag(r.body, 'Bucket'), BUCKET);
    assert.equal(xmlTag(r.body, 'Key'), 'status/201.txt');
    assert.equal(xmlTag(r.body, 'ETag'), r.headers.etag);
    assert.equal(xmlTag(r.body, 'Location'), `${server.endpoint}/${BUCKET}/status%2F201.txt`);
    const ok = await presign({ Key: 'status/200.txt', Fields: { success_action_status: '200' } });
    const r200 = await postForm(ok.url, ok.fields, file('200'));
    assert.equal(r200.status, 200);
    assert.equal(r200.body, '');
  });

  it('redirects to success_action_redirect with bucket, key and etag appended', async () => {
    const { url, fields } = await presign({
      Key: 'redirected.txt',
      Fields: { success_action_redirect: 'https://app.example.com/done?from=form' },
    });
    const r = await postForm(url, fields, file('go'));
    assert.equal(r.status, 303, r.body);
    const location = new URL(r.headers.location!);
    assert.equal(location.origin + location.pathname, 'https://app.example.com/done');
    assert.equal(location.searchParams.get('from'), 'form');
    assert.equal(location.searchParams.get('bucket'), BUCKET);
    assert.equal(location.searchParams.get('key'), 'redirected.txt');
    assert.equal(location.searchParams.get('etag'), r.headers.etag);
  });

  it('returns the version id in a versioned bucket', async () => {
    const { url, fields } = await createPresignedPost(s3, { Bucket: 'form-versioned', Key: 'v.txt' });
    const r = await postForm(url, fields, file('v1'));
    assert.equal(r.status, 204, r.body);
    assert.ok(r.headers['x-amz-version-id']);
    assert.equal((await read('v.txt', 'form-versioned')).VersionId, r.headers['x-amz-version-id']);
  });

  it('streams a large file through without holding it', async () => {
    const big = Buffer.alloc(12 * 1024 * 1024, 7);
    big.write('--not-the-boundary\r\n', 1000);
    const { url, fields } = await presign({
      Key: 'big.bin',
      Conditions: [['content-length-range', 0, 20e6]],
    });
    const r = await postForm(url, fields, file(big, 'big.bin', 'application/octet-stream'));
    assert.equal(r.status, 204, r.body);
    const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.bin' }));
    assert.deepEqual(Buffer.from(await stored.Body!.transformToByteArray()), big);
  });
});

describe('POST Object policy checks', () => {
  const expectError = (
    r: { status: number; body: string },
    status: number,
    code: string,
    message: string,
  ) => {
    assert.equal(r.status, status, r.body);
    assert.equal(xmlTag(r.body, 'Code'), code);
    assert.equal(xmlTag(r.body, 'Message'), message);
  };

  it('holds the file to content-length-range: EntityTooLarge, EntityTooSmall', async () => {
    const { url, fields } = await presign({
      Key: 'sized.txt',
      Conditions: [['content-length-range', 5, 10]],
    });
    const large = await postForm(url, fields, file('x'.repeat(11)));
    expectError(large, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    assert.equal(xmlTag(large.body, 'ProposedSize'), '11');
    assert.equal(xmlTag(large.body, 'MaxSizeAllowed'), '10');
    const small = await postForm(url, fields, file('abc'));
    expectError(
      small,
      400,
      'EntityTooSmall',
      'Your proposed upload is smaller than the minimum allowed size',
    );
    assert.equal(xmlTag(small.body, 'ProposedSize'), '3');
    assert.equal(xmlTag(small.body, 'MinSizeAllowed'), '5');
    assert.equal(await exists('sized.txt'), false);
    const fits = await postForm(url, fields, file('just right'));
    assert.equal(fits.status, 204, fits.body);
  });

  it('refuses a field that breaks a condition, quoting the condition', async () => {
    const { url, fields } = await presign({
      Key: 'images/${filename}',
      Fields: { 'Content-Type': 'image/png' },
      Conditions: [['starts-with', '$Content-Type', 'image/']],
    });
    const wrongType = await postForm(url, { ...fields, 'Content-Type': 'text/html' }, file('<b>', 'a.png'));
    expectError(
      wrongType,
      403,
      'AccessDenied',
      'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]',
    );
    const elsewhere = await postForm(url, { ...fields, key: 'other/a.png' }, file('x', 'a.png'));
    expectError(
      elsewhere,
      403,
      'AccessDenied',
      'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "images/"]',
    );
    assert.equal(await exists('other/a.png'), false);
  });

  it('refuses fields the policy does not name, except x-ignore-*', async () => {
    const { url, fields } = await presign({ Key: 'extra.txt' });
    const extra = await postForm(url, { ...fields, 'x-amz-meta-sneaky': '1' }, file('x'));
    expectError(
      extra,
      403,
      'AccessDenied',
      'Invalid according to Policy: Extra input fields: x-amz-meta-sneaky',
    );
    const ignored = await postForm(url, { ...fields, 'x-ignore-tracking': '1' }, file('x'));
    assert.equal(ignored.status, 204, ignored.body);
  });

  it('refuses an expired policy', async () => {
    const { url, fields } = await presign({ Key: 'late.txt', Expires: -60 });
    expectError(
      await postForm(url, fields, file('x')),
      403,
      'AccessDenied',
      'Invalid according to Policy: Policy expired.',
    );
  });

  it('refuses a policy or signature that was changed: SignatureDoesNotMatch', async () => {
    const { url, fields } = await presign({
      Key: 'signed.txt',
      Conditions: [['content-length-range', 0, 4]],
    });
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString());
    policy.conditions = policy.conditions.filter((c: unknown) => !Array.isArray(c));
    const widened = Buffer.from(JSON.stringify(policy)).toString('base64');
    const r = await postForm(url, { ...fields, Policy: widened }, file('far too long'));
    expectError(
      r,
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
    assert.equal(xmlTag(r.body, 'StringToSign'), widened);
    const sig = fields['X-Amz-Signature']!;
    const forged = { ...fields, 'X-Amz-Signature': (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1) };
    assert.equal((await postForm(url, forged, file('x'))).status, 403);
    const stranger = {
      ...fields,
      'X-Amz-Credential': fields['X-Amz-Credential']!.replace(/^[^/]+/, 'AKIANOBODY'),
    };
    const unknown = await postForm(url, stranger, file('x'));
    assert.equal(xmlTag(unknown.body, 'Code'), 'InvalidAccessKeyId');
    assert.equal(await exists('signed.txt'), false);
  });

  it('names a missing key, signature field or file with InvalidArgument', async () => {
    const { url, fields } = await presign({ Key: 'fields.txt' });
    const { key: _key, ...noKey } = fields;
    expectError(
      await postForm(url, noKey, file('x')),
      400,
      'InvalidArgument',
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    );
    const { 'X-Amz-Credential': _cred, ...noCredential } = fields;
    const r = await postForm(url, noCredential, file('x'));
    expectError(
      r,
      400,
      'InvalidArgument',
      "Bucket POST must contain a field named 'X-Amz-Credential'.  If it is specified, please check the order of the fields.",
    );
    assert.equal(xmlTag(r.body, 'ArgumentName'), 'X-Amz-Credential');
    const noFile = await postForm(url, fields);
    expectError(noFile, 400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
    assert.equal(xmlTag(noFile.body, 'ArgumentName'), 'file');
  });

  it('refuses an unsigned form: AccessDenied', async () => {
    expectError(
      await postForm(`${server.endpoint}/${BUCKET}`, { key: 'anon.txt' }, file('x')),
      403,
      'AccessDenied',
      'Access Denied',
    );
    assert.equal(await exists('anon.txt'), false);
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    const { url, fields } = await createPresignedPost(s3, { Bucket: 'no-such-form-bucket', Key: 'k' });
    const r = await postForm(url, fields, file('x'));
    assert.equal(r.status, 404, r.body);
    assert.equal(xmlTag(r.body, 'Code'), 'NoSuchBucket');
  });

  it('refuses a body that is not well-formed multipart/form-data', async () => {
    const { url, fields } = await presign({ Key: 'broken.txt' });
    const r = await postForm(url, fields, undefined, {
      'content-type': 'multipart/form-data; boundary=somethingelse',
    });
    expectError(
      r,
      400,
      'MalformedPOSTRequest',
      'The body of your POST request is not well-formed multipart/form-data.',
    );
  });
});
