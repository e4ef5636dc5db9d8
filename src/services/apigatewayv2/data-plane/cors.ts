// CORS for HTTP APIs: "If you configure CORS for an API, API Gateway automatically sends a response to
// preflight OPTIONS requests, even if there isn't an OPTIONS route configured for your API. For a CORS
// request, API Gateway adds the configured CORS headers to the response from an integration."
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
import type { HttpRequest, HttpResponse } from '../../http-events/index.js';
import type { Cors } from '../records.js';

function allowedOrigin(cors: Cors, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  const origins = cors.AllowOrigins ?? [];
  if (origins.includes('*')) return '*';
  return origins.some((o) => o.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
}

export function isPreflight(req: HttpRequest): boolean {
  return req.method === 'OPTIONS' && !!req.headers.origin && !!req.headers['access-control-request-method'];
}

/** The answer to a preflight request: 204, with the CORS headers when the origin is allowed. */
export function preflight(cors: Cors, req: HttpRequest): HttpResponse {
  const headers: Record<string, string> = {};
  const origin = allowedOrigin(cors, req.headers.origin);
  const method = (req.headers['access-control-request-method'] ?? '').toUpperCase();
  const methods = (cors.AllowMethods ?? []).map((m) => m.toUpperCase());
  const methodOk = methods.includes('*') || methods.includes(method);
  if (origin && methodOk) {
    headers['access-control-allow-origin'] = origin;
    headers['access-control-allow-methods'] = methods.includes('*') ? method : methods.join(',');
    const requested = req.headers['access-control-request-headers'];
    const allowHeaders = (cors.AllowHeaders ?? []).map((h) => h.toLowerCase());
    if (requested) {
      const wanted = requested
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean);
      const ok = allowHeaders.includes('*') ? wanted : wanted.filter((h) => allowHeaders.includes(h));
      if (ok.length > 0) headers['access-control-allow-headers'] = ok.join(',');
    }
    if (cors.AllowCredentials) headers['access-control-allow-credentials'] = 'true';
    if (cors.MaxAge !== undefined && cors.MaxAge >= 0)
      headers['access-control-max-age'] = String(cors.MaxAge);
  }
  return { status: 204, headers, body: '' };
}

/** Adds the CORS headers of an actual (non-preflight) request to the integration's response. */
export function decorate(cors: Cors, req: HttpRequest, response: HttpResponse): void {
  const origin = allowedOrigin(cors, req.headers.origin);
  if (!origin) return;
  response.headers['access-control-allow-origin'] = origin;
  if (cors.AllowCredentials) response.headers['access-control-allow-credentials'] = 'true';
  if (cors.ExposeHeaders?.length)
    response.headers['access-control-expose-headers'] = cors.ExposeHeaders.join(',');
  if (origin !== '*') response.headers.vary = 'Origin';
}
