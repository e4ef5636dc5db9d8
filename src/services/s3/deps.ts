// What the S3 service needs from the rest of Cumulo, and the state its operations share.
import type { Hashing } from '../../server/hashing/hasher.js';
import type { Store, WriteTx } from '../../storage/store.js';
import type { ObjectEventSink } from './object-events.js';
import type { BlobStore } from './storage/blob-store.js';
import type { BlobRef } from './storage/records.js';

export interface S3Deps {
  store: Store;
  /** Object bytes go to <dataDir>/s3/. */
  dataDir: string;
  accountId: string;
  region: string;
  /** fsync each object file before its metadata commits (the server's --durable). */
  durable?: boolean;
  /** Notifications: told of every object change inside the change's transaction. */
  events?: ObjectEventSink;
  /** Where object bodies are hashed (a HashWorker); inline when absent. */
  hashing?: Hashing;
}

export interface S3Context extends S3Deps {
  blobs: BlobStore;
}

/**
 * Runs one write transaction. Blobs pushed to `freed` are deleted once it committed (they are no
 * longer named); `written` blobs are deleted if it failed (nothing names them). Events recorded in
 * the transaction are then announced.
 */
export async function mutate<T>(
  s3: S3Context,
  fn: (tx: WriteTx, freed: BlobRef[]) => Promise<T>,
  written: BlobRef[] = [],
): Promise<T> {
  const freed: BlobRef[] = [];
  let result: T;
  try {
    result = await s3.store.write((tx) => fn(tx, freed));
  } catch (e) {
    await s3.blobs.remove(written);
    throw e;
  }
  await s3.blobs.remove(freed);
  s3.events?.committed?.();
  return result;
}
