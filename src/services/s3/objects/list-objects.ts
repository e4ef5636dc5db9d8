// ListObjects (v1, marker), ListObjectsV2 (continuation token, start-after) and ListObjectVersions.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
import type { ReadTx } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import type { S3Context } from '../deps.js';
import { invalidArgument } from '../errors.js';
import { findVersion, latestVersion, requireBucket } from '../storage/object-repo.js';
import { NS, versionKey, type ObjectVersion } from '../storage/records.js';
import { owner } from '../owner.js';
import { resumeAfter, walk } from './walk.js';

function maxKeys(value: unknown): number {
  if (value === undefined) return 1000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw invalidArgument(
      'Argument maxKeys must be an integer between 0 and 2147483647',
      'maxKeys',
      String(value),
    );
  }
  return Math.min(n, 1000);
}

/** encoding-type=url: keys and prefixes URL-encoded in the response (for keys XML cannot carry). */
function encoder(encodingType: unknown): (s: string | undefined) => string | undefined {
  if (encodingType === undefined) return (s) => s;
  if (encodingType !== 'url') {
    throw invalidArgument(
      'Invalid Encoding Method specified in Request',
      'encoding-type',
      String(encodingType),
    );
  }
  return (s) => (s === undefined ? s : encodeURIComponent(s).replace(/%2F/g, '/'));
}

function content(
  v: ObjectVersion,
  enc: (s: string) => string | undefined,
  withOwner: boolean,
  accountId: string,
): Record<string, unknown> {
  return {
    Key: enc(v.key),
    LastModified: new Date(v.lastModified),
    ETag: v.etag,
    ChecksumAlgorithm: v.checksum ? [v.checksum.algorithm] : undefined,
    Size: v.size,
    StorageClass: v.storageClass,
    Owner: withOwner ? owner(accountId) : undefined,
  };
}

export async function ListObjectsV2(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const enc = encoder(input.EncodingType);
  const max = maxKeys(input.MaxKeys);
  const prefix: string = input.Prefix ?? '';
  const base = `${input.Bucket}/`;
  let marker: string | undefined = input.StartAfter;
  if (input.ContinuationToken !== undefined) {
    const decoded = Buffer.from(String(input.ContinuationToken), 'base64url').toString('utf8');
    if (!decoded.startsWith('1:')) {
      throw invalidArgument(
        'The continuation token provided is incorrect',
        'continuation-token',
        String(input.ContinuationToken),
      );
    }
    marker = decoded.slice(2);
  }
  return s3.store.read(async (tx) => {
    const r = await walkCurrent(tx, ctx, input, base, prefix, max, marker);
    return {
      Name: input.Bucket,
      Prefix: enc(prefix),
      Delimiter: enc(input.Delimiter),
      MaxKeys: max,
      EncodingType: input.EncodingType,
      KeyCount: r.entries.length + r.prefixes.length,
      IsTruncated: r.truncated,
      ContinuationToken: input.ContinuationToken,
      NextContinuationToken:
        r.truncated && r.last ? Buffer.from(`1:${r.last.key}`).toString('base64url') : undefined,
      StartAfter: enc(input.StartAfter),
      Contents: r.entries.length
        ? r.entries.map((e) => content(e.value, enc, input.FetchOwner === true, e.value.owner))
        : undefined,
      CommonPrefixes: r.prefixes.length ? r.prefixes.map((p) => ({ Prefix: enc(p) })) : undefined,
    };
  });
}

export async function ListObjects(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const enc = encoder(input.EncodingType);
  const max = maxKeys(input.MaxKeys);
  const prefix: string = input.Prefix ?? '';
  const base = `${input.Bucket}/`;
  const marker: string | undefined = input.Marker || undefined;
  return s3.store.read(async (tx) => {
    const r = await walkCurrent(tx, ctx, input, base, prefix, max, marker);
    return {
      Name: input.Bucket,
      Prefix: enc(prefix),
      Marker: enc(input.Marker ?? ''),
      // "This element is returned only if you have the delimiter request parameter specified."
      NextMarker: r.truncated && input.Delimiter && r.last ? enc(r.last.key) : undefined,
      Delimiter: enc(input.Delimiter),
      MaxKeys: max,
      EncodingType: input.EncodingType,
      IsTruncated: r.truncated,
      Contents: r.entries.length
        ? r.entries.map((e) => content(e.value, enc, true, e.value.owner))
        : undefined,
      CommonPrefixes: r.prefixes.length ? r.prefixes.map((p) => ({ Prefix: enc(p) })) : undefined,
    };
  });
}

