// What S3's browser support reads from the S3 service: whether a bucket exists and its CORS
// rules. Bucket names are global, so an unsigned preflight names its bucket without an account.
import type { CorsRule } from './cors-rules.js';

export interface BucketCorsSource {
  /**
   * The bucket's CORS rules; `null` when the bucket has no CORS configuration; `undefined`
   * when there is no such bucket.
   */
  corsRules(bucket: string): Promise<CorsRule[] | null | undefined>;
}
