// Bucket settings S3 stores and answers but Cumulo does not act on (docs/compatibility.md):
// Transfer Acceleration, Requester Pays and server access logging.
import { ServiceError } from '../../../server/service-error.js';
import { invalidRequest, malformedXml } from '../errors.js';
import { getBucket } from '../storage/object-repo.js';
import type { BucketSubresource } from './subresource.js';

/**
 * A bucket never configured answers an empty AccelerateConfiguration; Status must be Enabled or
 * Suspended (any other, even lower-case, is MalformedXML) and buckets with dots cannot use it, as
 * recorded from S3. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAccelerateConfiguration.html
 */
export const accelerate: BucketSubresource<'accelerate'> = {
  field: 'accelerate',
  parse(input, { bucket }) {
    const status = input.AccelerateConfiguration?.Status;
    if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
    if (bucket.name.includes('.'))
      throw invalidRequest(
        'S3 Transfer Acceleration is not supported for buckets with periods (.) in their names',
      );
    return { Status: status };
  },
  output: (stored) => ({ Status: stored.Status }),
  absent: () => ({}),
};

/**
 * "BucketOwner, the default, or Requester"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketRequestPayment.html).
 */
export const requestPayment: BucketSubresource<'requestPayment'> = {
  field: 'requestPayment',
  parse(input) {
    const payer = input.RequestPaymentConfiguration?.Payer;
    if (payer !== 'Requester' && payer !== 'BucketOwner') throw malformedXml();
    return payer === 'BucketOwner' ? undefined : { Payer: payer };
  },
  output: (stored) => ({ Payer: stored.Payer }),
  absent: () => ({ Payer: 'BucketOwner' }),
};

/**
 * Server access logging: an empty BucketLoggingStatus turns it off, and Get then answers an empty
 * one (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLogging.html). The target
 * bucket must exist and be the caller's. No log is written.
 */
export const logging: BucketSubresource<'logging'> = {
  field: 'logging',
  async parse(input, { tx, ctx }) {
    const enabled = input.BucketLoggingStatus?.LoggingEnabled as Record<string, unknown> | undefined;
    if (!enabled) return undefined;
    if (enabled.TargetBucket === undefined || enabled.TargetPrefix === undefined) throw malformedXml();
    const target = await getBucket(tx, String(enabled.TargetBucket));
    if (!target) {
      throw new ServiceError(
        'InvalidTargetBucketForLogging',
        'The target bucket for logging does not exist',
        400,
        { TargetBucket: String(enabled.TargetBucket) },
      );
    }
    if (target.accountId !== ctx.accountId) {
      throw new ServiceError(
        'InvalidTargetBucketForLogging',
        'The owner for the bucket to be logged and the target bucket must be the same.',
        400,
        { TargetBucket: target.name },
      );
    }
    return enabled;
  },
  output: (stored) => ({ LoggingEnabled: stored }),
  absent: () => ({}),
};
