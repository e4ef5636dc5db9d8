// CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
import { ServiceError } from '../../../server/service-error.js';
import type { RequestContext } from '../../service.js';
import { isValidBucketName } from '../bucket-names.js';
import { mutate, type S3Context } from '../deps.js';
import {
  bucketAlreadyExists,
  bucketAlreadyOwnedByYou,
  bucketNotEmpty,
  invalidBucketName,
  invalidBucketAclWithObjectOwnership,
} from '../errors.js';
import { getBucket, requireBucket } from '../storage/object-repo.js';
import {
  NS,
  type BlobRef,
  type BucketRecord,
  type PartRecord,
  type UploadRecord,
} from '../storage/records.js';
import { owner } from '../owner.js';
import { ownerOnly, requestedGrants } from '../acl/grants.js';
import { ownershipAtCreation } from './ownership.js';
import { allSettings } from './public-access-block.js';

export async function CreateBucket(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const name: string = input.Bucket;
  if (!isValidBucketName(name)) throw invalidBucketName(name);
  const constraint: string | undefined = input.CreateBucketConfiguration?.LocationConstraint;
  // us-east-1 is the default location and must not be named
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html#API_CreateBucket_RequestSyntax).
  if (constraint === 'us-east-1') {
    throw new ServiceError(
      'InvalidLocationConstraint',
      'The specified location-constraint is not valid',
      400,
      {
        LocationConstraint: constraint,
      },
    );
  }
  // Since April 2023 a new bucket has ACLs disabled and all public access blocked, unless the
  // request names another Object Ownership
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html).
  const ownershipControls = ownershipAtCreation(input.ObjectOwnership);
  const acl = requestedGrants(input, ctx.accountId);
  if (
    acl &&
    ownershipControls?.Rules[0]?.ObjectOwnership === 'BucketOwnerEnforced' &&
    !ownerOnly(acl, ctx.accountId)
  )
    throw invalidBucketAclWithObjectOwnership();
  return mutate(s3, async (tx) => {
    const existing = await getBucket(tx, name);
    if (existing)
      throw existing.accountId === ctx.accountId ? bucketAlreadyOwnedByYou(name) : bucketAlreadyExists(name);
    const bucket: BucketRecord = {
      name,
      accountId: ctx.accountId,
      region: constraint ?? '',
      created: Date.now(),
      ownershipControls,
      publicAccessBlock: allSettings(true),
      ...(acl ? { acl } : {}),
    };
    await tx.put(NS.buckets, name, bucket);
    return { Location: `/${name}` };
  });
}

export async function HeadBucket(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const bucket = await s3.store.read((tx) => requireBucket(tx, input.Bucket, ctx.accountId));
  return {
    BucketRegion: bucket.region || 'us-east-1',
    $headers: { 'x-amz-bucket-region': bucket.region || 'us-east-1' },
  };
}

/** A bucket must hold no object version; its unfinished multipart uploads go with it. */
export async function DeleteBucket(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const name: string = input.Bucket;
  return mutate(s3, async (tx, freed) => {
    const bucket = await requireBucket(tx, name, ctx.accountId);
    if ((await tx.list(NS.versions, { prefix: `${name}/`, limit: 1 })).length > 0) {
      throw bucketNotEmpty(name, bucket.versioning !== undefined);
    }
    for (const u of await tx.list<UploadRecord>(NS.uploads, { prefix: `${name}/` })) {
      const parts = await tx.list<PartRecord>(NS.parts, { prefix: `${u.value.uploadId}/` });
      freed.push(...parts.map((p): BlobRef => p.value.blob));
      await tx.deletePrefix(NS.parts, `${u.value.uploadId}/`);
    }
    await tx.deletePrefix(NS.uploads, `${name}/`);
    await tx.delete(NS.buckets, name);
    return {};
  });
}

export async function ListBuckets(s3: S3Context, ctx: RequestContext): Promise<Record<string, unknown>> {
  const buckets = await s3.store.read((tx) => tx.list<BucketRecord>(NS.buckets));
  return {
    Buckets: buckets
      .filter((b) => b.value.accountId === ctx.accountId)
      .map((b) => ({ Name: b.value.name, CreationDate: new Date(b.value.created) })),
    Owner: owner(ctx.accountId),
  };
}

/** us-east-1 buckets answer an empty LocationConstraint. */
export async function GetBucketLocation(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const bucket = await s3.store.read((tx) => requireBucket(tx, input.Bucket, ctx.accountId));
  return { LocationConstraint: bucket.region };
}
