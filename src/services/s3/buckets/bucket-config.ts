// The bucket sub-configuration operations, each made from its definition (subresource.ts): what a
// Put checks and stores, what Get answers. CORS is applied to requests elsewhere (getBucketCors) and
// policies are enforced once IAM is; the others are stored and returned only
// (docs/compatibility.md).
import { ServiceError } from '../../../server/service-error.js';
import { invalidRequest, malformedXml, noConfiguration } from '../errors.js';
import { validateTags } from '../tags.js';
import { encryption } from './encryption.js';
import { lifecycle } from './lifecycle.js';
import { ownershipControls } from './ownership.js';
import { publicAccessBlock } from './public-access-block.js';
import { accelerate, logging, requestPayment } from './request-settings.js';
import { subresourceHandlers, type BucketSubresource } from './subresource.js';
import { website } from './website.js';

const CORS_METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];

const cors: BucketSubresource<'cors'> = {
  field: 'cors',
  parse(input) {
    const rules = (input.CORSConfiguration?.CORSRules ?? []) as Array<Record<string, any>>;
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html: 1 to 100 rules.
    if (rules.length === 0 || rules.length > 100) throw malformedXml();
    for (const rule of rules) {
      for (const m of rule.AllowedMethods ?? []) {
        if (!CORS_METHODS.includes(m))
          throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
      }
    }
    return { CORSRules: rules };
  },
  output: (stored) => ({ CORSRules: stored.CORSRules }),
  absent: (bucket) => {
    throw noConfiguration('NoSuchCORSConfiguration', 'The CORS configuration does not exist', bucket.name);
  },
};

const policy: BucketSubresource<'policy'> = {
  field: 'policy',
  parse(input) {
    const text = String(input.Policy ?? '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!text.trimStart().startsWith('{') || typeof parsed !== 'object' || parsed === null)
      throw new ServiceError(
        'MalformedPolicy',
        "Policies must be valid JSON and the first byte must be '{'",
        400,
      );
    return text;
  },
  output: (stored) => ({ Policy: stored }),
  absent: (bucket) => {
    throw noConfiguration('NoSuchBucketPolicy', 'The bucket policy does not exist', bucket.name);
  },
};

/** An empty TagSet removes the tags, as S3 records it. */
const tagging: BucketSubresource<'tags'> = {
  field: 'tags',
  parse(input) {
    const tags = validateTags(input.Tagging?.TagSet ?? [], 'bucket');
    return tags.length ? tags : undefined;
  },
  output: (stored, bucket) => (stored.length ? { TagSet: stored } : tagging.absent(bucket)),
  absent: (bucket) => {
    throw noConfiguration('NoSuchTagSet', 'The TagSet does not exist', bucket.name);
  },
};

/** A bucket never versioned answers an empty VersioningConfiguration. */
const versioning: BucketSubresource<'versioning'> = {
  field: 'versioning',
  parse(input) {
    const status = input.VersioningConfiguration?.Status;
    if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
    return status;
  },
  output: (stored) => ({ Status: stored }),
  absent: () => ({}),
};

const handlers = {
  cors: subresourceHandlers(cors),
  policy: subresourceHandlers(policy),
  tagging: subresourceHandlers(tagging),
  versioning: subresourceHandlers(versioning),
  encryption: subresourceHandlers(encryption),
  ownershipControls: subresourceHandlers(ownershipControls),
  publicAccessBlock: subresourceHandlers(publicAccessBlock),
  accelerate: subresourceHandlers(accelerate),
  requestPayment: subresourceHandlers(requestPayment),
  logging: subresourceHandlers(logging),
  lifecycle: subresourceHandlers(lifecycle),
  website: subresourceHandlers(website),
};

/** The handlers under their AWS operation names (services/s3/index.ts registers them). */
export const BUCKET_CONFIG_OPERATIONS = {
  GetBucketCors: handlers.cors.get,
  PutBucketCors: handlers.cors.put,
  DeleteBucketCors: handlers.cors.delete,
  GetBucketPolicy: handlers.policy.get,
  PutBucketPolicy: handlers.policy.put,
  DeleteBucketPolicy: handlers.policy.delete,
  GetBucketTagging: handlers.tagging.get,
  PutBucketTagging: handlers.tagging.put,
  DeleteBucketTagging: handlers.tagging.delete,
  GetBucketVersioning: handlers.versioning.get,
  PutBucketVersioning: handlers.versioning.put,
  GetBucketEncryption: handlers.encryption.get,
  PutBucketEncryption: handlers.encryption.put,
  DeleteBucketEncryption: handlers.encryption.delete,
  GetBucketOwnershipControls: handlers.ownershipControls.get,
  PutBucketOwnershipControls: handlers.ownershipControls.put,
  DeleteBucketOwnershipControls: handlers.ownershipControls.delete,
  GetPublicAccessBlock: handlers.publicAccessBlock.get,
  PutPublicAccessBlock: handlers.publicAccessBlock.put,
  DeletePublicAccessBlock: handlers.publicAccessBlock.delete,
  GetBucketAccelerateConfiguration: handlers.accelerate.get,
  PutBucketAccelerateConfiguration: handlers.accelerate.put,
  GetBucketRequestPayment: handlers.requestPayment.get,
  PutBucketRequestPayment: handlers.requestPayment.put,
  GetBucketLogging: handlers.logging.get,
  PutBucketLogging: handlers.logging.put,
  GetBucketLifecycleConfiguration: handlers.lifecycle.get,
  PutBucketLifecycleConfiguration: handlers.lifecycle.put,
  DeleteBucketLifecycle: handlers.lifecycle.delete,
  GetBucketWebsite: handlers.website.get,
  PutBucketWebsite: handlers.website.put,
  DeleteBucketWebsite: handlers.website.delete,
};
