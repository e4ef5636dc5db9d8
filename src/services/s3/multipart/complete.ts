// CompleteMultipartUpload: the listed parts, in ascending order and each but the last at least 5 MiB,
// become one object whose bytes stay in the part files (no copy). The ETag is the MD5 of the parts'
// binary MD5s followed by `-<count>`; a checksum, if the upload had one, is COMPOSITE the same way.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
import { createHash } from 'node:crypto';
import type { RequestContext } from '../../service.js';
import { compositeChecksum } from '../checksums.js';
import { mutate, type S3Context } from '../deps.js';
import { entityTooSmall, invalidPart, invalidPartOrder, invalidRequest } from '../errors.js';
import { recordEvent } from '../events.js';
import { encryptionOutput } from '../objects/encryption.js';
import { checksumOutput } from '../objects/put-object.js';
import { newVersionId, nextSeq, putVersion, requireBucket } from '../storage/object-repo.js';
import { NS, type ObjectVersion, type PartRecord } from '../storage/records.js';
import { requireUpload } from './uploads.js';

/** "Each part must be at least 5 MB in size, except the last part." */
const MIN_PART_SIZE = 5 * 1024 * 1024;

const bare = (etag: string): string => etag.replace(/"/g, '').trim();

export async function CompleteMultipartUpload(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const requested = (input.MultipartUpload?.Parts ?? []) as Array<{ PartNumber: number; ETag: string }>;
  if (requested.length === 0) {
    throw invalidRequest('You must specify at least one part');
  }
  return mutate(s3, async (tx, freed) => {
    const bucket = await requireBucket(tx, input.Bucket, ctx.accountId);
    const upload = await requireUpload(tx, input.Bucket, input.Key, input.UploadId);
    const stored = new Map(
      (await tx.list<PartRecord>(NS.parts, { prefix: `${upload.uploadId}/` })).map((e) => [
        e.value.partNumber,
        e.value,
      ]),
    );
    const parts: PartRecord[] = [];
    let previous = 0;
    for (const r of requested) {
      if (r.PartNumber <= previous) throw invalidPartOrder(upload.uploadId);
      previous = r.PartNumber;
      const part = stored.get(r.PartNumber);
      if (!part || bare(part.etag) !== bare(r.ETag ?? ''))
        throw invalidPart(upload.uploadId, r.PartNumber, r.ETag ?? '');
      parts.push(part);
    }
    parts.forEach((p, i) => {
      if (i < parts.length - 1 && p.size < MIN_PART_SIZE) throw entityTooSmall(p.size, p.partNumber, p.etag);
    });
    const used = new Set(parts.map((p) => p.partNumber));
    for (const [n, p] of stored) if (!used.has(n)) freed.push(p.blob);
    const md5s = Buffer.concat(parts.map((p) => Buffer.from(bare(p.etag), 'hex')));
    const etag = `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
    const algorithm = upload.checksumAlgorithm;
    const checksum =
      algorithm && parts.every((p) => p.checksum?.algorithm === algorithm)
        ? {
            algorithm,
            value: compositeChecksum(
              algorithm,
              parts.map((p) => p.checksum!.value),
            ),
            type: 'COMPOSITE' as const,
          }
        : undefined;
    const seq = await nextSeq(tx);
    const version: ObjectVersion = {
      key: upload.key,
      versionId: bucket.versioning === 'Enabled' ? newVersionId() : 'null',
      seq,
      lastModified: Date.now(),
      etag,
      size: parts.reduce((n, p) => n + p.size, 0),
      blobs: parts.map((p) => p.blob),
      headers: upload.headers,
      metadata: upload.metadata,
      storageClass: upload.storageClass,
      checksum,
      partsCount: parts.length,
      tags: upload.tags,
      owner: upload.owner,
      ...(upload.acl ? { acl: upload.acl } : {}),
      ...(upload.encryption ? { encryption: upload.encryption } : {}),
    };
    freed.push(...(await putVersion(tx, bucket, version)));
    await tx.deletePrefix(NS.parts, `${upload.uploadId}/`);
    await tx.delete(NS.uploads, `${upload.bucket}/${upload.uploadId}`);
    await recordEvent(s3, tx, ctx, {
      eventName: 'ObjectCreated:CompleteMultipartUpload',
      bucket: bucket.name,
      key: version.key,
      seq,
      size: version.size,
      etag,
      versionId: version.versionId,
    });
    const host = ctx.headers.host ?? 'localhost';
    const result: Record<string, unknown> = {
      Location: `http://${host}/${bucket.name}/${encodeURIComponent(version.key).replace(/%2F/g, '/')}`,
      Bucket: bucket.name,
      Key: version.key,
      ETag: etag,
      VersionId: bucket.versioning ? version.versionId : undefined,
      ...encryptionOutput(version.encryption),
      ...checksumOutput(checksum),
    };
    if (checksum && checksum.algorithm !== 'CRC64NVME')
      result[`Checksum${checksum.algorithm}`] = checksum.value;
    return result;
  });
}
