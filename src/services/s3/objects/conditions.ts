// Conditional requests as S3 evaluates them
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "If-Match" … "If-Unmodified-Since";
// RFC 9110 section 13.2.2 for the order). Dates compare at one-second resolution, as HTTP dates have.
import { notModified, preconditionFailed } from '../errors.js';

export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: Date;
  ifUnmodifiedSince?: Date;
}

export interface Validators {
  etag: string;
  lastModified: number;
}

function etagMatches(list: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return list.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '').replace(/"/g, '');
    return v === '*' || v === bare;
  });
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * Throws 412 PreconditionFailed or 304 NotModified when a condition fails. `readOnly` (GET/HEAD)
 * answers a failed If-None-Match / If-Modified-Since with 304; other methods with 412.
 */
export function checkConditions(c: Conditions, v: Validators, readOnly = true): void {
  if (c.ifMatch !== undefined) {
    if (!etagMatches(c.ifMatch, v.etag)) throw preconditionFailed('If-Match');
  } else if (c.ifUnmodifiedSince && seconds(v.lastModified) > seconds(c.ifUnmodifiedSince.getTime())) {
    throw preconditionFailed('If-Unmodified-Since');
  }
  if (c.ifNoneMatch !== undefined) {
    if (etagMatches(c.ifNoneMatch, v.etag)) {
      throw readOnly ? notModified(v.etag) : preconditionFailed('If-None-Match');
    }
  } else if (c.ifModifiedSince && seconds(v.lastModified) <= seconds(c.ifModifiedSince.getTime())) {
    if (readOnly) throw notModified(v.etag);
  }
}
