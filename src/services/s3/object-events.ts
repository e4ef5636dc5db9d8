// The seam between S3's object operations and its notifications. Every operation that changes an
// object reports an ObjectEvent to the ObjectEventSink inside the same write transaction as the
// change (DESIGN.md principle 4: the outbox), so a 200 always produces its notification.
import type { WriteTx } from '../../storage/store.js';

export interface ObjectEvent {
  /** AWS's event name without the `s3:` prefix, e.g. 'ObjectCreated:Put', 'ObjectRemoved:DeleteMarkerCreated'. */
  eventName: string;
  /** ISO-8601 time of the change. */
  eventTime: string;
  accountId: string;
  region: string;
  bucket: string;
  /** The object key, not encoded (the notification encodes it as S3 does). */
  key: string;
  size?: number;
  eTag?: string;
  versionId?: string;
  /** Hex string that orders events on the same key (larger = later). */
  sequencer: string;
  requestId: string;
  sourceIp: string;
  /** Principal id of the caller (`AWS:AIDA…`, or the account for root). */
  principalId: string;
  /** s3:ObjectRestore:Completed: when the restored copy expires (ISO-8601) and the archive's class. */
  restore?: { expiryTime: string; storageClass: string };
}

export interface ObjectEventSink {
  record(tx: WriteTx, event: ObjectEvent): Promise<void>;
  /** Called after the transaction that recorded events committed (wake the deliverer). */
  committed?(): void;
}

/** What other services read from S3 (Lambda's CreateFunction from S3Bucket/S3Key, layers). */
export interface S3ObjectReader {
  /** The whole object; throws S3's ServiceError (NoSuchBucket, NoSuchKey) when missing. */
  getObject(accountId: string, bucket: string, key: string, versionId?: string): Promise<Buffer>;
}
