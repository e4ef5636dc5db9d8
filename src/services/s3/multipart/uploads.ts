// CreateMultipartUpload, AbortMultipartUpload, ListMultipartUploads.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
import { randomBytes } from 'node:crypto';
import type { ReadTx } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { requestedGrants } from '../acl/grants.js';
import { checkAclAllowed } from '../buckets/ownership.js';
import { isChecksumAlgorithm } from '../checksums.js';
import { mutate, type S3Context } from '../deps.js';
import { invalidArgument, invalidRequest, noSuchUpload } from '../errors.js';
import { checkEncryptionRequest, encryptionOutput, objectEncryption } from '../objects/encryption.js';
import { checkKey, storageClass, storedHeaders } from '../objects/put-object.js';
import { owner } from '../owner.js';
import { requireBucket } from '../storage/object-repo.js';
import { NS, type PartRecord, type UploadRecord } from '../storage/records.js';
import { parseTaggingHeader } from '../tags.js';

/** The upload, if it exists for this bucket and key. */
export async function requireUpload(
  tx: ReadTx,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<UploadRecord> {
  const upload = await tx.get<UploadRecord>(NS.uploads, `${bucket}/${uploadId}`);
  if (!upload || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

export async function CreateMultipartUpload(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  checkKey(input.Key);
  const algorithm =
    input.ChecksumAlgorithm === undefined ? undefined : String(input.ChecksumAlgorithm).toUpperCase();
  if (algorithm !== undefined && !isChecksumAlgorithm(algorithm)) {
    throw invalidRequest(
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
    );
  }
  const upload: UploadRecord = {
    bucket: input.Bucket,
    key: input.Key,
    uploadId: randomBytes(36).toString('base64url'),
    initiated: Date.now(),
    headers: storedHeaders(input, ctx.headers),
    metadata: input.Metadata ?? {},
    storageClass: storageClass(input.StorageClass),
    checksumAlgorithm: algorithm,
    tags: parseTaggingHeader(input.Tagging),
    owner: ctx.accountId,
  };
  const acl = requestedGrants(input, ctx.accountId);
  if (acl) upload.acl = acl;
  checkEncryptionRequest(input);
  return mutate(s3, async (tx) => {
    const bucket = await requireBucket(tx, input.Bucket, ctx.accountId);
    checkAclAllowed(bucket, acl);
    // Fixed at the start, as S3 does: the object is encrypted as the upload began.
    upload.encryption = objectEncryption(input, bucket);
    await tx.put(NS.uploads, `${upload.bucket}/${upload.uploadId}`, upload);
    return {
      Bucket: upload.bucket,
      Key: upload.key,
      UploadId: upload.uploadId,
      ChecksumAlgorithm: algorithm,
      ...encryptionOutput(upload.encryption),
      $headers: algorithm
        ? { 'x-amz-checksum-algorithm': algorithm, 'x-amz-checksum-type': 'COMPOSITE' }
        : undefined,
    };
  });
}

export async function AbortMultipartUpload(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  return mutate(s3, async (tx, freed) => {
    await requireBucket(tx, input.Bucket, ctx.accountId);
    const upload = await requireUpload(tx, input.Bucket, input.Key, input.UploadId);
    const parts = await tx.list<PartRecord>(NS.parts, { prefix: `${upload.uploadId}/` });
    freed.push(...parts.map((p) => p.value.blob));
    await tx.deletePrefix(NS.parts, `${upload.uploadId}/`);
    await tx.delete(NS.uploads, `${upload.bucket}/${upload.uploadId}`);
    return {};
  });
}

export async function ListMultipartUploads(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const max = input.MaxUploads === undefined ? 1000 : Number(input.MaxUploads);
  if (!Number.isInteger(max) || max < 0) {
    throw invalidArgument(
      'Argument max-uploads must be an integer between 0 and 2147483647',
      'max-uploads',
      String(input.MaxUploads),
    );
  }
  const prefix: string = input.Prefix ?? '';
  const delimiter: string | undefined = input.Delimiter || undefined;
  const keyMarker: string | undefined = input.KeyMarker || undefined;
  const uploadIdMarker: string | undefined = input.UploadIdMarker || undefined;
  return s3.store.read(async (tx) => {
    await requireBucket(tx, input.Bucket, ctx.accountId);
    const all = (await tx.list<UploadRecord>(NS.uploads, { prefix: `${input.Bucket}/` }))
      .map((e) => e.value)
      .filter((u) => u.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated - b.initiated));
    const uploads: UploadRecord[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let passedMarker = keyMarker === undefined;
    for (const u of all) {
      if (!passedMarker) {
        if (u.key < keyMarker!) continue;
        if (u.key === keyMarker) {
          if (uploadIdMarker === undefined || u.uploadId === uploadIdMarker) continue;
        }
        passedMarker = u.key > keyMarker! || uploadIdMarker === undefined;
        if (!passedMarker) continue;
      }
      const rest = u.key.slice(prefix.length);
      const i = delimiter ? rest.indexOf(delimiter) : -1;
      const cp = i >= 0 ? prefix + rest.slice(0, i + delimiter!.length) : undefined;
      if (cp && prefixes.includes(cp)) continue;
      if (uploads.length + prefixes.length >= Math.min(max, 1000)) {
        truncated = true;
        break;
      }
      if (cp) prefixes.push(cp);
      else uploads.push(u);
    }
    const last = uploads[uploads.length - 1];
    const who = owner(ctx.accountId);
    return {
      Bucket: input.Bucket,
      KeyMarker: keyMarker ?? '',
      UploadIdMarker: uploadIdMarker ?? '',
      NextKeyMarker: truncated ? last?.key : undefined,
      NextUploadIdMarker: truncated ? last?.uploadId : undefined,
      Prefix: prefix,
      Delimiter: delimiter,
      MaxUploads: max,
      IsTruncated: truncated,
      Uploads: uploads.length
        ? uploads.map((u) => ({
            UploadId: u.uploadId,
            Key: u.key,
            Initiated: new Date(u.initiated),
            StorageClass: u.storageClass,
            Owner: who,
            Initiator: { ID: who.ID, DisplayName: who.DisplayName },
            ChecksumAlgorithm: u.checksumAlgorithm,
          }))
        : undefined,
      CommonPrefixes: prefixes.length ? prefixes.map((p) => ({ Prefix: p })) : undefined,
    };
  });
}
