// Get/Put/DeletePublicAccessBlock: stored and returned. New buckets have all four settings on since
// April 2023 (CreateBucket stores them); they are not enforced (docs/compatibility.md).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html
import { invalidRequest, noConfiguration } from '../errors.js';
import type { BucketConfig, PublicAccessBlockSetting } from '../storage/records.js';
import type { BucketSubresource } from './subresource.js';

const SETTINGS: readonly PublicAccessBlockSetting[] = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
];

/** Every setting to one value: what a new bucket gets (true). */
export const allSettings = (value: boolean): NonNullable<BucketConfig['publicAccessBlock']> =>
  Object.fromEntries(SETTINGS.map((s) => [s, value])) as Record<PublicAccessBlockSetting, boolean>;

export const publicAccessBlock: BucketSubresource<'publicAccessBlock'> = {
  field: 'publicAccessBlock',
  parse(input) {
    const given = (input.PublicAccessBlockConfiguration ?? {}) as Partial<
      Record<PublicAccessBlockSetting, boolean>
    >;
    if (SETTINGS.every((s) => given[s] === undefined))
      throw invalidRequest('Must specify at least one configuration.');
    // A setting left out is off.
    return Object.fromEntries(SETTINGS.map((s) => [s, given[s] ?? false])) as Record<
      PublicAccessBlockSetting,
      boolean
    >;
  },
  output: (stored) => ({ PublicAccessBlockConfiguration: stored }),
  absent: (bucket) => {
    throw noConfiguration(
      'NoSuchPublicAccessBlockConfiguration',
      'The public access block configuration was not found',
      bucket.name,
    );
  },
};
