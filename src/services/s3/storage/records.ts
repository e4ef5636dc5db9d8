// What S3 keeps in the Store. Buckets are global by name (as in S3, whose bucket namespace is shared);
// objects have one row per version plus a row for the current object, so listings of current objects
// never step over old versions or delete markers.
//
//   s3-buckets   <bucket>                                  BucketRecord
//   s3-objects   <bucket>/<key>                            ObjectVersion (the current one, never a delete marker)
//   s3-versions  <bucket>/<key>\u0000<inverted sequence>   ObjectVersion (newest first per key)
//   s3-uploads   <bucket>/<uploadId>                       UploadRecord
//   s3-parts     <uploadId>/<part number, 5 digits>        PartRecord
//   s3-meta      seq                                       number: the last change's sequence number
import type { ChecksumAlgorithm } from '../checksums.js';

export const NS = {
  buckets: 's3-buckets',
  objects: 's3-objects',
  versions: 's3-versions',
  uploads: 's3-uploads',
  parts: 's3-parts',
  meta: 's3-meta',
} as const;

export interface Tag {
  Key: string;
  Value: string;
}

/** One grant of an ACL, as S3's AccessControlPolicy writes it. */
export interface Grant {
  Grantee: {
    Type: 'CanonicalUser' | 'Group' | 'AmazonCustomerByEmail';
    ID?: string;
    DisplayName?: string;
    URI?: string;
    EmailAddress?: string;
  };
  Permission: 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
}

/**
 * The sub-configurations S3 keeps with a bucket (buckets/subresource.ts), each as its Put stored it
 * (the model's shapes). A missing field answers S3's default or its not-found error.
 */
export interface BucketConfig {
  versioning?: 'Enabled' | 'Suspended';
  cors?: { CORSRules: Array<Record<string, unknown>> };
  policy?: string;
  tags?: Tag[];
  /** Grants of the bucket ACL; none stored = the owner's FULL_CONTROL only. */
  acl?: Grant[];
  encryption?: { Rules: Array<Record<string, unknown>> };
  ownershipControls?: { Rules: Array<{ ObjectOwnership: ObjectOwnership }> };
  publicAccessBlock?: Record<PublicAccessBlockSetting, boolean>;
  accelerate?: { Status: 'Enabled' | 'Suspended' };
  requestPayment?: { Payer: 'Requester' | 'BucketOwner' };
  logging?: Record<string, unknown>;
  lifecycle?: { Rules: Array<Record<string, unknown>>; TransitionDefaultMinimumObjectSize: string };
  website?: Record<string, unknown>;
}

export type ObjectOwnership = 'BucketOwnerPreferred' | 'ObjectWriter' | 'BucketOwnerEnforced';
export type PublicAccessBlockSetting =
  'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets';

export interface BucketRecord extends BucketConfig {
  name: string;
  accountId: string;
  /** LocationConstraint as created ('' for us-east-1). */
  region: string;
  created: number;
}

/** One file holding (part of) an object's bytes, relative to <dataDir>/s3/. */
export interface BlobRef {
  file: string;
  size: number;
}

/** The headers S3 stores with an object and returns on GET/HEAD. */
export interface StoredHeaders {
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  /** The Expires header as the client sent it. */
  Expires?: string;
  WebsiteRedirectLocation?: string;
}

/** An object's server-side encryption as S3 reports it (objects/encryption.ts). */
export interface ObjectEncryption {
  /** AES256, aws:kms or aws:kms:dsse. */
  algorithm: string;
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
}

export interface ObjectVersion {
  key: string;
  /** 'null' for objects written while versioning was never enabled or suspended. */
  versionId: string;
  seq: number;
  deleteMarker?: boolean;
  lastModified: number;
  etag: string;
  size: number;
  blobs: BlobRef[];
  headers: StoredHeaders;
  metadata: Record<string, string>;
  storageClass: string;
  checksum?: { algorithm: ChecksumAlgorithm; value: string; type: 'FULL_OBJECT' | 'COMPOSITE' };
  partsCount?: number;
  tags: Tag[];
  owner: string;
  /** Grants of the object ACL; none stored = the owner's FULL_CONTROL only. */
  acl?: Grant[];
  /** Absent for objects stored before Cumulo recorded it: SSE-S3, as every object since 2023. */
  encryption?: ObjectEncryption;
  /** An archived object's restored copy (objects/archive.ts): readable until `expiry` (ms). */
  restore?: { expiry: number };
}

export interface UploadRecord {
  bucket: string;
  key: string;
  uploadId: string;
  initiated: number;
  headers: StoredHeaders;
  metadata: Record<string, string>;
  storageClass: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  tags: Tag[];
  owner: string;
  acl?: Grant[];
  encryption?: ObjectEncryption;
}

export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  blob: BlobRef;
  lastModified: number;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

export const objectKey = (bucket: string, key: string): string => `${bucket}/${key}`;

/** Sequence numbers inverted so that a key's newest version sorts first. */
const SEQ_SPAN = 0xfffffffffffff;
export const versionKey = (bucket: string, key: string, seq: number): string =>
  `${bucket}/${key}\u0000${(SEQ_SPAN - seq).toString(16).padStart(13, '0')}`;
export const versionPrefix = (bucket: string, key: string): string => `${bucket}/${key}\u0000`;

export const partKey = (uploadId: string, partNumber: number): string =>
  `${uploadId}/${String(partNumber).padStart(5, '0')}`;
