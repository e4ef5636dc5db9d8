// Canonical request and string to sign, exactly as the SigV4 documentation defines them:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
// S3 differs in one point: its canonical URI is the path encoded once, not normalized and encoded twice
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
import { safeDecode } from '../server/safe-decode.js';
import { sha256Hex } from './crypto.js';

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** UriEncode() of the SigV4 docs: every byte but the unreserved characters as %XX (upper case hex). */
export function uriEncode(value: string, encodeSlash = true): string {
  let out = '';
  for (const ch of value) {
    if (UNRESERVED.test(ch) || (ch === '/' && !encodeSlash)) {
      out += ch;
    } else {
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/**
 * Canonical URI of a non-S3 service: the path as sent (already encoded once by the client) with empty,
 * '.' and '..' segments normalized away, then URI-encoded again, '/' kept.
 */
export function canonicalUriDoubleEncoded(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  const normalized = `/${segments.join('/')}${trailing}`;
  return uriEncode(normalized, false);
}

/**
 * Canonical URI candidates of an S3 request: the decoded path encoded once the way the SDKs do, and,
 * should a client have signed the path exactly as it sent it, the raw path. The first is tried first.
 */
export function canonicalUrisS3(rawPath: string): string[] {
  const path = rawPath === '' ? '/' : rawPath;
  const reencoded = uriEncode(safeDecode(path), false);
  return reencoded === path ? [reencoded] : [reencoded, path];
}

/**
 * Canonical query string: each name and value URI-encoded (slashes too), sorted by name then value,
 * joined with '&'; a name without '=' has an empty value. `X-Amz-Signature` is left out of presigned URLs.
 */
export function canonicalQuery(rawQuery: string, excludeSignature = true): string {
  if (rawQuery === '') return '';
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = safeDecode(eq < 0 ? part : part.slice(0, eq));
    if (excludeSignature && name === 'X-Amz-Signature') continue;
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    pairs.push([uriEncode(name), uriEncode(value)]);
  }
  // Sort by code point of the encoded strings (all ASCII, so this is byte order).
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

/**
 * Canonical headers block: `name:value\n` for every signed header, in the signed order (which the
 * client sorted), values trimmed with inner runs of whitespace collapsed to one space. Repeated headers
 * reach us joined with ', ' (HttpRequest), which is how the SDKs saw them when signing.
 */
export function canonicalHeaders(headers: Record<string, string>, signedHeaders: string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    // The SDKs' HTTP/2 handler sends the host as the `:authority` pseudo-header and signs it under that
    // name; HttpRequest keeps it as `host` (pseudo-headers are not headers).
    const value = headers[name] ?? (name === ':authority' ? headers.host : undefined) ?? '';
    out += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  }
  return out;
}

export interface CanonicalParts {
  method: string;
  uri: string;
  query: string;
  headers: Record<string, string>;
  signedHeaders: string[];
  payloadHash: string;
}

export function canonicalRequest(p: CanonicalParts): string {
  return [
    p.method,
    p.uri,
    p.query,
    canonicalHeaders(p.headers, p.signedHeaders),
    p.signedHeaders.join(';'),
    p.payloadHash,
  ].join('\n');
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}
