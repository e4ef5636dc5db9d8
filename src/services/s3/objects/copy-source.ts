// x-amz-copy-source (`bucket/key` or `/bucket/key`, URL-encoded, optional `?versionId=`) and the
// x-amz-copy-source-if-* conditions of CopyObject and UploadPartCopy, which all fail with 412.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
import { ServiceError } from '../../../server/service-error.js';
import type { RequestContext } from '../../service.js';
import type { S3Context } from '../deps.js';
import { invalidArgument, preconditionFailed } from '../errors.js';
import type { BucketRecord, ObjectVersion } from '../storage/records.js';
import { checkReadable } from './archive.js';
import { addressedVersion } from './get-object.js';

export interface CopySource {
  bucket: string;
  key: string;
  versionId?: string;
}

export function parseCopySource(raw: string): CopySource {
  let s = raw;
  let versionId: string | undefined;
  const q = s.indexOf('?');
  if (q >= 0) {
    const params = new URLSearchParams(s.slice(q + 1));
    versionId = params.get('versionId') ?? undefined;
    s = s.slice(0, q);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(s);
  } catch {
    decoded = s;
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', raw);
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

function checkCopyConditions(input: any, v: ObjectVersion): void {
  const bare = v.etag.replace(/"/g, '');
  const matches = (list: string): boolean =>
    list.split(',').some((t) => {
      const e = t.trim().replace(/"/g, '');
      return e === '*' || e === bare;
    });
  const ifMatch = input.CopySourceIfMatch as string | undefined;
  const ifNoneMatch = input.CopySourceIfNoneMatch as string | undefined;
  const ifModified = input.CopySourceIfModifiedSince as Date | undefined;
  const ifUnmodified = input.CopySourceIfUnmodifiedSince as Date | undefined;
  // S3: if-match true and if-unmodified-since false copies; if-none-match false and if-modified-since true fails.
  if (ifMatch !== undefined) {
    if (!matches(ifMatch)) throw preconditionFailed('x-amz-copy-source-If-Match');
  } else if (ifUnmodified && seconds(v.lastModified) > seconds(ifUnmodified.getTime())) {
    throw preconditionFailed('x-amz-copy-source-If-Unmodified-Since');
  }
  if (ifNoneMatch !== undefined) {
    if (matches(ifNoneMatch)) throw preconditionFailed('x-amz-copy-source-If-None-Match');
  } else if (ifModified && seconds(v.lastModified) <= seconds(ifModified.getTime())) {
    throw preconditionFailed('x-amz-copy-source-If-Modified-Since');
  }
}

/** The source version of a copy, after its conditions held. */
export async function copySourceVersion(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<{ source: CopySource; bucket: BucketRecord; version: ObjectVersion }> {
  const source = parseCopySource(String(input.CopySource));
  let found;
  try {
    found = await addressedVersion(s3, ctx, source.bucket, source.key, source.versionId);
  } catch (e) {
    // A delete marker as copy source is "InvalidRequest" for a named version, NoSuchKey otherwise.
    if (e instanceof ServiceError && e.code === 'MethodNotAllowed') {
      throw invalidArgument(
        'The source of a copy request may not specifically refer to a delete marker by version id.',
        'x-amz-copy-source',
        input.CopySource,
      );
    }
    throw e;
  }
  checkCopyConditions(input, found.version);
  // "If the source object's storage class is GLACIER, you must restore a copy" (CopyObject).
  checkReadable(found.version);
  return { source, ...found };
}
