// S3 Object Ownership (Get/Put/DeleteBucketOwnershipControls) and what it decides: whether the
// bucket takes ACLs. New buckets have BucketOwnerEnforced since April 2023, "ACLs disabled": a PUT
// may then name no ACL or only the bucket owner's full control, else AccessControlListNotSupported.
// A bucket whose controls were deleted behaves as ObjectWriter, the setting before there were any.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
import { ServiceError } from '../../../server/service-error.js';
import { ownerOnly } from '../acl/grants.js';
import {
  accessControlListNotSupported,
  invalidBucketAclWithObjectOwnership,
  malformedXml,
  noConfiguration,
} from '../errors.js';
import type { BucketConfig, BucketRecord, Grant, ObjectOwnership } from '../storage/records.js';
import type { BucketSubresource } from './subresource.js';

const OWNERSHIPS: readonly ObjectOwnership[] = [
  'BucketOwnerPreferred',
  'ObjectWriter',
  'BucketOwnerEnforced',
];

const controls = (o: ObjectOwnership): NonNullable<BucketConfig['ownershipControls']> => ({
  Rules: [{ ObjectOwnership: o }],
});

export const ownershipControls: BucketSubresource<'ownershipControls'> = {
  field: 'ownershipControls',
  parse(input, { bucket }) {
    // One rule with a known value, or the document does not validate (as recorded from S3).
    const rules = (input.OwnershipControls?.Rules ?? []) as Array<{ ObjectOwnership?: string }>;
    const value = rules[0]?.ObjectOwnership as ObjectOwnership;
    if (rules.length !== 1 || !OWNERSHIPS.includes(value)) throw malformedXml();
    if (value === 'BucketOwnerEnforced' && bucket.acl && !ownerOnly(bucket.acl, bucket.accountId))
      throw invalidBucketAclWithObjectOwnership();
    return controls(value);
  },
  output: (stored) => ({ OwnershipControls: stored }),
  absent: (bucket) => {
    throw noConfiguration(
      'OwnershipControlsNotFoundError',
      'The bucket ownership controls were not found',
      bucket.name,
    );
  },
};

export const objectOwnership = (bucket: BucketRecord): ObjectOwnership =>
  bucket.ownershipControls?.Rules[0]?.ObjectOwnership ?? 'ObjectWriter';

/** The ownership controls CreateBucket gives a bucket: x-amz-object-ownership, else BucketOwnerEnforced. */
export function ownershipAtCreation(header: string | undefined): BucketConfig['ownershipControls'] {
  if (header === undefined) return controls('BucketOwnerEnforced');
  if (!OWNERSHIPS.includes(header as ObjectOwnership)) {
    // As recorded from S3: the header named, no ArgumentValue.
    throw new ServiceError('InvalidArgument', `Invalid x-amz-object-ownership header: ${header}`, 400, {
      ArgumentName: 'x-amz-object-ownership',
    });
  }
  return controls(header as ObjectOwnership);
}

/** A request that sets an ACL on a bucket whose ACLs are disabled. */
export function checkAclAllowed(bucket: BucketRecord, grants: Grant[] | undefined): void {
  if (grants && objectOwnership(bucket) === 'BucketOwnerEnforced' && !ownerOnly(grants, bucket.accountId))
    throw accessControlListNotSupported();
}
