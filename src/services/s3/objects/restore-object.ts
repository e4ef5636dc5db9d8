// RestoreObject: a temporary readable copy of an archived (GLACIER, DEEP_ARCHIVE) object for the days
// asked. https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html — "If the object is
// not previously restored, then Amazon S3 returns 202 Accepted … If the object is previously restored,
// Amazon S3 returns 200 OK" (and the new days replace the old expiry). On AWS the copy appears hours
// later; here the restore completes in the request, so the initiation (s3:ObjectRestore:Post) and the
// completion (s3:ObjectRestore:Completed, with glacierEventData) are recorded together, in that order.
import { ServiceError } from '../../../server/service-error.js';
import type { RequestContext } from '../../service.js';
import { mutate, type S3Context } from '../deps.js';
import { malformedXml, restoreNotAllowed } from '../errors.js';
import { recordEvent } from '../events.js';
import { nextSeq, requireBucket, updateVersion } from '../storage/object-repo.js';
import { isArchived, isRestored, restoreExpiry } from './archive.js';
import { findAddressedVersion } from './get-object.js';

export async function RestoreObject(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const request = (input.RestoreRequest ?? {}) as { Days?: number; Type?: string };
  if (request.Type === 'SELECT') {
    throw new ServiceError(
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
      501,
    );
  }
  // "The Days element is required for regular restores" (RestoreRequest).
  if (request.Days === undefined || request.Days < 1) throw malformedXml();
  const days = request.Days;
  return mutate(s3, async (tx) => {
    const bucket = await requireBucket(tx, input.Bucket, ctx.accountId);
    const version = await findAddressedVersion(tx, bucket.name, input.Key, input.VersionId);
    // S3's answer as users recorded it (the model's ObjectAlreadyInActiveTierError is not what it sends).
    if (!isArchived(version)) throw restoreNotAllowed();
    const restored = isRestored(version);
    version.restore = { expiry: restoreExpiry(days) };
    await updateVersion(tx, bucket.name, version);
    if (restored) return { $status: 200 };
    const event = {
      bucket: bucket.name,
      key: version.key,
      size: version.size,
      etag: version.etag,
      versionId: version.versionId,
    };
    await recordEvent(s3, tx, ctx, { ...event, eventName: 'ObjectRestore:Post', seq: await nextSeq(tx) });
    await recordEvent(s3, tx, ctx, {
      ...event,
      eventName: 'ObjectRestore:Completed',
      seq: await nextSeq(tx),
      restore: {
        expiryTime: new Date(version.restore.expiry).toISOString(),
        storageClass: version.storageClass,
      },
    });
    return { $status: 202 };
  });
}
