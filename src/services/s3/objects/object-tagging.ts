// Put/Get/DeleteObjectTagging on the current or a named version; changes record ObjectTagging events.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html
import type { RequestContext } from '../../service.js';
import { mutate, type S3Context } from '../deps.js';
import { recordEvent } from '../events.js';
import { nextSeq, requireBucket, updateVersion } from '../storage/object-repo.js';
import type { Tag } from '../storage/records.js';
import { validateTags } from '../tags.js';
import { addressedVersion, findAddressedVersion } from './get-object.js';
import { versionIdOut } from './object-output.js';

async function setTags(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
  tags: Tag[],
  eventName: string,
): Promise<Record<string, unknown>> {
  return mutate(s3, async (tx) => {
    const bucket = await requireBucket(tx, input.Bucket, ctx.accountId);
    const version = await findAddressedVersion(tx, bucket.name, input.Key, input.VersionId);
    version.tags = tags;
    await updateVersion(tx, bucket.name, version);
    await recordEvent(s3, tx, ctx, {
      eventName,
      bucket: bucket.name,
      key: version.key,
      seq: await nextSeq(tx),
      etag: version.etag,
      versionId: version.versionId,
    });
    return { VersionId: versionIdOut(bucket, version) };
  });
}

export const PutObjectTagging = (
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> =>
  setTags(s3, ctx, input, validateTags(input.Tagging?.TagSet ?? [], 'object'), 'ObjectTagging:Put');

export const DeleteObjectTagging = (
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> => setTags(s3, ctx, input, [], 'ObjectTagging:Delete');

export async function GetObjectTagging(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const { bucket, version } = await addressedVersion(s3, ctx, input.Bucket, input.Key, input.VersionId);
  return { TagSet: version.tags, VersionId: versionIdOut(bucket, version) };
}
