// S3's answer to a browser's preflight: an unsigned `OPTIONS /bucket[/key]` evaluated against the
// bucket's CORS configuration ("Appendix: OPTIONS object",
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html). The error texts and
// their Method/ResourceType members are the ones AWS returns, as recorded in LocalStack's
// AWS-validated tests/aws/services/s3/test_s3_cors.snapshot.json (AWS's own "evalution" typo kept).
import { randomUUID } from 'node:crypto';
import type { Codec } from '../../../protocols/index.js';
import type { HttpRequest, HttpResponse } from './raw-route.js';
import { ServiceError } from '../../../server/service-error.js';
import type { BucketCorsSource } from './bucket-cors-source.js';
import { corsHeaders, findCorsRule, requestedHeaders } from './cors-rules.js';
import { s3Address } from './s3-address.js';

export const NO_ORIGIN_MESSAGE = 'Insufficient information. Origin request header needed.';
export const BUCKET_NOT_FOUND_MESSAGE = 'CORSResponse: Bucket not found';
export const CORS_NOT_ENABLED_MESSAGE = 'CORSResponse: CORS is not enabled for this bucket.';
export const CORS_NOT_ALLOWED_MESSAGE =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

export interface PreflightDeps {
  codec: Codec;
  buckets: BucketCorsSource;
}

/** A raw route: answers OPTIONS requests that address an S3 bucket or object; passes the rest. */
export function createPreflightRoute(deps: PreflightDeps) {
  return async (req: HttpRequest): Promise<HttpResponse | undefined> => {
    if (req.method !== 'OPTIONS') return undefined;
    const address = s3Address(deps.codec, req);
    if (!address) return undefined;
    const requestId = randomUUID();
    const fail = (code: string, message: string, status: number, fields: Record<string, string> = {}) =>
      deps.codec.serializeError(new ServiceError(code, message, status, fields), requestId);

    const origin = req.headers.origin;
    if (!origin) return fail('BadRequest', NO_ORIGIN_MESSAGE, 400);
    const requestMethod = req.headers['access-control-request-method'];
    // Without Access-Control-Request-Method AWS names the OPTIONS itself as the method.
    const method = requestMethod ?? 'OPTIONS';
    const rules = await deps.buckets.corsRules(address.bucket);
    if (rules === undefined) {
      return fail('AccessForbidden', BUCKET_NOT_FOUND_MESSAGE, 403, {
        Method: method,
        ResourceType: 'BUCKET',
      });
    }
    if (rules === null || rules.length === 0) {
      return fail('AccessForbidden', CORS_NOT_ENABLED_MESSAGE, 403, {
        Method: method,
        ResourceType: 'BUCKET',
      });
    }
    const ask = { origin, method, headers: requestedHeaders(req.headers['access-control-request-headers']) };
    const rule = findCorsRule(rules, ask);
    if (!rule) {
      return fail('AccessForbidden', CORS_NOT_ALLOWED_MESSAGE, 403, {
        Method: method,
        ResourceType: address.key === undefined ? 'BUCKET' : 'OBJECT',
      });
    }
    return {
      status: 200,
      headers: {
        ...corsHeaders(rule, ask),
        'x-amz-request-id': requestId,
        'x-amz-id-2': Buffer.from(requestId).toString('base64'),
      },
      body: '',
    };
  };
}
