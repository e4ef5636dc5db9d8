// Where bucket notification configurations live in the Store.
//
//   namespace         key       value
//   s3.notifications  <bucket>  StoredNotifications
//
// Bucket names are global in S3, so the name alone is the key. A stored configuration records the
// `created` time of its bucket: one left behind by a deleted bucket is ignored once a bucket of the
// same name is created again (which starts, as on AWS, without notifications). DeleteBucket may also
// call deleteNotificationConfiguration in its transaction to remove it at once.
import type { ReadTx, WriteTx } from '../../../storage/store.js';
import type { NotificationConfiguration } from './config.js';

export const NOTIFICATIONS_NS = 's3.notifications';

export interface StoredNotifications {
  /** The bucket owner's account. */
  accountId: string;
  /** BucketRecord.created of the bucket it was put on. */
  bucketCreated?: number;
  configuration: NotificationConfiguration;
}

/** The bucket's configuration; `bucketCreated` (when known) rules out one of a deleted namesake. */
export async function readNotifications(
  tx: ReadTx,
  bucket: string,
  bucketCreated?: number,
): Promise<StoredNotifications | undefined> {
  const stored = await tx.get<StoredNotifications>(NOTIFICATIONS_NS, bucket);
  if (!stored) return undefined;
  const stale =
    bucketCreated !== undefined &&
    stored.bucketCreated !== undefined &&
    stored.bucketCreated !== bucketCreated;
  return stale ? undefined : stored;
}

export async function writeNotifications(
  tx: WriteTx,
  bucket: string,
  stored: StoredNotifications,
): Promise<void> {
  const c = stored.configuration;
  const empty =
    !c.TopicConfigurations &&
    !c.QueueConfigurations &&
    !c.LambdaFunctionConfigurations &&
    !c.EventBridgeConfiguration;
  // "To disable notifications … add the empty NotificationConfiguration element."
  if (empty) await tx.delete(NOTIFICATIONS_NS, bucket);
  else await tx.put(NOTIFICATIONS_NS, bucket, stored);
}

export async function deleteNotificationConfiguration(tx: WriteTx, bucket: string): Promise<void> {
  await tx.delete(NOTIFICATIONS_NS, bucket);
}
