// The integrity checks S3 makes on a request body it parses (DeleteObjects, PutBucketCors,
// Put*Tagging, PutBucketNotificationConfiguration, CompleteMultipartUpload…): a Content-MD5 or an
// x-amz-checksum-<alg> header must match the bytes received, as for object bodies (objects/ingest.ts),
// so that a list of keys damaged on the way deletes nothing. Called by the REST-XML codec before the
// body is parsed.
import { createHash } from 'node:crypto';
import { checksumOf } from './checksums.js';
import { badChecksum, badDigestMd5 } from './errors.js';
import { checksumRequest, contentMd5 } from './objects/ingest.js';

export function verifyRequestBody(headers: Record<string, string>, body: Buffer): void {
  const md5 = contentMd5(headers['content-md5']);
  if (md5 && !md5.equals(createHash('md5').update(body).digest())) throw badDigestMd5();
  const { algorithm, expected } = checksumRequest(headers);
  if (algorithm && expected !== undefined && checksumOf(algorithm, body) !== expected) {
    throw badChecksum(algorithm);
  }
}
