// The headers GetObject and HeadObject answer with, from a stored version.
import { checksumHeader } from '../checksums.js';
import { restoreHeader } from './archive.js';
import { encryptionOutput } from './encryption.js';
import type { BucketRecord, ObjectVersion } from '../storage/records.js';

/** Whether responses name the version: buckets that ever had versioning do (null included). */
export function versionIdOut(bucket: BucketRecord, v: ObjectVersion): string | undefined {
  return bucket.versioning || v.versionId !== 'null' ? v.versionId : undefined;
}

export function objectHeaders(
  bucket: BucketRecord,
  v: ObjectVersion,
  withChecksum: boolean,
): Record<string, unknown> {
  const h = v.headers;
  const out: Record<string, unknown> = {
    AcceptRanges: 'bytes',
    LastModified: new Date(v.lastModified),
    ContentLength: v.size,
    ETag: v.etag,
    ContentType: h.ContentType ?? 'binary/octet-stream',
    ContentEncoding: h.ContentEncoding,
    ContentDisposition: h.ContentDisposition,
    ContentLanguage: h.ContentLanguage,
    CacheControl: h.CacheControl,
    WebsiteRedirectLocation: h.WebsiteRedirectLocation,
    Metadata: Object.keys(v.metadata).length ? v.metadata : undefined,
    VersionId: versionIdOut(bucket, v),
    // "Amazon S3 returns this header for all objects except for S3 Standard storage class objects."
    StorageClass: v.storageClass !== 'STANDARD' ? v.storageClass : undefined,
    TagCount: v.tags.length ? v.tags.length : undefined,
    ...encryptionOutput(v.encryption),
    Restore: restoreHeader(v),
  };
  const headers: Record<string, string> = {};
  // Expires is echoed as the client wrote it, even when it is not a date.
  if (h.Expires !== undefined) headers.expires = h.Expires;

  if (withChecksum && v.checksum) {
    headers[checksumHeader(v.checksum.algorithm)] = v.checksum.value;
    headers['x-amz-checksum-type'] = v.checksum.type;
  }
  if (Object.keys(headers).length) out.$headers = headers;
  return out;
}
