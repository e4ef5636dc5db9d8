// Get/PutBucketAcl and Get/PutObjectAcl. ACLs are stored and returned, not enforced: access is the
// bucket owner's (docs/compatibility.md). With ACLs disabled (BucketOwnerEnforced), a Put may only
// set the owner's full control, and Get "always return[s] a response that shows full control for the
// bucket owner" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html).
import { ServiceError } from '../../../server/service-error.js';
import type { RequestContext } from '../../service.js';
import { checkAclAllowed, objectOwnership } from '../buckets/ownership.js';
import { updateBucket } from '../buckets/subresource.js';
import { mutate, type S3Context } from '../deps.js';
import { addressedVersion, findAddressedVersion } from '../objects/get-object.js';
import { requireBucket, updateVersion } from '../storage/object-repo.js';
import type { BucketRecord, Grant } from '../storage/records.js';
import { aclOutput, requestedGrants } from './grants.js';

/** The grants a Put*Acl request sets; it must name some, in one of the three forms. */
function putGrants(input: Record<string, unknown>, accountId: string): Grant[] {
  const grants = requestedGrants(input, accountId);
  if (!grants) {
    throw new ServiceError('MissingSecurityHeader', 'Your request was missing a required header', 400, {
      MissingHeaderName: 'x-amz-acl',
    });
  }
  return grants;
}

/** What Get*Acl shows: the stored grants, or only the owner's when ACLs are disabled. */
const shownGrants = (bucket: BucketRecord, grants: Grant[] | undefined): Grant[] | undefined =>
  objectOwnership(bucket) === 'BucketOwnerEnforced' ? undefined : grants;

export async function GetBucketAcl(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const bucket = await s3.store.read((tx) => requireBucket(tx, input.Bucket, ctx.accountId));
  return aclOutput(shownGrants(bucket, bucket.acl), bucket.accountId);
}

export function PutBucketAcl(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const grants = putGrants(input, ctx.accountId);
  return updateBucket(s3, ctx, input.Bucket, (bucket) => {
    checkAclAllowed(bucket, grants);
    bucket.acl = grants;
  });
}

export async function GetObjectAcl(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const { bucket, version } = await addressedVersion(s3, ctx, input.Bucket, input.Key, input.VersionId);
  return aclOutput(shownGrants(bucket, version.acl), version.owner);
}

export function PutObjectAcl(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const grants = putGrants(input, ctx.accountId);
  return mutate(s3, async (tx) => {
    const bucket = await requireBucket(tx, input.Bucket, ctx.accountId);
    const version = await findAddressedVersion(tx, bucket.name, input.Key, input.VersionId);
    checkAclAllowed(bucket, grants);
    version.acl = grants;
    await updateVersion(tx, bucket.name, version);
    return {};
  });
}
