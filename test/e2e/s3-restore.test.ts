// RestoreObject end to end through @aws-sdk/client-s3, as `s3cmd restore` and `rclone backend restore`
// drive it: an object that is not archived cannot be restored; an archived one is already restored here.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PutObjectCommand, RestoreObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Error, s3Suite } from '../unit/s3/e2e-helpers.js';

const B = 'restore-bucket';

describe('S3 RestoreObject (e2e)', () => {
  let s3: S3Client;

  s3Suite(B, (started) => ({ s3 } = started));

  it('answers InvalidObjectState for an object that is not in an archive storage class', async () => {
    for (const StorageClass of ['STANDARD', 'STANDARD_IA', 'INTELLIGENT_TIERING'] as const) {
      await s3.send(new PutObjectCommand({ Bucket: B, Key: 'warm', Body: 'x', StorageClass }));
      const e = await s3Error(
        s3.send(new RestoreObjectCommand({ Bucket: B, Key: 'warm', RestoreRequest: { Days: 1 } })),
        'InvalidObjectState',
        403,
      );
      assert.equal(e.message, "Restore is not allowed for the object's current storage class");
    }
  });

  it('answers 200 for an archived object, which stays readable here', async () => {
    for (const StorageClass of ['GLACIER', 'DEEP_ARCHIVE'] as const) {
      await s3.send(new PutObjectCommand({ Bucket: B, Key: 'cold', Body: 'x', StorageClass }));
      const out = await s3.send(
        new RestoreObjectCommand({ Bucket: B, Key: 'cold', RestoreRequest: { Days: 1 } }),
      );
      assert.equal(out.$metadata.httpStatusCode, 200);
    }
  });

  it('answers NoSuchKey and NoSuchBucket for what does not exist', async () => {
    await s3Error(s3.send(new RestoreObjectCommand({ Bucket: B, Key: 'nope' })), 'NoSuchKey', 404);
    await s3Error(
      s3.send(new RestoreObjectCommand({ Bucket: 'no-such-restore', Key: 'k' })),
      'NoSuchBucket',
      404,
    );
  });
});
