// CopyObject: a new version whose bytes are read from the source's blobs into a new blob (so either
// can be deleted alone), with metadata and tags copied or replaced as the directives say.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
import type { RequestContext } from '../../service.js';
import { requestedGrants } from '../acl/grants.js';
import { checkAclAllowed } from '../buckets/ownership.js';
import { mutate, type S3Context } from '../deps.js';
import { invalidArgument, invalidRequest } from '../errors.js';
import { recordEvent } from '../events.js';
import { newVersionId, nextSeq, putVersion, requireBucket } from '../storage/object-repo.js';
import type { ObjectVersion } from '../storage/records.js';
import { parseTaggingHeader } from '../tags.js';
import { copySourceVersion } from './copy-source.js';
import { encryptionOutput, objectEncryption } from './encryption.js';
import { checksumRequest } from './ingest.js';
import { versionIdOut } from './object-output.js';
import { checkKey, storageClass, storedHeaders } from './put-object.js';

function directive(value: unknown, name: string): 'COPY' | 'REPLACE' {
  if (value === undefined) return 'COPY';
  if (value === 'COPY' || value === 'REPLACE') return value;
  throw invalidArgument(
    `Unknown ${name.toLowerCase()} directive.`,
    `x-amz-${name.toLowerCase()}-directive`,
    String(value),
  );
}

export async function CopyObject(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  checkKey(input.Key);
  const metadataDirective = directive(input.MetadataDirective, 'Metadata');
  const taggingDirective = directive(input.TaggingDirective, 'Tagging');
  const { source, bucket: sourceBucket, version: src } = await copySourceVersion(s3, ctx, input);
  await s3.store.read((tx) => requireBucket(tx, input.Bucket, ctx.accountId));
  const targetClass = storageClass(input.StorageClass);
  const sameObject = source.bucket === input.Bucket && source.key === input.Key;
  if (
    sameObject &&
    metadataDirective === 'COPY' &&
    input.StorageClass === undefined &&
    input.WebsiteRedirectLocation === undefined &&
    input.ServerSideEncryption === undefined
  ) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const request = checksumRequest(ctx.headers, src.checksum?.algorithm);
  const {
    digests: [md5, computed],
    ...blob
  } = await s3.blobs.write(
    s3.blobs.read(src.blobs),
    request.algorithm ? ['MD5', request.algorithm] : ['MD5'],
  );
  const etag = `"${md5!.toString('hex')}"`;
  const checksum =
    request.algorithm && computed
      ? {
          algorithm: request.algorithm,
          value: computed.toString('base64'),
          type: 'FULL_OBJECT' as const,
        }
      : undefined;
  const now = Date.now();
  return mutate(
    s3,
    async (tx, freed) => {
      const bucket = await requireBucket(tx, input.Bucket, ctx.accountId);
      // The copy gets the ACL the request names, not the source's.
      const acl = requestedGrants(input, ctx.accountId);
      checkAclAllowed(bucket, acl);
      const seq = await nextSeq(tx);
      const version: ObjectVersion = {
        key: input.Key,
        versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null',
        seq,
        lastModified: now,
        etag,
        size: blob.size,
        blobs: [{ file: blob.file, size: blob.size }],
        headers: metadataDirective === 'COPY' ? { ...src.headers } : storedHeaders(input, ctx.headers),
        metadata: metadataDirective === 'COPY' ? { ...src.metadata } : (input.Metadata ?? {}),
        storageClass: targetClass,
        checksum,
        tags: taggingDirective === 'COPY' ? [...src.tags] : parseTaggingHeader(input.Tagging),
        owner: ctx.accountId,
        ...(acl ? { acl } : {}),
        // The copy is encrypted as its request or the destination bucket says, not as the source was.
        encryption: objectEncryption(input, bucket),
      };
      if (input.WebsiteRedirectLocation !== undefined)
        version.headers.WebsiteRedirectLocation = input.WebsiteRedirectLocation;
      freed.push(...(await putVersion(tx, bucket, version)));
      await recordEvent(s3, tx, ctx, {
        eventName: 'ObjectCreated:Copy',
        bucket: bucket.name,
        key: version.key,
        seq,
        size: version.size,
        etag,
        versionId: version.versionId,
      });
      const result: Record<string, unknown> = { ETag: etag, LastModified: new Date(now) };
      if (checksum) result[`Checksum${checksum.algorithm}`] = checksum.value;
      return {
        CopyObjectResult: result,
        VersionId: bucket.versioning ? version.versionId : undefined,
        CopySourceVersionId: versionIdOut(sourceBucket, src),
        ...encryptionOutput(version.encryption),
      };
    },
    [blob],
  );
}
