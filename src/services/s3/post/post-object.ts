// POST Object's storing half: the form was read and its policy checked (post-route.ts); the file
// streams into a blob, held to the policy's content-length-range as it arrives, and becomes the key's
// newest version with an ObjectCreated:Post event, as PutObject does with its headers.
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { RequestContext } from '../../service.js';
import type { S3Context } from '../deps.js';
import { checksumRequest, discardBody, ingestBody } from '../objects/ingest.js';
import { setEntry } from '../../../protocols/map-entry.js';
import { checkEncryptionRequest } from '../objects/encryption.js';
import { checkKey, commitObject, storageClass } from '../objects/put-object.js';
import { requireBucket } from '../storage/object-repo.js';
import type { StoredHeaders } from '../storage/records.js';
import { checkSize } from './post-policy.js';

export interface PostObjectInput {
  bucket: string;
  /** The key with `${filename}` already replaced. */
  key: string;
  /** The form's fields, names lower-cased (Content-Type, x-amz-meta-*, Content-MD5…). */
  fields: ReadonlyMap<string, string>;
  file: Readable;
  /** The policy's content-length-range. */
  size: { min: number; max: number };
}

export interface PostObjectOutput {
  ETag: string;
  VersionId?: string;
}

/**
 * Counts the file's bytes; past the allowed maximum it keeps counting but stops passing them on, so
 * the error can name the proposed size without the excess reaching the disk.
 */
class SizeLimit extends Transform {
  private size = 0;
  constructor(private readonly range: { min: number; max: number }) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length;
    cb(null, this.size <= this.range.max ? chunk : undefined);
  }
  override _flush(cb: TransformCallback): void {
    try {
      checkSize(this.size, this.range);
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }
}

const HEADER_FIELDS: Record<string, keyof StoredHeaders> = {
  'content-type': 'ContentType',
  'content-encoding': 'ContentEncoding',
  'content-disposition': 'ContentDisposition',
  'content-language': 'ContentLanguage',
  'cache-control': 'CacheControl',
  expires: 'Expires',
  'x-amz-website-redirect-location': 'WebsiteRedirectLocation',
};

export async function PostObject(
  s3: S3Context,
  ctx: RequestContext,
  input: PostObjectInput,
): Promise<PostObjectOutput> {
  const headers: StoredHeaders = {};
  const metadata: Record<string, string> = {};
  for (const [name, value] of input.fields) {
    const header = Object.hasOwn(HEADER_FIELDS, name) ? HEADER_FIELDS[name] : undefined;
    if (header) headers[header] = value;
    else if (name.startsWith('x-amz-meta-')) setEntry(metadata, name.slice('x-amz-meta-'.length), value);
  }
  const fieldHeaders = Object.fromEntries(input.fields);
  let ingested;
  let storage: string;
  try {
    checkKey(input.key);
    await s3.store.read((tx) => requireBucket(tx, input.bucket, ctx.accountId));
    storage = storageClass(input.fields.get('x-amz-storage-class'));
    checkEncryptionRequest({ ServerSideEncryption: input.fields.get('x-amz-server-side-encryption') });
    const limited = input.file.pipe(new SizeLimit(input.size));
    input.file.on('error', (e) => limited.destroy(e));
    ingested = await ingestBody(s3, limited, fieldHeaders, checksumRequest(fieldHeaders));
  } catch (e) {
    discardBody(input.file);
    throw e;
  }
  const out = await commitObject(s3, ctx, {
    bucket: input.bucket,
    key: input.key,
    ingested,
    headers,
    metadata,
    storageClass: storage,
    encryption: {
      ServerSideEncryption: input.fields.get('x-amz-server-side-encryption'),
      SSEKMSKeyId: input.fields.get('x-amz-server-side-encryption-aws-kms-key-id'),
    },
    eventName: 'ObjectCreated:Post',
  });
  return { ETag: out.ETag, VersionId: out.VersionId };
}
