// Get/Put/DeleteBucketEncryption. Every bucket has default encryption since January 2023: without a
// stored configuration, and again after DeleteBucketEncryption ("resets the default encryption for
// the bucket as server-side encryption with Amazon S3 managed keys (SSE-S3)"), Get answers SSE-S3
// with BucketKeyEnabled false, as recorded from S3. Objects are not encrypted here: the
// configuration is stored and returned (docs/compatibility.md).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketEncryption.html
import { ServiceError } from '../../../server/service-error.js';
import { malformedXml } from '../errors.js';
import type { BucketSubresource } from './subresource.js';

const ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

const DEFAULT_ENCRYPTION = {
  Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
};

export const encryption: BucketSubresource<'encryption'> = {
  field: 'encryption',
  parse(input) {
    // Exactly one rule (none or two: MalformedXML, as recorded from S3).
    const rules = (input.ServerSideEncryptionConfiguration?.Rules ?? []) as Array<Record<string, any>>;
    const rule = rules[0];
    const byDefault = rule?.ApplyServerSideEncryptionByDefault as Record<string, unknown> | undefined;
    if (rules.length !== 1 || !rule || !byDefault || !ALGORITHMS.includes(String(byDefault.SSEAlgorithm)))
      throw malformedXml();
    if (byDefault.KMSMasterKeyID !== undefined && byDefault.SSEAlgorithm === 'AES256') {
      throw new ServiceError(
        'InvalidArgument',
        'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
        400,
        { ArgumentName: 'ApplyServerSideEncryptionByDefault' },
      );
    }
    return {
      Rules: [
        {
          ApplyServerSideEncryptionByDefault: {
            SSEAlgorithm: byDefault.SSEAlgorithm,
            KMSMasterKeyID: byDefault.KMSMasterKeyID,
          },
          BucketKeyEnabled: rule.BucketKeyEnabled ?? false,
        },
      ],
    };
  },
  output: (stored) => ({ ServerSideEncryptionConfiguration: stored }),
  absent: () => ({ ServerSideEncryptionConfiguration: DEFAULT_ENCRYPTION }),
};
