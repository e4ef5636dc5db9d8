// S3ObjectReader: what Lambda (CreateFunction / PublishLayerVersion from S3Bucket + S3Key) reads.
import type { RequestContext } from '../service.js';
import type { S3Context } from './deps.js';
import type { S3ObjectReader } from './object-events.js';
import { addressedVersion } from './objects/get-object.js';

export function createObjectReader(s3: S3Context): S3ObjectReader {
  return {
    async getObject(accountId, bucket, key, versionId) {
      const ctx = { accountId } as RequestContext;
      const { version } = await addressedVersion(s3, ctx, bucket, key, versionId);
      const chunks: Buffer[] = [];
      for await (const chunk of s3.blobs.read(version.blobs)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
  };
}
