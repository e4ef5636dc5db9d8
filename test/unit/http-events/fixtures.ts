// A data-plane request as the server hands it to a raw route, with the raw header lines Node keeps.
import { Readable } from 'node:stream';
import type { EventContext, HttpRequest } from '../../../src/services/http-events/index.js';

export function request(
  method: string,
  url: string,
  rawHeaders: Array<[string, string]>,
  body = Buffer.alloc(0),
): HttpRequest {
  const q = url.indexOf('?');
  const rawQuery = q >= 0 ? url.slice(q + 1) : '';
  const headers: Record<string, string> = {};
  for (const [k, v] of rawHeaders) {
    const key = k.toLowerCase();
    headers[key] = headers[key] ? `${headers[key]}, ${v}` : v;
  }
  const stream = Object.assign(Readable.from([]), { rawHeaders: rawHeaders.flat() });
  return {
    method,
    path: q >= 0 ? url.slice(0, q) : url,
    rawQuery,
    query: rawQuery
      ? rawQuery.split('&').map((p): [string, string] => {
          const [k = '', v = ''] = p.split('=');
          return [decodeURIComponent(k), decodeURIComponent(v)];
        })
      : [],
    headers,
    body,
    stream,
    sourceIp: '192.0.2.1',
    protocol: 'HTTP/1.1',
  };
}

export function context(overrides: Partial<EventContext> = {}): EventContext {
  return {
    accountId: '123456789012',
    apiId: 'abc123defg',
    stage: '$default',
    requestId: 'JKJaXmPLvHcESHA=',
    time: new Date(Date.UTC(2020, 2, 12, 19, 3, 58, 390)),
    domainName: 'abc123defg.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'abc123defg',
    path: '/my/path',
    routeKey: '$default',
    resource: '/my/path',
    base64Body: false,
    ...overrides,
  };
}
