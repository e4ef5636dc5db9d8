// Configurations Cumulo cannot hold (no replication, no Object Lock): Get answers what S3 answers
// for a bucket without one, so tools that read every setting of a bucket go on.
import type { RequestContext } from '../../service.js';
import type { S3Context } from '../deps.js';
import { noConfiguration } from '../errors.js';
import { requireBucket } from '../storage/object-repo.js';

type Handler = (s3: S3Context, ctx: RequestContext, input: any) => Promise<Record<string, unknown>>;

/** A Get that answers, for an existing bucket, S3's error for a configuration it does not have. */
const unconfigured =
  (code: string, message: string): Handler =>
  async (s3, ctx, input) => {
    await s3.store.read((tx) => requireBucket(tx, input.Bucket, ctx.accountId));
    throw noConfiguration(code, message, input.Bucket);
  };

export const GetBucketReplication = unconfigured(
  'ReplicationConfigurationNotFoundError',
  'The replication configuration was not found',
);

/** As recorded from S3 for a bucket created without Object Lock. */
export const GetObjectLockConfiguration = unconfigured(
  'ObjectLockConfigurationNotFoundError',
  'Object Lock configuration does not exist for this bucket',
);
