// The S3 operations of bucket notifications, as S3's handlers take them (s3, ctx, input):
// PutBucketNotificationConfiguration and GetBucketNotificationConfiguration (which also answer the
// deprecated PutBucketNotification / GetBucketNotification: same URL, same XML elements).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
import { ServiceError } from '../../../server/service-error.js';
import type { RequestContext } from '../../service.js';
import { mutate, type S3Context } from '../deps.js';
import { requireBucket } from '../storage/object-repo.js';
import type { BucketNotifications, NotificationConfiguration } from './index.js';
import { getNotificationConfiguration } from './index.js';

/** The sink S3 was given, when it is the notifications module (it also stores configurations). */
function notificationsOf(s3: S3Context): BucketNotifications {
  const sink = s3.events as Partial<BucketNotifications> | undefined;
  if (!sink?.put)
    throw new ServiceError('NotImplemented', 'Bucket notifications are not configured on this server', 501);
  return sink as BucketNotifications;
}

export async function PutBucketNotificationConfiguration(
  s3: S3Context,
  ctx: RequestContext,
  input: {
    Bucket: string;
    NotificationConfiguration?: NotificationConfiguration;
    SkipDestinationValidation?: boolean;
  },
): Promise<Record<string, unknown>> {
  const notifications = notificationsOf(s3);
  return mutate(s3, async (tx) => {
    const bucket = await requireBucket(tx, input.Bucket, ctx.accountId);
    await notifications.put(tx, {
      accountId: bucket.accountId,
      bucket: bucket.name,
      bucketCreated: bucket.created,
      configuration: input.NotificationConfiguration ?? {},
      skipDestinationValidation: input.SkipDestinationValidation === true,
    });
    return {};
  });
}

export async function GetBucketNotificationConfiguration(
  s3: S3Context,
  ctx: RequestContext,
  input: { Bucket: string },
): Promise<Record<string, unknown>> {
  return s3.store.read(async (tx) => {
    const bucket = await requireBucket(tx, input.Bucket, ctx.accountId);
    return { ...(await getNotificationConfiguration(tx, bucket.name, bucket.created)) };
  });
}
