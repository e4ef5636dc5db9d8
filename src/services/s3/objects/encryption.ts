// The server-side encryption S3 records for each new object, and the headers that report it. Since
// January 5, 2023 "all new object uploads to Amazon S3 are automatically encrypted" with SSE-S3, and the
// status is "an additional Amazon S3 API response header" (UsingServerSideEncryption in the S3 User
// Guide): x-amz-server-side-encryption on PutObject, CopyObject, the multipart operations, GetObject
// and HeadObject. An object takes the encryption its request names, else its bucket's default
// (PutBucketEncryption), else SSE-S3 (AES256). Cumulo stores bytes as they are: only the records and
// the headers follow S3 (docs/compatibility.md).
import { invalidArgument } from '../errors.js';
import type { BucketRecord, ObjectEncryption } from '../storage/records.js';

/** What a write request says of encryption (x-amz-server-side-encryption and its companions). */
export interface EncryptionRequest {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
}

const ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);
const SSE_S3: ObjectEncryption = { algorithm: 'AES256' };

/** Refuses an algorithm S3 does not offer, before the body is read. */
export function checkEncryptionRequest(request: EncryptionRequest): void {
  const algorithm = request.ServerSideEncryption;
  if (algorithm !== undefined && !ALGORITHMS.has(algorithm)) {
    throw invalidArgument(
      'The encryption method specified is not supported',
      'x-amz-server-side-encryption',
      algorithm,
    );
  }
}

/** The encryption a new object in `bucket` gets from `request`. */
export function objectEncryption(request: EncryptionRequest, bucket: BucketRecord): ObjectEncryption {
  checkEncryptionRequest(request);
  if (request.ServerSideEncryption !== undefined) {
    return withKms(request.ServerSideEncryption, request.SSEKMSKeyId, request.BucketKeyEnabled);
  }
  const rule = bucket.encryption?.Rules[0] as
    | {
        ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string };
        BucketKeyEnabled?: boolean;
      }
    | undefined;
  const byDefault = rule?.ApplyServerSideEncryptionByDefault;
  if (!byDefault?.SSEAlgorithm) return SSE_S3;
  return withKms(byDefault.SSEAlgorithm, byDefault.KMSMasterKeyID, rule?.BucketKeyEnabled);
}

function withKms(algorithm: string, kmsKeyId?: string, bucketKeyEnabled?: boolean): ObjectEncryption {
  if (algorithm === 'AES256') return SSE_S3;
  return {
    algorithm,
    ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
    ...(bucketKeyEnabled ? { bucketKeyEnabled } : {}),
  };
}

/** The output members that report an object's encryption; objects stored before it was recorded are SSE-S3. */
export function encryptionOutput(encryption: ObjectEncryption | undefined): Record<string, unknown> {
  const e = encryption ?? SSE_S3;
  return {
    ServerSideEncryption: e.algorithm,
    ...(e.kmsKeyId !== undefined ? { SSEKMSKeyId: e.kmsKeyId } : {}),
    ...(e.bucketKeyEnabled ? { BucketKeyEnabled: true } : {}),
  };
}
