// Turns a Node HTTP/1.1 or HTTP/2 request into Cumulo's HttpRequest and writes an HttpResponse back.
import type http from 'node:http';
import type http2 from 'node:http2';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { safeDecode } from './safe-decode.js';
import type { HttpRequest, HttpResponse } from './http-types.js';

type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;
type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;

export function toHttpRequest(req: NodeRequest): HttpRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawQuery = q >= 0 ? url.slice(q + 1) : '';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (!headers.host && 'authority' in req && req.authority) headers.host = req.authority;
  return {
    method: req.method ?? 'GET',
    path: q >= 0 ? url.slice(0, q) : url,
    rawQuery,
    query: parseQuery(rawQuery),
    headers,
    body: Buffer.alloc(0),
    stream: req as unknown as Readable,
    sourceIp: req.socket?.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    protocol: req.httpVersion === '2.0' ? 'HTTP/2.0' : 'HTTP/1.1',
  };
}

/** Decodes a query string the way AWS does: '+' is a space only in form encoding, so keep it literal here. */
export function parseQuery(raw: string): Array<[string, string]> {
  if (!raw) return [];
  return raw.split('&').flatMap((part): Array<[string, string]> => {
    if (!part) return [];
    const eq = part.indexOf('=');
    const k = eq >= 0 ? part.slice(0, eq) : part;
    const v = eq >= 0 ? part.slice(eq + 1) : '';
    return [[safeDecode(k), safeDecode(v)]];
  });
}

/** Reads the whole body into memory, up to `limit` bytes. */
/**
 * Reads and drops what a handler left of a request body (it answered before reading it all), as Node
 * does for a body nobody started to read: bytes left unread would stall a kept-alive connection. The
 * source is unpiped from the verifying stream first, so nothing is verified any more.
 */
export function discardUnread(source: Readable, verified: Readable | undefined): void {
  if (verified && verified !== source && !verified.readableEnded) source.unpipe();
  if (!source.readableEnded && !source.destroyed) source.resume();
}

/**
 * Reads and drops the rest of an HTTP/2 request's body before its answer is sent, while bytes keep
 * arriving (at most `idleMs` apart; 0: no bound). HTTP/2 lets a server answer before the request has
 * ended, but Node's HTTP/2 client — the one AWS SDK clients use for HTTP/2 — resets a stream whose
 * answer ends while it is still sending its body (NGHTTP2_ENHANCE_YOUR_CALM), which takes the answer
 * (a 404 to a 64 MiB upload, a 413) with it. HTTP/1.1 needs none of this: Node reads the rest there.
 */
export function drainHttp2Body(req: NodeRequest, idleMs: number): Promise<void> | undefined {
  // Nothing to wait for (every HTTP/1.1 request): no promise, so the caller's hot path takes no tick.
  if (req.httpVersion !== '2.0' || req.readableEnded || req.destroyed) return undefined;
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      if (idleMs <= 0) return;
      clearTimeout(timer);
      timer = setTimeout(done, idleMs);
    };
    const done = (): void => {
      clearTimeout(timer);
      req.off('data', arm).off('end', done).off('close', done).off('error', done);
      resolve();
    };
    req.on('data', arm).on('end', done).on('close', done).on('error', done);
    arm();
    req.unpipe(); // a reader the handler left (it answered) would hold the rest back
    req.resume();
  });
}

export async function sendResponse(res: NodeResponse, response: HttpResponse): Promise<void> {
  const { body } = response;
  const headers: Record<string, string | string[]> = { ...response.headers };
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const isH2 = 'stream' in res && (res as http2.Http2ServerResponse).stream !== undefined;
  if (isH2) {
    // HTTP/2 forbids connection-specific headers.
    delete headers.connection;
    delete headers['transfer-encoding'];
  }
  res.writeHead(response.status, headers as http.OutgoingHttpHeaders);
  if (body instanceof Readable) {
    await pipeline(body, res as NodeJS.WritableStream);
  } else {
    (res as http.ServerResponse).end(body);
  }
}