export async function ListObjectVersions(
  s3: S3Context,
  ctx: RequestContext,
  input: any,
): Promise<Record<string, unknown>> {
  const enc = encoder(input.EncodingType);
  const max = maxKeys(input.MaxKeys);
  const prefix: string = input.Prefix ?? '';
  const bucket: string = input.Bucket;
  const base = `${bucket}/`;
  const keyMarker: string | undefined = input.KeyMarker || undefined;
  const versionIdMarker: string | undefined = input.VersionIdMarker || undefined;
  if (versionIdMarker && !keyMarker) {
    throw invalidArgument(
      'A version-id marker cannot be specified without a key marker.',
      'version-id-marker',
      versionIdMarker,
    );
  }
  return s3.store.read(async (tx) => {
    await requireBucket(tx, bucket, ctx.accountId);
    const o = {
      ns: NS.versions,
      base,
      prefix,
      delimiter: input.Delimiter || undefined,
      maxKeys: max,
      keyOf: (k: string) => k.slice(0, k.lastIndexOf('\u0000')),
    };
    let after: string | undefined;
    if (keyMarker !== undefined) {
      const marked = versionIdMarker ? await findVersion(tx, bucket, keyMarker, versionIdMarker) : undefined;
      after = marked
        ? versionKey(bucket, keyMarker, marked.seq)
        : resumeAfter(o, keyMarker) + '\u0000\u{10FFFF}';
    }
    const r = await walk<ObjectVersion>(tx, { ...o, after });
    const versions: Array<Record<string, unknown>> = [];
    const markers: Array<Record<string, unknown>> = [];
    let previousKey: string | undefined;
    let latestSeq: number | undefined;
    for (const e of r.entries) {
      const v = e.value;
      if (v.key !== previousKey) {
        latestSeq = (await latestVersion(tx, bucket, v.key))?.seq;
        previousKey = v.key;
      }
      const common = {
        Owner: owner(v.owner),
        Key: enc(v.key),
        VersionId: v.versionId,
        IsLatest: v.seq === latestSeq,
        LastModified: new Date(v.lastModified),
      };
      if (v.deleteMarker) markers.push(common);
      else
        versions.push({
          ...common,
          ETag: v.etag,
          Size: v.size,
          StorageClass: v.storageClass,
          ChecksumAlgorithm: v.checksum ? [v.checksum.algorithm] : undefined,
        });
    }
    const last = r.last;
    return {
      Name: bucket,
      Prefix: enc(prefix),
      KeyMarker: enc(input.KeyMarker ?? ''),
      VersionIdMarker: input.VersionIdMarker ?? '',
      NextKeyMarker: r.truncated && last ? enc(last.key) : undefined,
      NextVersionIdMarker: r.truncated && last?.entry ? last.entry.value.versionId : undefined,
      Delimiter: enc(input.Delimiter),
      MaxKeys: max,
      EncodingType: input.EncodingType,
      IsTruncated: r.truncated,
      Versions: versions.length ? versions : undefined,
      DeleteMarkers: markers.length ? markers : undefined,
      CommonPrefixes: r.prefixes.length ? r.prefixes.map((p) => ({ Prefix: enc(p) })) : undefined,
    };
  });
}

/** One page of a bucket's current objects after `marker`, the walk ListObjects and ListObjectsV2 share. */
async function walkCurrent(
  tx: ReadTx,
  ctx: RequestContext,
  input: any,
  base: string,
  prefix: string,
  max: number,
  marker: string | undefined,
) {
  await requireBucket(tx, input.Bucket, ctx.accountId);
  const o = {
    ns: NS.objects,
    base,
    prefix,
    delimiter: input.Delimiter || undefined,
    maxKeys: max,
    keyOf: (k: string) => k,
  };
  return walk<ObjectVersion>(tx, { ...o, after: marker !== undefined ? resumeAfter(o, marker) : undefined });
}
