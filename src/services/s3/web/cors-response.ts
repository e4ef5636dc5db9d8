// CORS headers on S3's actual responses. A request that carries `Origin` gets the
// Access-Control-* headers of the bucket's first matching rule, on success and on error alike;
// without Origin, with no CORS configuration or with no matching rule it gets none (the AWS-recorded
// get-no-origin / get-wrong-origin cases of LocalStack's test_s3_cors.snapshot.json; see also
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors-troubleshooting.html).
// As AWS does, a non-OPTIONS request that still carries Access-Control-Request-Method/-Headers is
// evaluated with those (LocalStack's AWS-recorded get-wrong-op / get-non-allowed-with-acl).
import type { HttpRequest, HttpResponse } from './raw-route.js';
import type { PreflightDeps } from './cors-preflight.js';
import { corsHeaders, findCorsRule, requestedHeaders } from './cors-rules.js';
import { s3Address } from './s3-address.js';

export type ResponseDecorator = (req: HttpRequest, response: HttpResponse) => Promise<void>;

export function createCorsDecorator(deps: PreflightDeps, log?: (line: string) => void): ResponseDecorator {
  return async (req, response) => {
    const origin = req.headers.origin;
    if (!origin) return;
    try {
      const address = s3Address(deps.codec, req);
      if (!address) return;
      const rules = await deps.buckets.corsRules(address.bucket);
      if (!rules) return;
      const ask = {
        origin,
        method: req.headers['access-control-request-method'] ?? req.method,
        headers: requestedHeaders(req.headers['access-control-request-headers']),
      };
      const rule = findCorsRule(rules, ask);
      if (rule) Object.assign(response.headers, corsHeaders(rule, ask));
    } catch (e) {
      // The response itself is already decided; a failed lookup only costs its CORS headers.
      log?.(`S3 CORS headers not added: ${(e as Error)?.message ?? String(e)}`);
    }
  };
}
