// The parts of an HTTP request a proxy event is built from, each in the form AWS reports it.
import type { HttpRequest } from './types.js';

/**
 * Header (name, value) pairs in the order received, one pair per header line. Node joins repeated
 * headers with ', ' in `req.headers`, which cannot be told apart from one value containing a comma,
 * while multiValueHeaders and payload 2.0's "duplicate headers are combined with commas" need the
 * lines themselves: they come from the Node request's rawHeaders (the raw route's `stream`).
 * Names keep the client's case; callers lower-case them where AWS does.
 */
export function headerPairs(req: HttpRequest): Array<[string, string]> {
  const raw = (req.stream as { rawHeaders?: unknown } | undefined)?.rawHeaders;
  if (Array.isArray(raw)) {
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = String(raw[i]);
      if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers
      pairs.push([name, String(raw[i + 1])]);
    }
    return pairs;
  }
  return Object.entries(req.headers);
}

/** Groups pairs by lower-cased name (or exact name when keepCase), values in order. */
export function groupHeaders(pairs: Array<[string, string]>, keepCase = false): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const canonical = new Map<string, string>(); // lower-case → first spelling seen
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    const key = keepCase ? (canonical.get(lower) ?? name) : lower;
    canonical.set(lower, key);
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

/** Query parameters grouped by name, decoded, values in order. */
export function groupQuery(req: HttpRequest): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of req.query) {
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}

/**
 * Payload 2.0's `cookies`: "All cookie headers in the request are combined with commas and added to
 * the cookies field" — one entry per `name=value` pair.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function cookieList(pairs: Array<[string, string]>): string[] {
  const cookies: string[] = [];
  for (const [name, value] of pairs) {
    if (name.toLowerCase() !== 'cookie') continue;
    for (const part of value.split(';')) {
      const c = part.trim();
      if (c) cookies.push(c);
    }
  }
  return cookies;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `requestContext.time` / `requestTime`: CLF format in UTC, e.g. `12/Mar/2020:19:03:58 +0000`. */
export function clfTime(d: Date): string {
  return (
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** The body as the event carries it: undefined when empty, base64 or UTF-8 text. */
export function eventBody(req: HttpRequest, base64: boolean): string | undefined {
  if (req.body.length === 0) return undefined;
  return base64 ? req.body.toString('base64') : req.body.toString('utf8');
}
