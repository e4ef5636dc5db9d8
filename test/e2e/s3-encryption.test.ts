// Server-side encryption as S3 reports it: every object since January 2023 is SSE-S3 (AES256) unless
// its request or its bucket's default names another, and PutObject, CopyObject, the multipart
// operations, GetObject and HeadObject say which in x-amz-server-side-encryption.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { s3Error, s3Suite } from '../unit/s3/e2e-helpers.js';

const B = 'sse';
const KMS_KEY = 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('server-side encryption (e2e)', () => {
  let s3: S3Client;
  s3Suite(B, (started) => ({ s3 } = started));

  const encryptionOf = async (Bucket: string, Key: string) => {
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key }));
    const get = await s3.send(new GetObjectCommand({ Bucket, Key }));
    await get.Body!.transformToByteArray();
    assert.equal(get.ServerSideEncryption, head.ServerSideEncryption);
    return { algorithm: head.ServerSideEncryption, key: head.SSEKMSKeyId };
  };

  it('reports SSE-S3 for an object put without asking for encryption', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'plain', Body: 'x' }));
    assert.equal(put.ServerSideEncryption, 'AES256');
    assert.deepEqual(await encryptionOf(B, 'plain'), { algorithm: 'AES256', key: undefined });
  });

  it('keeps the encryption a request names, and refuses one S3 does not offer', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: B,
        Key: 'kms',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KMS_KEY,
      }),
    );
    assert.equal(put.ServerSideEncryption, 'aws:kms');
    assert.equal(put.SSEKMSKeyId, KMS_KEY);
    assert.deepEqual(await encryptionOf(B, 'kms'), { algorithm: 'aws:kms', key: KMS_KEY });
    const refused = await s3Error(
      s3.send(
        new PutObjectCommand({ Bucket: B, Key: 'bad', Body: 'x', ServerSideEncryption: 'ROT13' as 'AES256' }),
      ),
      'InvalidArgument',
      400,
    );
    assert.equal(refused.message, 'The encryption method specified is not supported');
    assert.equal(refused.ArgumentName, 'x-amz-server-side-encryption');
    await s3Error(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'bad' })), 'NotFound', 404);
  });

  it("applies the bucket's default encryption to new objects, copies and multipart uploads", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sse-kms' }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'sse-kms',
        ServerSideEncryptionConfiguration: {
          Rules: [
            { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KMS_KEY } },
          ],
        },
      }),
    );
    const put = await s3.send(new PutObjectCommand({ Bucket: 'sse-kms', Key: 'k', Body: 'x' }));
    assert.deepEqual([put.ServerSideEncryption, put.SSEKMSKeyId], ['aws:kms', KMS_KEY]);

    // A copy is encrypted as its destination says, whatever the source was.
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket: 'sse-kms', Key: 'copied', CopySource: `${B}/plain` }),
    );
    assert.equal(copy.ServerSideEncryption, 'aws:kms');
    assert.deepEqual(await encryptionOf('sse-kms', 'copied'), { algorithm: 'aws:kms', key: KMS_KEY });
    const back = await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'back', CopySource: 'sse-kms/k' }));
    assert.equal(back.ServerSideEncryption, 'AES256');

    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sse-kms', Key: 'parts' }));
    assert.equal(created.ServerSideEncryption, 'aws:kms');
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: 'sse-kms',
        Key: 'parts',
        UploadId: created.UploadId,
        PartNumber: 1,
        Body: 'only part',
      }),
    );
    assert.equal(part.ServerSideEncryption, 'aws:kms');
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'sse-kms',
        Key: 'parts',
        UploadId: created.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    assert.equal(done.ServerSideEncryption, 'aws:kms');
    assert.deepEqual(await encryptionOf('sse-kms', 'parts'), { algorithm: 'aws:kms', key: KMS_KEY });
  });
});
