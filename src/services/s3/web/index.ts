// S3 from a browser: the CORS preflight route and the response decorator that adds CORS headers
// to actual requests. app.ts wires `rawRoutes` among the server's raw routes (after other
// services' routes, since it answers every OPTIONS that addresses a bucket) and `decorateResponse`
// on S3's ServedService.
import type { RawRoute } from './raw-route.js';
import { createCorsDecorator, type ResponseDecorator } from './cors-response.js';
import { createPreflightRoute, type PreflightDeps } from './cors-preflight.js';

export type { BucketCorsSource } from './bucket-cors-source.js';
export type { CorsRule } from './cors-rules.js';
export type { PreflightDeps } from './cors-preflight.js';

export interface S3Web {
  rawRoutes: RawRoute[];
  decorateResponse: ResponseDecorator;
}

export function createS3Web(deps: PreflightDeps, log?: (line: string) => void): S3Web {
  return {
    rawRoutes: [createPreflightRoute(deps)],
    decorateResponse: createCorsDecorator(deps, log),
  };
}
