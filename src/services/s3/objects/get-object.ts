// GetObject and HeadObject: the current version or a named one, conditional headers, one byte range
// or one part (partNumber), response-* overrides and (with x-amz-checksum-mode: ENABLED) the stored
// checksum.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
import type { ReadTx } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import type { S3Context } from '../deps.js';
import {
  invalidPartNumber,
  invalidRange,
  invalidRequest,
  methodNotAllowed,
  noSuchKey,
  noSuchVersion,
} from '../errors.js';
import { checkPartNumber } from '../multipart/part-number.js';
import {
  checkedVersionId,
  currentObject,
  findVersion,
  latestVersion,
  requireBucket,
} from '../storage/object-repo.js';
import type { BucketRecord, ObjectVersion } from '../storage/records.js';
import { checkConditions } from './conditions.js';
import { checkReadable } from './archive.js';
import { objectHeaders } from './object-output.js';
import { parseRange, type RangeResult } from './range.js';

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
    return { bucket, version: await findAddressedVersion(tx, bucketName, key, versionId) };
  });
}

/** The version a request names (or the current one), in any transaction; S3's errors otherwise. */
export async function findAddressedVersion(
  tx: ReadTx,
  bucketName: string,
  key: string,
  versionId: string | undefined,
): Promise<ObjectVersion> {
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
    return version;
  }
  const version = await currentObject(tx, bucketName, key);
  if (version) return version;
  const latest = await latestVersion(tx, bucketName, key);
  if (latest?.deleteMarker) {
    throw noSuchKey(key, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': latest.versionId });
  }
  throw noSuchKey(key);
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
  const range =
    input.PartNumber !== undefined
      ? partRange(version, input.PartNumber, ctx.headers.range)
      : parseRange(ctx.headers.range, version.size);
  if (range.kind === 'unsatisfiable') throw invalidRange(version.size, ctx.headers.range ?? '');
  const full = range.kind === 'none';
  // An archived object's bytes need a restored copy; HeadObject answers for it either way.
  if (withBody) checkReadable(version);
  const out = objectHeaders(bucket, version, full && input.ChecksumMode === 'ENABLED');
  if (input.PartNumber !== undefined && version.partsCount) out.PartsCount = version.partsCount;
  overrides(input, out);
  let start = 0;
  let end = version.size - 1;
  if (range.kind === 'range') {
    ({ start, end } = range);
    out.ContentLength = end - start + 1;
    if (end >= start) {
      // A header of its own: the service model Cumulo serves has ContentRange in GetObject's output
      // only, where S3 also answers HeadObject with it.
      out.$headers = {
        ...(out.$headers as Record<string, string> | undefined),
        'content-range': `bytes ${start}-${end}/${version.size}`,
      };
      out.$status = 206;
    }
  }
  if (withBody) {
    out.Body =
      end < start
        ? ''
        : (s3.blobs.readSmall(version.blobs, start, end) ?? s3.blobs.read(version.blobs, start, end));
  }
  return out;
}

/**
 * The bytes of one part, "effectively a ranged GET": a multipart object's parts are its blobs, in
 * order; any other object is its one part 1 (served as a 206 of the whole, as S3 answers). A part
 * number past the last answers 416 InvalidPartNumber; a Range header as well is refused.
 */
function partRange(
  version: ObjectVersion,
  partNumber: unknown,
  rangeHeader: string | undefined,
): RangeResult {
  const n = checkPartNumber(partNumber);
  if (rangeHeader !== undefined) {
    throw invalidRequest('Cannot specify both Range header and partNumber query parameter');
  }
  const parts = version.partsCount ? version.blobs : [{ size: version.size }];
  if (n > parts.length) throw invalidPartNumber(n, parts.length);
  const start = parts.slice(0, n - 1).reduce((sum, p) => sum + p.size, 0);
  // An empty part (an empty object, or an empty last part) is an empty range: a plain 200, no body.
  return { kind: 'range', start, end: start + parts[n - 1]!.size - 1 };
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
