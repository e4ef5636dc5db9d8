// Get/Put/DeleteBucketLifecycle(Configuration): rules are checked, stored and returned; nothing
// expires or transitions (docs/compatibility.md).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
import { randomUUID } from 'node:crypto';
import { invalidArgument, invalidRequest, malformedXml, noConfiguration } from '../errors.js';
import type { BucketSubresource } from './subresource.js';

type Rule = Record<string, any>;

const ACTIONS = [
  'Expiration',
  'Transitions',
  'NoncurrentVersionTransitions',
  'NoncurrentVersionExpiration',
  'AbortIncompleteMultipartUpload',
];
const FILTER_CONDITIONS = ['Prefix', 'Tag', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan', 'And'];

/**
 * The two values of x-amz-transition-default-minimum-object-size; S3 answers the default
 * (all_storage_classes_128K since September 2024) on Put and Get.
 */
const MINIMUM_SIZES = ['varies_by_storage_class', 'all_storage_classes_128K'];

function checkRule(rule: Rule, ids: Set<string>): Rule {
  if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw malformedXml();
  // A rule names what it applies to: a Filter, or the older rule-level Prefix. One with neither is
  // MalformedXML (LocalStack's AWS-validated snapshot TestS3BucketLifecycle, missing-filter).
  if (rule.Filter === undefined && rule.Prefix === undefined) throw malformedXml();
  // A filter holds one condition (several are combined with And).
  const filter = rule.Filter as Rule | undefined;
  if (filter && FILTER_CONDITIONS.filter((c) => filter[c] !== undefined).length > 1) throw malformedXml();
  const tags = (filter?.And?.Tags ?? []) as Array<{ Key: string }>;
  if (new Set(tags.map((t) => t.Key)).size !== tags.length)
    throw invalidRequest('Duplicate Tag Keys are not allowed.');
  if (!ACTIONS.some((a) => rule[a] !== undefined))
    throw invalidRequest('At least one action needs to be specified in a rule');
  const expiration = rule.Expiration as Rule | undefined;
  if (
    expiration?.ExpiredObjectDeleteMarker !== undefined &&
    (expiration.Days !== undefined || expiration.Date !== undefined)
  )
    throw malformedXml();
  // S3 names a rule given without an ID itself.
  const id = rule.ID ?? Buffer.from(randomUUID()).toString('base64');
  if (ids.has(id))
    throw invalidArgument('Rule ID must be unique. Found same ID for more than one rule', 'ID', id);
  ids.add(id);
  return { ...rule, ID: id };
}

export const lifecycle: BucketSubresource<'lifecycle'> = {
  field: 'lifecycle',
  parse(input) {
    const rules = (input.LifecycleConfiguration?.Rules ?? []) as Rule[];
    if (rules.length === 0 || rules.length > 1000) throw malformedXml();
    const ids = new Set<string>();
    const given = input.TransitionDefaultMinimumObjectSize as string | undefined;
    return {
      Rules: rules.map((r) => checkRule(r, ids)),
      TransitionDefaultMinimumObjectSize:
        given !== undefined && MINIMUM_SIZES.includes(given) ? given : 'all_storage_classes_128K',
    };
  },
  output: (stored) => ({ ...stored }),
  putOutput: (stored) => ({ TransitionDefaultMinimumObjectSize: stored.TransitionDefaultMinimumObjectSize }),
  absent: (bucket) => {
    throw noConfiguration(
      'NoSuchLifecycleConfiguration',
      'The lifecycle configuration does not exist',
      bucket.name,
    );
  },
};
