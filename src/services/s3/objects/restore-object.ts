// RestoreObject: only objects in an archive storage class can be restored. S3 answers any other object
// 403 InvalidObjectState, and "If the object is previously restored, Amazon S3 returns 200 OK"
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html). Cumulo keeps archived
// objects readable (docs/compatibility.md), so an archived object is always a restored one here.
import type { RequestContext } from '../../service.js';
import type { S3Context } from '../deps.js';
import { restoreNotAllowed } from '../errors.js';
import { addressedVersion } from './get-object.js';

/** The classes S3 archives; Intelligent-Tiering's archive tiers are never entered here. */
const ARCHIVE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE']);

export async function RestoreObject(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const { version } = await addressedVersion(s3, ctx, input.Bucket, input.Key, input.VersionId);
  if (!ARCHIVE_CLASSES.has(version.storageClass)) throw restoreNotAllowed();
  return {};
}
