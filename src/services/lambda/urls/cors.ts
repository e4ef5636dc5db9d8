// CORS for function URLs, answered by Lambda from the URL's Cors configuration
// (https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors): a preflight
// (OPTIONS with Origin and Access-Control-Request-Method) is answered without invoking the function,
// and the response to an allowed origin carries Access-Control-Allow-Origin, -Allow-Credentials and
// -Expose-Headers. Browsers enforce the rest: an origin that is not allowed simply gets no CORS headers.
import type { CorsConfig } from './keys.js';

function allowedOrigin(cors: CorsConfig, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  const origins = cors.AllowOrigins ?? [];
  if (origins.includes('*')) return cors.AllowCredentials ? origin : '*';
  return origins.some((o) => o.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
}

const joined = (list: string[] | undefined): string | undefined =>
  list && list.length > 0 ? list.join(',') : undefined;

/** True for a CORS preflight request. */
export function isPreflight(method: string, headers: Record<string, string>): boolean {
  return method === 'OPTIONS' && !!headers.origin && !!headers['access-control-request-method'];
}

/** The headers of the preflight answer (200, empty body). */
export function preflightHeaders(cors: CorsConfig, headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const origin = allowedOrigin(cors, headers.origin);
  if (!origin) return out;
  out['access-control-allow-origin'] = origin;
  const methods = joined(cors.AllowMethods);
  if (methods) out['access-control-allow-methods'] = methods;
  const allowHeaders = joined(cors.AllowHeaders);
  if (allowHeaders) out['access-control-allow-headers'] = allowHeaders;
  if (cors.AllowCredentials) out['access-control-allow-credentials'] = 'true';
  if (cors.MaxAge !== undefined && cors.MaxAge > 0) out['access-control-max-age'] = String(cors.MaxAge);
  if (origin !== '*') out.vary = 'Origin';
  return out;
}

/**
 * Puts the URL's CORS headers on a function's response. The configuration is authoritative: CORS
 * headers the function set itself are replaced when the URL has a Cors configuration.
 */
export function applyCors(
  cors: CorsConfig | undefined,
  requestHeaders: Record<string, string>,
  response: Record<string, string | string[]>,
): void {
  if (!cors) return;
  for (const name of Object.keys(response)) {
    if (name.toLowerCase().startsWith('access-control-')) delete response[name];
  }
  const origin = allowedOrigin(cors, requestHeaders.origin);
  if (!origin) return;
  response['access-control-allow-origin'] = origin;
  if (cors.AllowCredentials) response['access-control-allow-credentials'] = 'true';
  const expose = joined(cors.ExposeHeaders);
  if (expose) response['access-control-expose-headers'] = expose;
  if (origin !== '*') response.vary = 'Origin';
}
