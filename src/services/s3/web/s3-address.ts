// Which bucket and key an S3 request addresses, path-style (`/bucket/key`) or virtual-hosted
// (`bucket.s3.<host>/key`). The S3 codec already knows both forms; asking it to route the same
// address as a plain GET (GetObject `/{Bucket}/{Key+}` or ListObjects `/{Bucket}`) gives the
// bucket and key for any method, OPTIONS included, without a second copy of its host rules.
import type { Codec } from '../../../protocols/index.js';
import type { HttpRequest } from './raw-route.js';

export interface S3Address {
  bucket: string;
  /** Undefined when the request addresses the bucket itself. */
  key?: string;
}

export function s3Address(codec: Codec, req: HttpRequest): S3Address | undefined {
  const probe: HttpRequest = { ...req, method: 'GET', query: [], rawQuery: '' };
  const params = codec.resolveOperation(probe)?.pathParams;
  const bucket = params?.Bucket;
  if (!bucket) return undefined;
  const key = params.Key;
  return key ? { bucket, key } : { bucket };
}
