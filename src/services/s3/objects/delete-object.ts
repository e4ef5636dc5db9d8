// DeleteObject and DeleteObjects. Without a version id: unversioned buckets drop the object, versioned
// ones add a delete marker (Suspended: the 'null' marker replaces the null version). With one: that
// version goes for good. https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html
import type { WriteTx } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { mutate, type S3Context } from '../deps.js';
import { invalidRequest, malformedXml } from '../errors.js';
import { recordEvent } from '../events.js';
import {
  currentObject,
  checkedVersionId,
  findVersion,
  newVersionId,
  nextSeq,
  putVersion,
  removeVersion,
  requireBucket,
} from '../storage/object-repo.js';
import type { BlobRef, BucketRecord, ObjectVersion } from '../storage/records.js';

export interface DeleteResult {
  DeleteMarker?: boolean;
  VersionId?: string;
}

async function deleteOne(
  s3: S3Context,
  tx: WriteTx,
  ctx: RequestContext,
  bucket: BucketRecord,
  key: string,
  versionId: string | undefined,
  freed: BlobRef[],
): Promise<DeleteResult> {
  if (versionId !== undefined) {
    const version = await findVersion(tx, bucket.name, key, versionId);
    if (!version) return { VersionId: versionId };
    freed.push(...(await removeVersion(tx, bucket.name, version)));
    await recordEvent(s3, tx, ctx, {
      eventName: 'ObjectRemoved:Delete',
      bucket: bucket.name,
      key,
      seq: await nextSeq(tx),
      versionId,
    });
    return { VersionId: versionId, DeleteMarker: version.deleteMarker ? true : undefined };
  }
  if (!bucket.versioning) {
    const current = await currentObject(tx, bucket.name, key);
    if (!current) return {};
    freed.push(...(await removeVersion(tx, bucket.name, current)));
    await recordEvent(s3, tx, ctx, {
      eventName: 'ObjectRemoved:Delete',
      bucket: bucket.name,
      key,
      seq: await nextSeq(tx),
    });
    return {};
  }
  const seq = await nextSeq(tx);
  const marker: ObjectVersion = {
    key,
    versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null',
    seq,
    deleteMarker: true,
    lastModified: Date.now(),
    etag: '',
    size: 0,
    blobs: [],
    headers: {},
    metadata: {},
    storageClass: 'STANDARD',
    tags: [],
    owner: ctx.accountId,
  };
  freed.push(...(await putVersion(tx, bucket, marker)));
  await recordEvent(s3, tx, ctx, {
    eventName: 'ObjectRemoved:DeleteMarkerCreated',
    bucket: bucket.name,
    key,
    seq,
    versionId: marker.versionId,
  });
  return { DeleteMarker: true, VersionId: marker.versionId };
}

export async function DeleteObject(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  return mutate(s3, async (tx, freed) => {
    const bucket = await requireBucket(tx, input.Bucket, ctx.accountId);
    if (input.VersionId !== undefined) checkedVersionId(input.VersionId);
    const r = await deleteOne(s3, tx, ctx, bucket, input.Key, input.VersionId, freed);
    return { ...r };
  });
}

/** At most 1000 keys per request (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html). */
export async function DeleteObjects(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  // "The Content-MD5 or x-amz-sdk-checksum-algorithm header is required for all Multi-Object Delete
  // requests" (API_DeleteObjects); a checksum header or trailer of the body does as well.
  const h = ctx.headers;
  if (
    h['content-md5'] === undefined &&
    h['x-amz-sdk-checksum-algorithm'] === undefined &&
    h['x-amz-trailer'] === undefined &&
    !Object.keys(h).some((name) => name.startsWith('x-amz-checksum-'))
  ) {
    throw invalidRequest('Missing required header for this request: Content-MD5');
  }
  const objects = (input.Delete?.Objects ?? []) as Array<{ Key: string; VersionId?: string }>;
  if (objects.length === 0 || objects.length > 1000) throw malformedXml();
  const quiet = input.Delete?.Quiet === true;
  return mutate(s3, async (tx, freed) => {
    const bucket = await requireBucket(tx, input.Bucket, ctx.accountId);
    const deleted: Array<Record<string, unknown>> = [];
    for (const o of objects) {
      const r = await deleteOne(s3, tx, ctx, bucket, o.Key, o.VersionId, freed);
      if (quiet) continue;
      const entry: Record<string, unknown> = { Key: o.Key };
      if (o.VersionId !== undefined) entry.VersionId = o.VersionId;
      if (r.DeleteMarker) {
        entry.DeleteMarker = true;
        entry.DeleteMarkerVersionId = o.VersionId === undefined ? r.VersionId : o.VersionId;
      }
      deleted.push(entry);
    }
    return { Deleted: deleted.length ? deleted : undefined };
  });
}
