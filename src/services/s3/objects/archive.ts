// Archived objects: S3 Glacier Flexible Retrieval (GLACIER) and Deep Archive objects "are not
// accessible in real time" (RestoreObject in the S3 API reference): GetObject and copying from them
// answer InvalidObjectState until RestoreObject has made a temporary copy, which is readable for the
// days the restore asked for. HeadObject reports the copy in x-amz-restore. Glacier Instant Retrieval
// (GLACIER_IR) is read like any other class.
import { ServiceError } from '../../../server/service-error.js';
import type { ObjectVersion } from '../storage/records.js';

const ARCHIVED = new Set(['GLACIER', 'DEEP_ARCHIVE']);
const DAY_MS = 24 * 60 * 60 * 1000;

export function isArchived(v: ObjectVersion): boolean {
  return ARCHIVED.has(v.storageClass);
}

/** Whether a restored copy of the version is readable at `now`. */
export function isRestored(v: ObjectVersion, now = Date.now()): boolean {
  return v.restore !== undefined && v.restore.expiry > now;
}

/** Refuses to read an archived version without a restored copy, as S3 does (403). */
export function checkReadable(v: ObjectVersion, now = Date.now()): void {
  if (isArchived(v) && !isRestored(v, now)) {
    // As users recorded S3's answer, with the StorageClass element.
    throw new ServiceError(
      'InvalidObjectState',
      "The operation is not valid for the object's storage class",
      403,
      {
        StorageClass: v.storageClass,
      },
    );
  }
}

/**
 * When a copy restored now for `days` expires: S3 adds the days to when the restore completes and
 * rounds up to the next midnight UTC (Restoring an archived object, S3 User Guide; its x-amz-restore
 * examples all expire at 00:00:00 GMT).
 */
export function restoreExpiry(days: number, now = Date.now()): number {
  const end = now + days * DAY_MS;
  return Math.ceil(end / DAY_MS) * DAY_MS;
}

/** HeadObject's x-amz-restore for a restored copy: `ongoing-request="false", expiry-date="…"`. */
export function restoreHeader(v: ObjectVersion, now = Date.now()): string | undefined {
  if (!isArchived(v) || !isRestored(v, now)) return undefined;
  return `ongoing-request="false", expiry-date="${new Date(v.restore!.expiry).toUTCString()}"`;
}
