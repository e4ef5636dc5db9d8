// PutObject: the body streams to a blob, is checked, then one transaction makes it the key's newest
// version and records ObjectCreated:Put. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
import { ServiceError } from '../../../server/service-error.js';
import type { RequestContext } from '../../service.js';
import { checksumHeader } from '../checksums.js';
import { mutate, type S3Context } from '../deps.js';
import { recordEvent } from '../events.js';
import { newVersionId, nextSeq, putVersion, requireBucket } from '../storage/object-repo.js';
import type { Grant, ObjectVersion, StoredHeaders } from '../storage/records.js';
import { requestedGrants } from '../acl/grants.js';
import { checkAclAllowed } from '../buckets/ownership.js';
import { parseTaggingHeader } from '../tags.js';
import { checksumRequest, discardBody, ingestBody, type Ingested } from './ingest.js';
import {
  checkEncryptionRequest,
  encryptionOutput,
  objectEncryption,
  type EncryptionRequest,
} from './encryption.js';

export const STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'OUTPOSTS',
  'GLACIER_IR',
  'SNOW',
  'EXPRESS_ONEZONE',
];

export function storageClass(value: unknown): string {
  if (value === undefined) return 'STANDARD';
  if (!STORAGE_CLASSES.includes(String(value))) {
    throw new ServiceError('InvalidStorageClass', 'The storage class you specified is not valid', 400, {
      StorageClassRequested: String(value),
    });
  }
  return String(value);
}

/** "The maximum length of a key is 1,024 bytes" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). */
export function checkKey(key: string): void {
  if (Buffer.byteLength(key) > 1024) {
    throw new ServiceError('KeyTooLongError', 'Your key is too long', 400, {
      Size: String(Buffer.byteLength(key)),
      MaxSizeAllowed: '1024',
    });
  }
}

/** The content headers S3 stores with an object, from a PutObject / CopyObject / CreateMultipartUpload input. */
export function storedHeaders(input: Record<string, any>, headers: Record<string, string>): StoredHeaders {
  return {
    ContentType: input.ContentType,
    ContentEncoding: input.ContentEncoding,
    ContentDisposition: input.ContentDisposition,
    ContentLanguage: input.ContentLanguage,
    CacheControl: input.CacheControl,
    Expires: headers.expires,
    WebsiteRedirectLocation: input.WebsiteRedirectLocation,
  };
}

export function checksumOutput(
  checksum: Ingested['checksum'] | ObjectVersion['checksum'],
): Record<string, unknown> {
  if (!checksum) return {};
  const header = checksumHeader(checksum.algorithm);
  return {
    $headers: {
      [header]: checksum.value,
      'x-amz-checksum-type': 'type' in checksum ? checksum.type : 'FULL_OBJECT',
    },
  };
}

export async function PutObject(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  let ingested: Ingested;
  let tags;
  let acl;
  try {
    checkKey(input.Key);
    const bucket = await s3.store.read((tx) => requireBucket(tx, input.Bucket, ctx.accountId));
    tags = parseTaggingHeader(input.Tagging);
    // Refused before the body is read; checked again where the object is written.
    acl = requestedGrants(input, ctx.accountId);
    checkAclAllowed(bucket, acl);
    storageClass(input.StorageClass);
    checkEncryptionRequest(input);
    ingested = await ingestBody(s3, input.Body, ctx.headers, checksumRequest(ctx.headers));
  } catch (e) {
    discardBody(input.Body);
    throw e;
  }
  return commitObject(s3, ctx, {
    bucket: input.Bucket,
    key: input.Key,
    ingested,
    headers: storedHeaders(input, ctx.headers),
    metadata: input.Metadata ?? {},
    storageClass: storageClass(input.StorageClass),
    tags,
    acl,
    encryption: input,
    eventName: 'ObjectCreated:Put',
  });
}

export interface NewObject {
  bucket: string;
  key: string;
  ingested: Ingested;
  headers: StoredHeaders;
  metadata: Record<string, string>;
  storageClass: string;
  tags?: ObjectVersion['tags'];
  /** The ACL the request set (x-amz-acl, x-amz-grant-*); none keeps the owner's full control. */
  acl?: Grant[];
  /** What the request said of server-side encryption (the bucket's default applies otherwise). */
  encryption: EncryptionRequest;
  /** `ObjectCreated:Put`, or `ObjectCreated:Post` for a browser's form upload. */
  eventName: string;
}

/**
 * One transaction makes an ingested body the key's newest version and records its event (the
 * blob is deleted if the transaction fails). PutObject's and POST Object's common end.
 */
export function commitObject(
  s3: S3Context,
  ctx: RequestContext,
  o: NewObject,
): Promise<
  { ETag: string; VersionId?: string; $headers?: Record<string, string> } & Record<string, unknown>
> {
  const now = Date.now();
  const etag = `"${o.ingested.md5.toString('hex')}"`;
  return mutate(
    s3,
    async (tx, freed) => {
      const bucket = await requireBucket(tx, o.bucket, ctx.accountId);
      checkAclAllowed(bucket, o.acl);
      const seq = await nextSeq(tx);
      const version: ObjectVersion = {
        key: o.key,
        versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null',
        seq,
        lastModified: now,
        etag,
        size: o.ingested.blob.size,
        blobs: [{ file: o.ingested.blob.file, size: o.ingested.blob.size }],
        headers: o.headers,
        metadata: o.metadata,
        storageClass: o.storageClass,
        checksum: o.ingested.checksum && { ...o.ingested.checksum, type: 'FULL_OBJECT' },
        tags: o.tags ?? [],
        owner: ctx.accountId,
        ...(o.acl ? { acl: o.acl } : {}),
        encryption: objectEncryption(o.encryption, bucket),
      };
      freed.push(...(await putVersion(tx, bucket, version)));
      await recordEvent(s3, tx, ctx, {
        eventName: o.eventName,
        bucket: bucket.name,
        key: version.key,
        seq,
        size: version.size,
        etag,
        versionId: version.versionId,
      });
      return {
        ETag: etag,
        VersionId: bucket.versioning ? version.versionId : undefined,
        ...encryptionOutput(version.encryption),
        ...(checksumOutput(version.checksum) as { $headers?: Record<string, string> }),
      };
    },
    [o.ingested.blob],
  );
}
