// Configurations Cumulo cannot hold (no replication, no Object Lock): Get answers what S3 answers
// for a bucket without one, so tools that read every setting of a bucket go on.
import type { RequestContext } from '../../service.js';
import type { S3Context } from '../deps.js';
import { noConfiguration } from '../errors.js';
import { requireBucket } from '../storage/object-repo.js';

export async function GetBucketReplication(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  await s3.store.read((tx) => requireBucket(tx, input.Bucket, ctx.accountId));
  throw noConfiguration(
    'ReplicationConfigurationNotFoundError',
    'The replication configuration was not found',
    input.Bucket,
  );
}

/** As recorded from S3 for a bucket created without Object Lock. */
export async function GetObjectLockConfiguration(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  await s3.store.read((tx) => requireBucket(tx, input.Bucket, ctx.accountId));
  throw noConfiguration(
    'ObjectLockConfigurationNotFoundError',
    'Object Lock configuration does not exist for this bucket',
    input.Bucket,
  );
}
