// UploadPart, UploadPartCopy and ListParts. A part is a blob of its own; re-uploading a part number
// replaces it. https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html
import type { RequestContext } from '../../service.js';
import { mutate, type S3Context } from '../deps.js';
import { invalidArgument, invalidRange } from '../errors.js';
import { copySourceVersion } from '../objects/copy-source.js';
import { encryptionOutput } from '../objects/encryption.js';
import { checksumRequest, discardBody, ingestBody, type Ingested } from '../objects/ingest.js';
import { versionIdOut } from '../objects/object-output.js';
import { checksumOutput } from '../objects/put-object.js';
import { owner } from '../owner.js';
import { requireBucket } from '../storage/object-repo.js';
import { NS, partKey, type BlobRef, type PartRecord, type UploadRecord } from '../storage/records.js';
import { checkPartNumber } from './part-number.js';
import { requireUpload } from './uploads.js';

async function savePart(s3: S3Context, ctx: RequestContext, input: any, part: PartRecord): Promise<void> {
  await mutate(
    s3,
    async (tx, freed) => {
      await requireBucket(tx, input.Bucket, ctx.accountId);
      const upload = await requireUpload(tx, input.Bucket, input.Key, input.UploadId);
      const key = partKey(upload.uploadId, part.partNumber);
      const old = await tx.get<PartRecord>(NS.parts, key);
      if (old) freed.push(old.blob);
      await tx.put(NS.parts, key, part);
    },
    [part.blob],
  );
}

export async function UploadPart(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  let ingested: Ingested;
  let partNumber: number;
  let upload: UploadRecord;
  try {
    partNumber = checkPartNumber(input.PartNumber);
    upload = await s3.store.read(async (tx) => {
      await requireBucket(tx, input.Bucket, ctx.accountId);
      return requireUpload(tx, input.Bucket, input.Key, input.UploadId);
    });
    ingested = await ingestBody(
      s3,
      input.Body,
      ctx.headers,
      checksumRequest(ctx.headers, upload.checksumAlgorithm),
    );
  } catch (e) {
    discardBody(input.Body);
    throw e;
  }
  const etag = `"${ingested.md5.toString('hex')}"`;
  const blob: BlobRef = { file: ingested.blob.file, size: ingested.blob.size };
  await savePart(s3, ctx, input, {
    partNumber,
    etag,
    size: blob.size,
    blob,
    lastModified: Date.now(),
    checksum: ingested.checksum,
  });
  return { ETag: etag, ...encryptionOutput(upload.encryption), ...checksumOutput(ingested.checksum) };
}

/** x-amz-copy-source-range: `bytes=first-last`, inside the source. */
function copyRange(raw: unknown, size: number): { start: number; end: number } {
  if (raw === undefined) return { start: 0, end: size - 1 };
  const m = /^bytes=(\d+)-(\d+)$/.exec(String(raw));
  if (!m || Number(m[2]) < Number(m[1])) {
    throw invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      String(raw),
    );
  }
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end >= size) throw invalidRange(size, String(raw));
  return { start, end };
}

export async function UploadPartCopy(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const partNumber = checkPartNumber(input.PartNumber);
  const upload = await s3.store.read(async (tx) => {
    await requireBucket(tx, input.Bucket, ctx.accountId);
    return requireUpload(tx, input.Bucket, input.Key, input.UploadId);
  });
  const { bucket: sourceBucket, version } = await copySourceVersion(s3, ctx, input);
  const { start, end } = copyRange(input.CopySourceRange, version.size);
  const algorithm = upload.checksumAlgorithm;
  const source = version.size === 0 ? s3.blobs.read([]) : s3.blobs.read(version.blobs, start, end);
  const {
    digests: [md5, computed],
    ...written
  } = await s3.blobs.write(source, algorithm ? ['MD5', algorithm] : ['MD5']);
  const etag = `"${md5!.toString('hex')}"`;
  const checksum = algorithm && computed ? { algorithm, value: computed.toString('base64') } : undefined;
  const now = Date.now();
  const blob: BlobRef = { file: written.file, size: written.size };
  await savePart(s3, ctx, input, { partNumber, etag, size: blob.size, blob, lastModified: now, checksum });
  const result: Record<string, unknown> = { ETag: etag, LastModified: new Date(now) };
  if (checksum) result[`Checksum${checksum.algorithm}`] = checksum.value;
  return {
    CopyPartResult: result,
    CopySourceVersionId: versionIdOut(sourceBucket, version),
    ...encryptionOutput(upload.encryption),
  };
}

export async function ListParts(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const max = input.MaxParts === undefined ? 1000 : Math.min(Number(input.MaxParts), 1000);
  const marker = input.PartNumberMarker === undefined ? 0 : Number(input.PartNumberMarker);
  return s3.store.read(async (tx) => {
    await requireBucket(tx, input.Bucket, ctx.accountId);
    const upload = await requireUpload(tx, input.Bucket, input.Key, input.UploadId);
    const entries = await tx.list<PartRecord>(NS.parts, {
      prefix: `${upload.uploadId}/`,
      after: marker > 0 ? partKey(upload.uploadId, marker) : undefined,
      limit: max + 1,
    });
    const truncated = entries.length > max;
    const parts = entries.slice(0, max).map((e) => e.value);
    const who = owner(upload.owner);
    return {
      Bucket: upload.bucket,
      Key: upload.key,
      UploadId: upload.uploadId,
      PartNumberMarker: marker,
      NextPartNumberMarker: parts.length ? parts[parts.length - 1]!.partNumber : undefined,
      MaxParts: max,
      IsTruncated: truncated,
      Parts: parts.length
        ? parts.map((p) => {
            const out: Record<string, unknown> = {
              PartNumber: p.partNumber,
              LastModified: new Date(p.lastModified),
              ETag: p.etag,
              Size: p.size,
            };
            if (p.checksum) out[`Checksum${p.checksum.algorithm}`] = p.checksum.value;
            return out;
          })
        : undefined,
      Initiator: { ID: who.ID, DisplayName: who.DisplayName },
      Owner: who,
      StorageClass: upload.storageClass,
      ChecksumAlgorithm: upload.checksumAlgorithm,
    };
  });
}
