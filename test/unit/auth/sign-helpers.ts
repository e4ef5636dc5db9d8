// Signs requests with the AWS SDK's own signer (@smithy/signature-v4) and turns them into the server's
// HttpRequest, so the tests verify exactly what real clients send.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '../../../src/server/http-types.js';

export const ACCESS_KEY = 'AKIDEXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

export interface SignInput {
  method?: string;
  /** Path as the SDK's serializer produced it (already percent-encoded once). */
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  service?: string;
  region?: string;
  s3?: boolean;
  signingDate?: Date;
  secret?: string;
  sessionToken?: string;
}

function signer(input: SignInput): SignatureV4 {
  return new SignatureV4({
    service: input.service ?? (input.s3 ? 's3' : 'lambda'),
    region: input.region ?? 'us-east-1',
    sha256: Sha256,
    credentials: {
      accessKeyId: ACCESS_KEY,
      secretAccessKey: input.secret ?? SECRET,
      sessionToken: input.sessionToken,
    },
    uriEscapePath: !input.s3,
    applyChecksum: input.s3 ?? false,
  });
}

function smithyRequest(input: SignInput) {
  return {
    method: input.method ?? 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 4566,
    path: input.path ?? '/',
    query: input.query ?? {},
    headers: { host: 'localhost:4566', ...(input.headers ?? {}) },
    body: input.body,
  };
}

/** encodeURIComponent plus the characters RFC 3986 reserves, as the SDK's query builder does. */
export function escape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** What the server would have received for a request the SDK sends. */
export function toHttpRequest(r: {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}): HttpRequest {
  const query: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(r.query ?? {})) {
    if (v === null) continue;
    for (const one of Array.isArray(v) ? v : [v]) query.push([k, one]);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = v;
  const b = r.body;
  const body =
    b === undefined || b === null
      ? Buffer.alloc(0)
      : b instanceof Uint8Array
        ? Buffer.from(b.buffer, b.byteOffset, b.byteLength)
        : Buffer.from(String(b));
  return {
    method: r.method,
    path: r.path,
    rawQuery: query.map(([k, v]) => `${escape(k)}=${escape(v)}`).join('&'),
    query,
    headers,
    body,
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
  };
}

export async function signed(input: SignInput): Promise<HttpRequest> {
  const r = await signer(input).sign(smithyRequest(input), { signingDate: input.signingDate ?? new Date() });
  return toHttpRequest(r as Parameters<typeof toHttpRequest>[0]);
}

export async function presigned(input: SignInput & { expiresIn?: number }): Promise<HttpRequest> {
  const r = await signer(input).presign(smithyRequest(input), {
    signingDate: input.signingDate ?? new Date(),
    expiresIn: input.expiresIn ?? 900,
  });
  return toHttpRequest(r as Parameters<typeof toHttpRequest>[0]);
}

/** One lookup table of keys, as the IAM layer will provide. */
export function lookup(
  table: Record<string, { secretAccessKey: string; sessionToken?: string; expiration?: Date }> = {
    [ACCESS_KEY]: { secretAccessKey: SECRET },
  },
) {
  return async (id: string) => table[id];
}
