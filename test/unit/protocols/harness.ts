// Runs a real v3 SDK client against a codec in-process: a custom requestHandler turns the
// client's request into our HttpRequest, lets the codec parse it, calls a fake handler, and hands
// the codec's HttpResponse back to the client to deserialize. That checks both directions of the
// wire format against the real client without a server.
import { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../../../src/server/http-types.js';
import { isServiceError, ServiceError } from '../../../src/server/service-error.js';
import { parseAuth, verifiedBody, verifyRequest } from '../../../src/auth/index.js';
import { isAwsChunked } from '../../../src/protocols/aws-chunked.js';
import { createCodec, unknownOperationError } from '../../../src/protocols/index.js';
import type { ServiceModel } from '../../../src/protocols/model-types.js';

export type FakeHandler = (
  operation: string,
  input: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

export interface Exchange {
  request?: HttpRequest;
  operation?: string;
  input?: Record<string, unknown>;
  response?: HttpResponse;
}

export const clientConfig = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:4566',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
};

async function toBuffer(body: unknown): Promise<{ body: Buffer; stream?: Readable }> {
  if (body === undefined || body === null) return { body: Buffer.alloc(0) };
  if (typeof body === 'string') return { body: Buffer.from(body) };
  if (body instanceof Uint8Array) return { body: Buffer.from(body) };
  if (body instanceof Readable) return { body: Buffer.alloc(0), stream: body };
  throw new Error(`unexpected body ${typeof body}`);
}

export function sdkRequestToHttp(request: any, body: Buffer, stream?: Readable): HttpRequest {
  const query: Array<[string, string]> = [];
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, string | string[] | null>)) {
    for (const one of Array.isArray(v) ? v : [v ?? '']) query.push([k, one]);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers as Record<string, string>))
    headers[k.toLowerCase()] = v;
  return {
    method: request.method,
    path: request.path,
    rawQuery: query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
    query,
    headers,
    body,
    ...(stream ? { stream } : {}),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
  };
}

/** Runs one request through the codec like the server does. */
export async function runCodec(
  model: ServiceModel,
  req: HttpRequest,
  handler: FakeHandler,
  exchange: Exchange = {},
) {
  const codec = createCodec(model);
  const requestId = 'req-1234';
  exchange.request = req;
  const resolved = codec.resolveOperation(req);
  if (!resolved)
    return (exchange.response = codec.serializeError(unknownOperationError(model, req), requestId));
  exchange.operation = resolved.operation.name;
  try {
    if (isAwsChunked(req.headers)) await decodeLikeTheServer(req);
    const input = await codec.parseInput(resolved, req);
    exchange.input = input;
    const output = await handler(resolved.operation.name, input);
    exchange.response = codec.serializeOutput(resolved.operation, output, requestId);
  } catch (e) {
    const err = isServiceError(e) ? e : new ServiceError('InternalFailure', String(e), 500);
    exchange.response = codec.serializeError(err, requestId, resolved.operation);
  }
  return exchange.response;
}

/** The server verifies and strips aws-chunked framing (src/auth) before the codec sees the body. */
async function decodeLikeTheServer(req: HttpRequest): Promise<void> {
  const parsed = parseAuth(req)!;
  const verified = await verifyRequest(
    req,
    parsed,
    async () => ({ secretAccessKey: clientConfig.credentials.secretAccessKey }),
    { now: Date.now(), style: 's3' },
  );
  req.stream = verifiedBody(req, verified);
}

/** A requestHandler for a v3 client that answers through the codec. */
export function codecRequestHandler(model: ServiceModel, handler: FakeHandler, exchange: Exchange = {}) {
  return {
    async handle(request: any) {
      const { body, stream } = await toBuffer(request.body);
      const res = await runCodec(model, sdkRequestToHttp(request, body, stream), handler, exchange);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const out = res.body instanceof Readable ? res.body : Readable.from([Buffer.from(res.body)]);
      return { response: { statusCode: res.status, headers, body: out } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
}

export function httpRequest(partial: Partial<HttpRequest> & { method: string; path: string }): HttpRequest {
  const rawQuery = partial.rawQuery ?? '';
  return {
    rawQuery,
    query: partial.query ?? [...new URLSearchParams(rawQuery)],
    headers: {},
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    ...partial,
  };
}

export function bodyText(res: HttpResponse): string {
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : String(res.body);
}
