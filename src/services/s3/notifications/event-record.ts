// The event document S3 sends a function, field by field as the S3 User Guide describes it
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html):
// eventVersion 2.1 ("which Amazon S3 currently uses for all other event notification types"; 2.3 for
// object tagging and restore-delete events), the object key URL-encoded ("hello world.jpg" arrives as
// "hello+world.jpg"), size and eTag for created objects, versionId only in versioned buckets, and
// the sequencer that orders events on one key.
import type { ObjectEvent } from '../object-events.js';

export interface S3EventRecord {
  eventVersion: string;
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size?: number; eTag?: string; versionId?: string; sequencer: string };
  };
  /** Only in s3:ObjectRestore:Completed events (Event message structure, S3 User Guide). */
  glacierEventData?: {
    restoreEventData: { lifecycleRestorationExpiryTime: string; lifecycleRestoreStorageClass: string };
  };
}

/** Version 2.3 carries the events S3 added later; everything else is 2.1. */
function eventVersionOf(eventName: string): string {
  return eventName.startsWith('ObjectTagging:') || eventName === 'ObjectRestore:Delete' ? '2.3' : '2.1';
}

/**
 * The key as S3 writes it in events: form URL encoding (space → '+', '+' → '%2B', other reserved and
 * non-ASCII bytes → %XX), with '/' kept so paths stay readable, as in S3's documented examples.
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One notification: `{ Records: [record] }` for the configuration `configurationId`. */
export function eventDocument(event: ObjectEvent, configurationId: string): { Records: S3EventRecord[] } {
  const object: S3EventRecord['s3']['object'] = {
    key: encodeEventKey(event.key),
    ...(event.size !== undefined ? { size: event.size } : {}),
    ...(event.eTag !== undefined ? { eTag: event.eTag } : {}),
    ...(event.versionId !== undefined ? { versionId: event.versionId } : {}),
    sequencer: event.sequencer,
  };
  return {
    Records: [
      {
        eventVersion: eventVersionOf(event.eventName),
        eventSource: 'aws:s3',
        awsRegion: event.region,
        eventTime: new Date(event.eventTime).toISOString(),
        eventName: event.eventName,
        userIdentity: { principalId: event.principalId },
        requestParameters: { sourceIPAddress: event.sourceIp },
        responseElements: {
          'x-amz-request-id': event.requestId,
          // The x-amz-id-2 header the request was answered with (the rest-xml codec derives it so).
          'x-amz-id-2': Buffer.from(event.requestId).toString('base64'),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId,
          bucket: {
            name: event.bucket,
            ownerIdentity: { principalId: event.accountId },
            arn: `arn:aws:s3:::${event.bucket}`,
          },
          object,
        },
        ...(event.restore
          ? {
              glacierEventData: {
                restoreEventData: {
                  lifecycleRestorationExpiryTime: event.restore.expiryTime,
                  lifecycleRestoreStorageClass: event.restore.storageClass,
                },
              },
            }
          : {}),
      },
    ],
  };
}
