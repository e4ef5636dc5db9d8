// S3 from a browser: the CORS preflight route, browser-based POST uploads (HTML forms with a POST
// policy), and the response decorator that adds CORS headers to actual requests. app.ts wires
// `rawRoutes` among the server's raw routes (after other services' routes, since they answer every
// OPTIONS and form POST that addresses a bucket) and `decorateResponse` on S3's ServedService.
import type { RawRoute } from './raw-route.js';
import { createCorsDecorator, type ResponseDecorator } from './cors-response.js';
import { createPreflightRoute, type PreflightDeps } from './cors-preflight.js';
import { createPostRoute, type PostUploadDeps } from './post-route.js';

export type { BucketCorsSource } from './bucket-cors-source.js';
export type { CorsRule } from './cors-rules.js';
export type { PreflightDeps } from './cors-preflight.js';
export type { PostSigner, PostUploadDeps } from './post-route.js';

export interface S3Web {
  rawRoutes: RawRoute[];
  decorateResponse: ResponseDecorator;
}

export interface S3WebDeps extends PreflightDeps {
  /** Browser-based POST uploads (HTML forms); without it a form POST is not answered here. */
  uploads?: PostUploadDeps;
}

export function createS3Web(deps: S3WebDeps, log?: (line: string) => void): S3Web {
  const decorateResponse = createCorsDecorator(deps, log);
  const rawRoutes: RawRoute[] = [createPreflightRoute(deps)];
  if (deps.uploads) rawRoutes.unshift(createPostRoute(deps.codec, deps.uploads, decorateResponse));
  return { rawRoutes, decorateResponse };
}
