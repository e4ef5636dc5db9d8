// GetObject and HeadObject: the current version or a named one, conditional headers, one byte range,
// response-* overrides and (with x-amz-checksum-mode: ENABLED) the stored checksum.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
import type { RequestContext } from '../../service.js';
import type { S3Context } from '../deps.js';
import { invalidRange, methodNotAllowed, noSuchKey, noSuchVersion } from '../errors.js';
import {
  checkedVersionId,
  currentObject,
  findVersion,
  latestVersion,
  requireBucket,
} from '../storage/object-repo.js';
import type { BucketRecord, ObjectVersion } from '../storage/records.js';
import { checkConditions } from './conditions.js';
import { objectHeaders } from './object-output.js';
import { parseRange } from './range.js';

/** The version a GET/HEAD/tagging request addresses; S3's errors for a missing key or a delete marker. */
export async function addressedVersion(
  s3: S3Context,
  ctx: RequestContext,
  bucketName: string,
  key: string,
  versionId: string | undefined,
): Promise<{ bucket: BucketRecord; version: ObjectVersion }> {
  return s3.store.read(async (tx) => {
    const bucket = await requireBucket(tx, bucketName, ctx.accountId);
    if (versionId !== undefined) {
      const version = await findVersion(tx, bucketName, key, checkedVersionId(versionId));
      if (!version) throw noSuchVersion(key, versionId);
      if (version.deleteMarker) {
        throw methodNotAllowed({
          'x-amz-delete-marker': 'true',
          'x-amz-version-id': version.versionId,
          'last-modified': new Date(version.lastModified).toUTCString(),
        });
      }
      return { bucket, version };
    }
    const version = await currentObject(tx, bucketName, key);
    if (version) return { bucket, version };
    const latest = await latestVersion(tx, bucketName, key);
    if (latest?.deleteMarker) {
      throw noSuchKey(key, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': latest.versionId });
    }
    throw noSuchKey(key);
  });
}

async function getOrHead(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
  withBody: boolean,
): Promise<Record<string, unknown>> {
  const { bucket, version } = await addressedVersion(s3, ctx, input.Bucket, input.Key, input.VersionId);
  checkConditions(
    {
      ifMatch: input.IfMatch,
      ifNoneMatch: input.IfNoneMatch,
      ifModifiedSince: input.IfModifiedSince,
      ifUnmodifiedSince: input.IfUnmodifiedSince,
    },
    { etag: version.etag, lastModified: version.lastModified },
  );
  const range = parseRange(ctx.headers.range, version.size);
  if (range.kind === 'unsatisfiable') throw invalidRange(version.size, ctx.headers.range ?? '');
  const full = range.kind === 'none';
  const out = objectHeaders(bucket, version, full && input.ChecksumMode === 'ENABLED');
  overrides(input, out);
  let start = 0;
  let end = version.size - 1;
  if (range.kind === 'range') {
    ({ start, end } = range);
    out.ContentRange = `bytes ${start}-${end}/${version.size}`;
    out.ContentLength = end - start + 1;
    out.$status = 206;
  }
  if (withBody) {
    out.Body =
      version.size === 0
        ? ''
        : (s3.blobs.readSmall(version.blobs, start, end) ?? s3.blobs.read(version.blobs, start, end));
  }
  return out;
}

/** response-content-type & co. replace the stored headers in this one response. */
function overrides(input: any, out: Record<string, unknown>): void {
  if (input.ResponseContentType !== undefined) out.ContentType = input.ResponseContentType;
  if (input.ResponseContentLanguage !== undefined) out.ContentLanguage = input.ResponseContentLanguage;
  if (input.ResponseContentDisposition !== undefined)
    out.ContentDisposition = input.ResponseContentDisposition;
  if (input.ResponseContentEncoding !== undefined) out.ContentEncoding = input.ResponseContentEncoding;
  if (input.ResponseCacheControl !== undefined) out.CacheControl = input.ResponseCacheControl;
  if (input.ResponseExpires !== undefined) {
    const headers = (out.$headers ?? {}) as Record<string, string>;
    headers.expires = (input.ResponseExpires as Date).toUTCString();
    out.$headers = headers;
  }
}

export const GetObject = (s3: S3Context, ctx: RequestContext, input: any): Promise<Record<string, unknown>> =>
  getOrHead(s3, ctx, input, true);

export const HeadObject = (
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> => getOrHead(s3, ctx, input, false);
