// Per-bucket configuration S3 stores and returns: CORS, policy, versioning, tags.
// CORS is applied to requests elsewhere (getBucketCors); policies are enforced once IAM is.
import { ServiceError } from '../../../server/service-error.js';
import type { RequestContext } from '../../service.js';
import { mutate, type S3Context } from '../deps.js';
import { invalidRequest, malformedXml } from '../errors.js';
import { requireBucket } from '../storage/object-repo.js';
import { NS, type BucketRecord } from '../storage/records.js';
import { validateTags } from '../tags.js';

async function update(
  s3: S3Context,
  ctx: RequestContext,
  name: string,
  change: (b: BucketRecord) => void,
): Promise<Record<string, unknown>> {
  return mutate(s3, async (tx) => {
    const bucket = await requireBucket(tx, name, ctx.accountId);
    change(bucket);
    await tx.put(NS.buckets, name, bucket);
    return {};
  });
}

const read = (s3: S3Context, ctx: RequestContext, name: string): Promise<BucketRecord> =>
  s3.store.read((tx) => requireBucket(tx, name, ctx.accountId));

const CORS_METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];

export async function PutBucketCors(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const rules = (input.CORSConfiguration?.CORSRules ?? []) as Array<Record<string, any>>;
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html: 1 to 100 rules.
  if (rules.length === 0 || rules.length > 100) throw malformedXml();
  for (const rule of rules) {
    for (const m of rule.AllowedMethods ?? []) {
      if (!CORS_METHODS.includes(m))
        throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
    }
  }
  return update(s3, ctx, input.Bucket, (b) => (b.cors = { CORSRules: rules }));
}

export async function GetBucketCors(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const bucket = await read(s3, ctx, input.Bucket);
  if (!bucket.cors) {
    throw new ServiceError('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, {
      BucketName: input.Bucket,
    });
  }
  return { CORSRules: bucket.cors.CORSRules };
}

export const DeleteBucketCors = (
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> => update(s3, ctx, input.Bucket, (b) => delete b.cors);

export async function PutBucketPolicy(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const policy = String(input.Policy ?? '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    parsed = undefined;
  }
  if (!policy.trimStart().startsWith('{') || typeof parsed !== 'object' || parsed === null) {
    throw new ServiceError(
      'MalformedPolicy',
      "Policies must be valid JSON and the first byte must be '{'",
      400,
    );
  }
  return update(s3, ctx, input.Bucket, (b) => (b.policy = policy));
}

export async function GetBucketPolicy(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const bucket = await read(s3, ctx, input.Bucket);
  if (bucket.policy === undefined) {
    throw new ServiceError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, {
      BucketName: input.Bucket,
    });
  }
  return { Policy: bucket.policy };
}

export const DeleteBucketPolicy = (
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> => update(s3, ctx, input.Bucket, (b) => delete b.policy);

export async function PutBucketVersioning(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const status = input.VersioningConfiguration?.Status;
  if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
  return update(s3, ctx, input.Bucket, (b) => (b.versioning = status));
}

/** A bucket never versioned answers an empty VersioningConfiguration. */
export async function GetBucketVersioning(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const bucket = await read(s3, ctx, input.Bucket);
  return { Status: bucket.versioning };
}

export async function PutBucketTagging(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const tags = validateTags(input.Tagging?.TagSet ?? [], 'bucket');
  return update(s3, ctx, input.Bucket, (b) => (b.tags = tags));
}

export async function GetBucketTagging(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const bucket = await read(s3, ctx, input.Bucket);
  if (!bucket.tags?.length) {
    throw new ServiceError('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: input.Bucket });
  }
  return { TagSet: bucket.tags };
}

export const DeleteBucketTagging = (
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> => update(s3, ctx, input.Bucket, (b) => delete b.tags);
