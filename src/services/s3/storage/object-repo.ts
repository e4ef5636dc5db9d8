// Reads and writes of buckets and object versions inside one Store transaction. Every change takes
// the next sequence number, which orders a key's versions and becomes its events' `sequencer`.
import { randomBytes } from 'node:crypto';
import { ServiceError } from '../../../server/service-error.js';
import type { ReadTx, WriteTx } from '../../../storage/store.js';
import { invalidVersionId, noSuchBucket } from '../errors.js';
import {
  NS,
  objectKey,
  versionKey,
  versionPrefix,
  type BlobRef,
  type BucketRecord,
  type ObjectVersion,
} from './records.js';

export async function getBucket(tx: ReadTx, name: string): Promise<BucketRecord | undefined> {
  return tx.get<BucketRecord>(NS.buckets, name);
}

/** The bucket, if it exists and the caller's account owns it (enforcement of policies comes with IAM). */
export async function requireBucket(tx: ReadTx, name: string, accountId: string): Promise<BucketRecord> {
  const bucket = await getBucket(tx, name);
  if (!bucket) throw noSuchBucket(name);
  if (bucket.accountId !== accountId) throw new ServiceError('AccessDenied', 'Access Denied', 403);
  return bucket;
}

export async function nextSeq(tx: WriteTx): Promise<number> {
  const seq = ((await tx.get<number>(NS.meta, 'seq')) ?? 0) + 1;
  await tx.put(NS.meta, 'seq', seq);
  return seq;
}

/** S3 version ids are opaque URL-safe strings of 32 characters. */
export function newVersionId(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Whether a version id could name a version: 'null', or 32 URL-safe characters (ours, and the form
 * of S3's own). Any other S3 refuses before looking: InvalidArgument "Invalid version id specified".
 */
export function isVersionId(id: string): boolean {
  return id === 'null' || /^[A-Za-z0-9._-]{32}$/.test(id);
}

/** The id itself, or S3's InvalidArgument when it cannot be a version id. */
export function checkedVersionId(id: string): string {
  if (!isVersionId(id)) throw invalidVersionId(id);
  return id;
}

/** The event `sequencer`: the change's sequence number as fixed-width upper-case hex (larger = later). */
export function sequencer(seq: number): string {
  return seq.toString(16).toUpperCase().padStart(16, '0');
}

export async function currentObject(
  tx: ReadTx,
  bucket: string,
  key: string,
): Promise<ObjectVersion | undefined> {
  return tx.get<ObjectVersion>(NS.objects, objectKey(bucket, key));
}

/** The newest version of a key, delete markers included. */
export async function latestVersion(
  tx: ReadTx,
  bucket: string,
  key: string,
): Promise<ObjectVersion | undefined> {
  const [first] = await tx.list<ObjectVersion>(NS.versions, { prefix: versionPrefix(bucket, key), limit: 1 });
  return first?.value;
}

export async function findVersion(
  tx: ReadTx,
  bucket: string,
  key: string,
  versionId: string,
): Promise<ObjectVersion | undefined> {
  const all = await tx.list<ObjectVersion>(NS.versions, { prefix: versionPrefix(bucket, key) });
  return all.find((e) => e.value.versionId === versionId)?.value;
}

/**
 * Adds a version as the key's newest. Without versioning (never enabled, or suspended) it takes the
 * 'null' version id and replaces the key's previous null version. Returns the blobs no longer named.
 */
export async function putVersion(
  tx: WriteTx,
  bucket: BucketRecord,
  version: ObjectVersion,
): Promise<BlobRef[]> {
  const freed: BlobRef[] = [];
  if (bucket.versioning !== 'Enabled') {
    version.versionId = 'null';
    const old = await findVersion(tx, bucket.name, version.key, 'null');
    if (old) {
      await tx.delete(NS.versions, versionKey(bucket.name, old.key, old.seq));
      freed.push(...old.blobs);
    }
  }
  await tx.put(NS.versions, versionKey(bucket.name, version.key, version.seq), version);
  if (version.deleteMarker) await tx.delete(NS.objects, objectKey(bucket.name, version.key));
  else await tx.put(NS.objects, objectKey(bucket.name, version.key), version);
  return freed;
}

/** Rewrites a stored version in place (tags); keeps the current row in step. */
export async function updateVersion(tx: WriteTx, bucket: string, version: ObjectVersion): Promise<void> {
  await tx.put(NS.versions, versionKey(bucket, version.key, version.seq), version);
  const current = await currentObject(tx, bucket, version.key);
  if (current && current.seq === version.seq)
    await tx.put(NS.objects, objectKey(bucket, version.key), version);
}

/** Permanently removes one version; the next newest becomes current. Returns its blobs. */
export async function removeVersion(tx: WriteTx, bucket: string, version: ObjectVersion): Promise<BlobRef[]> {
  await tx.delete(NS.versions, versionKey(bucket, version.key, version.seq));
  const next = await latestVersion(tx, bucket, version.key);
  if (next && !next.deleteMarker) await tx.put(NS.objects, objectKey(bucket, version.key), next);
  else await tx.delete(NS.objects, objectKey(bucket, version.key));
  return version.blobs;
}
