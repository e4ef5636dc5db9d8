// The S3 service: one handler per AWS operation over the Store (metadata) and files (bytes).
//
//   const s3 = createS3Service({ store, dataDir, accountId, region, events });
//   s3.definition            // ServiceDefinition to serve (signing name 's3')
//   s3.reader.getObject(...)  // S3ObjectReader for Lambda's code from S3
//   s3.getBucketCors(...)     // the stored CORS rules, for whoever answers preflights
//   s3.postObject(ctx, ...)   // stores a browser's POST upload (web/post-route.ts checks the form)
//   verifyRequestBody         // the codec's integrity check of the XML bodies it parses
import path from 'node:path';
import type { ServiceModel } from '../../protocols/model-types.js';
import type { OperationHandler, RequestContext, ServiceDefinition } from '../service.js';
import * as acl from './acl/operations.js';
import { BUCKET_CONFIG_OPERATIONS } from './buckets/bucket-config.js';
import * as bucketOps from './buckets/bucket-ops.js';
import * as unconfigured from './buckets/unconfigured.js';
import type { S3Context, S3Deps } from './deps.js';
import { CompleteMultipartUpload } from './multipart/complete.js';
import * as parts from './multipart/parts.js';
import * as uploads from './multipart/uploads.js';
import type { S3ObjectReader } from './object-events.js';
import { CopyObject } from './objects/copy-object.js';
import { DeleteObject, DeleteObjects } from './objects/delete-object.js';
import { GetObject, HeadObject } from './objects/get-object.js';
import { GetObjectAttributes } from './objects/object-attributes.js';
import { ListObjects, ListObjectsV2, ListObjectVersions } from './objects/list-objects.js';
import * as tagging from './objects/object-tagging.js';
import { PutObject } from './objects/put-object.js';
import { RestoreObject } from './objects/restore-object.js';
import {
  GetBucketNotificationConfiguration,
  PutBucketNotificationConfiguration,
} from './notifications/operations.js';
import { PostObject, type PostObjectInput, type PostObjectOutput } from './post/post-object.js';
import { createObjectReader } from './reader.js';
import { BlobStore } from './storage/blob-store.js';
import { getBucket } from './storage/object-repo.js';

export type { S3Deps } from './deps.js';
export { verifyRequestBody } from './request-digests.js';
export { requestTimeout } from './errors.js';

type S3Handler = (s3: S3Context, ctx: RequestContext, input: any) => Promise<Record<string, unknown>>;

const OPERATIONS: Record<string, S3Handler> = {
  ...bucketOps,
  ...BUCKET_CONFIG_OPERATIONS,
  ...unconfigured,
  ...acl,
  CreateMultipartUpload: uploads.CreateMultipartUpload,
  AbortMultipartUpload: uploads.AbortMultipartUpload,
  ListMultipartUploads: uploads.ListMultipartUploads,
  UploadPart: parts.UploadPart,
  UploadPartCopy: parts.UploadPartCopy,
  ListParts: parts.ListParts,
  CompleteMultipartUpload,
  PutObject,
  GetObject,
  HeadObject,
  GetObjectAttributes,
  CopyObject,
  DeleteObject,
  DeleteObjects,
  ListObjects,
  ListObjectsV2,
  ListObjectVersions,
  GetObjectTagging: tagging.GetObjectTagging,
  PutObjectTagging: tagging.PutObjectTagging,
  DeleteObjectTagging: tagging.DeleteObjectTagging,
  RestoreObject,
  PutBucketNotificationConfiguration,
  GetBucketNotificationConfiguration,
};

export interface CorsRule {
  ID?: string;
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAgeSeconds?: number;
}

export interface S3Service {
  definition: ServiceDefinition;
  reader: S3ObjectReader;
  /**
   * A bucket's CORS rules as PutBucketCors stored them; `null` when the bucket has no CORS
   * configuration, `undefined` when there is no such bucket (of this account): a preflight answers
   * the two differently.
   */
  getBucketCors(accountId: string, bucket: string): Promise<CorsRule[] | null | undefined>;
  /** POST Object's storing half: the file of a form whose policy and signature were checked. */
  postObject(ctx: RequestContext, input: PostObjectInput): Promise<PostObjectOutput>;
}

export function createS3Service(deps: S3Deps & { model: ServiceModel }): S3Service {
  const s3: S3Context = {
    ...deps,
    blobs: new BlobStore(path.join(deps.dataDir, 's3'), deps.durable ?? false, deps.hashing),
  };
  const handlers: Record<string, OperationHandler> = {};
  for (const [name, op] of Object.entries(OPERATIONS)) {
    if (deps.model.operations[name]) handlers[name] = (ctx, input) => op(s3, ctx, input);
  }
  return {
    definition: { signingName: 's3', model: deps.model, handlers },
    reader: createObjectReader(s3),
    getBucketCors: async (accountId, name) => {
      const bucket = await deps.store.read((tx) => getBucket(tx, name));
      if (!bucket || bucket.accountId !== accountId) return undefined;
      return (bucket.cors?.CORSRules as CorsRule[] | undefined) ?? null;
    },
    postObject: (ctx, input) => PostObject(s3, ctx, input),
  };
}
