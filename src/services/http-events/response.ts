// Maps a Lambda proxy integration's answer to the HTTP response the client gets.
//
// Payload 2.0 (HTTP APIs, function URLs): the function returns {statusCode, headers, cookies, body,
// isBase64Encoded}; "API Gateway can infer the response format for you ... if your Lambda function
// returns valid JSON and doesn't return a statusCode": status 200, content-type application/json, the
// body is the function's response (a returned string is the body itself).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
//
// Payload 1.0 (REST APIs, HTTP API 1.0 integrations): {statusCode, headers, multiValueHeaders, body,
// isBase64Encoded}; "If you specify values for both headers and multiValueHeaders, API Gateway merges
// them into a single list. If the same key-value pair is specified in both, only the values from
// multiValueHeaders will appear in the merged list."
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
//
// A response that does not fit is malformed: the caller answers with its API type's error (HTTP APIs
// 500 Internal Server Error, REST APIs 502 Internal server error) and logs the reason.
import type { HttpResponse } from './types.js';

export type ProxyResult = { ok: true; response: HttpResponse } | { ok: false; reason: string };

const MALFORMED = "The response from the Lambda function doesn't match the format that API Gateway expects.";

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: Json): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function malformed(detail: string): ProxyResult {
  return { ok: false, reason: `${MALFORMED} ${detail}` };
}

/** Header map that merges names case-insensitively, keeping the first spelling. */
class Headers {
  private readonly names = new Map<string, string>();
  readonly values: Record<string, string[]> = {};
  set(name: string, values: string[]): void {
    const key = this.names.get(name.toLowerCase()) ?? name;
    this.names.set(name.toLowerCase(), key);
    this.values[key] = values;
  }
  add(name: string, value: string): void {
    const key = this.names.get(name.toLowerCase());
    if (key) this.values[key]!.push(value);
    else this.set(name, [value]);
  }
  has(name: string): boolean {
    return this.names.has(name.toLowerCase());
  }
  toRecord(): Record<string, string | string[]> {
    return Object.fromEntries(Object.entries(this.values).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
  }
}

function parse(payload: Buffer): { ok: true; value: Json } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(payload.toString('utf8')) as Json };
  } catch {
    return { ok: false };
  }
}

function statusOf(v: Json): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

function bodyOf(v: Record<string, Json>): { ok: true; body: Buffer } | { ok: false; reason: string } {
  const body = v.body ?? '';
  if (typeof body !== 'string')
    return { ok: false, reason: 'Lambda body contains the wrong type for field "body"' };
  const b64 = v.isBase64Encoded;
  if (b64 !== undefined && b64 !== null && typeof b64 !== 'boolean') {
    return { ok: false, reason: 'Lambda body contains the wrong type for field "isBase64Encoded"' };
  }
  return { ok: true, body: b64 ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8') };
}

function addSingleHeaders(headers: Headers, v: Json, onto: 'set' | 'add'): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) return 'Lambda body contains the wrong type for field "headers"';
  for (const [name, value] of Object.entries(v)) {
    if (value === null) continue;
    if (!isScalar(value)) return 'Lambda body contains the wrong type for field "headers"';
    if (onto === 'add') headers.add(name, String(value));
    else headers.set(name, [String(value)]);
  }
  return undefined;
}

function finish(status: number, headers: Headers, body: Buffer): ProxyResult {
  if (!headers.has('content-type')) headers.set('content-type', ['application/json']);
  return { ok: true, response: { status, headers: headers.toRecord(), body } };
}

/** Payload format 2.0 response mapping. */
export function mapResponseV2(payload: Buffer): ProxyResult {
  const parsed = parse(payload);
  if (!parsed.ok) return malformed('Lambda response is not valid JSON');
  const value = parsed.value;
  if (!isObject(value) || value.statusCode === undefined) {
    // Inferred format: the whole response is the body.
    const body = typeof value === 'string' ? value : payload.toString('utf8');
    const headers = new Headers();
    return finish(200, headers, Buffer.from(body, 'utf8'));
  }
  const status = statusOf(value.statusCode);
  if (status === undefined) return malformed('Lambda body contains the wrong type for field "statusCode"');
  const headers = new Headers();
  const headerError = addSingleHeaders(headers, value.headers, 'add');
  if (headerError) return malformed(headerError);
  const cookies = value.cookies;
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies) || !cookies.every((c) => typeof c === 'string')) {
      return malformed('Lambda body contains the wrong type for field "cookies"');
    }
    for (const c of cookies) headers.add('set-cookie', c);
  }
  const body = bodyOf(value);
  if (!body.ok) return malformed(body.reason);
  return finish(status, headers, body.body);
}

/** Payload format 1.0 (REST proxy) response mapping. */
export function mapResponseV1(payload: Buffer): ProxyResult {
  const parsed = parse(payload);
  if (!parsed.ok) return malformed('Lambda response is not valid JSON');
  const value = parsed.value;
  if (!isObject(value)) return malformed('Lambda response is not a JSON object');
  const status = statusOf(value.statusCode);
  if (status === undefined) return malformed('Lambda body contains the wrong type for field "statusCode"');
  const headers = new Headers();
  const headerError = addSingleHeaders(headers, value.headers, 'set');
  if (headerError) return malformed(headerError);
  const multi = value.multiValueHeaders;
  if (multi !== undefined && multi !== null) {
    if (!isObject(multi))
      return malformed('Lambda body contains the wrong type for field "multiValueHeaders"');
    for (const [name, values] of Object.entries(multi)) {
      if (values === null) continue;
      if (!Array.isArray(values) || !values.every(isScalar)) {
        return malformed('Lambda body contains the wrong type for field "multiValueHeaders"');
      }
      // multiValueHeaders win over headers for the same name.
      headers.set(name, values.map(String));
    }
  }
  const body = bodyOf(value);
  if (!body.ok) return malformed(body.reason);
  return finish(status, headers, body.body);
}
