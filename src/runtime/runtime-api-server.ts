// The Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
// Its paths are fixed by the spec, so each environment gets its own endpoint: a tiny net.Server
// on 127.0.0.1:0 whose sockets are handed to one shared http.Server, tagged with their environment.
import http from 'node:http';
import net from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';

export const API_PREFIX = '/2018-06-01/runtime/';

/** What an environment answers on its endpoint. */
export interface RuntimeApiHandler {
  next(req: http.IncomingMessage, res: http.ServerResponse): void;
  invocationResponse(requestId: string, req: http.IncomingMessage, res: http.ServerResponse): void;
  invocationError(requestId: string, req: http.IncomingMessage, res: http.ServerResponse): void;
  initError(req: http.IncomingMessage, res: http.ServerResponse): void;
}

export interface RuntimeApiEndpoint {
  /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
  address: string;
  close(): void;
}

export class RuntimeApiServer {
  private readonly owners = new WeakMap<net.Socket, RuntimeApiHandler>();
  private readonly server: http.Server;
  private readonly listeners = new Set<net.Server>();

  constructor() {
    this.server = http.createServer((req, res) => this.route(req, res));
    // /next is a long poll that may wait for as long as the environment stays idle.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
    this.server.keepAliveTimeout = 0;
    this.server.timeout = 0;
  }

  async listen(handler: RuntimeApiHandler): Promise<RuntimeApiEndpoint> {
    // Without noDelay, a 202 and the next event written back to back would wait for the runtime's
    // delayed ACK (~40 ms): Nagle holds small writes while one is unacknowledged.
    const listener = net.createServer({ noDelay: true }, (socket) => {
      this.owners.set(socket, handler);
      this.server.emit('connection', socket);
    });
    this.listeners.add(listener);
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = listener.address() as net.AddressInfo;
    const connections = new Set<net.Socket>();
    listener.on('connection', (s) => {
      connections.add(s);
      s.once('close', () => connections.delete(s));
    });
    return {
      address: `127.0.0.1:${port}`,
      close: () => {
        this.listeners.delete(listener);
        listener.close();
        for (const s of connections) s.destroy();
      },
    };
  }

  close(): void {
    for (const l of this.listeners) l.close();
    this.listeners.clear();
    this.server.close();
    this.server.closeAllConnections();
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const handler = this.owners.get(req.socket);
    const url = (req.url ?? '').split('?')[0] ?? '';
    if (!handler || !url.startsWith(API_PREFIX)) return notFound(res);
    const rest = url.slice(API_PREFIX.length).split('/');
    if (rest.length === 2 && rest[0] === 'invocation' && rest[1] === 'next') {
      return req.method === 'GET' ? handler.next(req, res) : methodNotAllowed(res);
    }
    if (rest.length === 2 && rest[0] === 'init' && rest[1] === 'error') {
      return req.method === 'POST' ? handler.initError(req, res) : methodNotAllowed(res);
    }
    if (rest.length === 3 && rest[0] === 'invocation' && (rest[2] === 'response' || rest[2] === 'error')) {
      if (req.method !== 'POST') return methodNotAllowed(res);
      const id = decodeURIComponent(rest[1] ?? '');
      return rest[2] === 'response'
        ? handler.invocationResponse(id, req, res)
        : handler.invocationError(id, req, res);
    }
    notFound(res);
  }
}

// The platform's router answers unknown paths as Go's net/http does.
function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
}

function methodNotAllowed(res: http.ServerResponse): void {
  res.writeHead(405).end();
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
    .end(text);
}

/** 202 {"status":"OK"}: the Runtime API's answer to an accepted response or error. */
export function sendAccepted(res: http.ServerResponse): void {
  sendJson(res, 202, { status: 'OK' });
}

/** 400 InvalidRequestID: a response or error for an invocation that is not the current one. */
export function sendInvalidRequestId(res: http.ServerResponse): void {
  sendJson(res, 400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
}

/** 403 InvalidStateTransition, e.g. a second response for the same invocation. */
export function sendInvalidState(res: http.ServerResponse, from: string, to: string): void {
  sendJson(res, 403, {
    errorMessage: `State transition from ${from} to ${to} failed for runtime. Error: State transition is not allowed`,
    errorType: 'InvalidStateTransition',
  });
}

/** Reads a request body; resolves with `tooLarge` once it passes limit (the rest is drained). */
export function readBody(req: http.IncomingMessage, limit: number): Promise<{ body: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

/** A response the runtime streams (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html#runtimes-custom-response-streaming). */
export function isStreamedResponse(req: http.IncomingMessage): boolean {
  return req.headers['lambda-runtime-function-response-mode'] === 'streaming';
}

export interface StreamedResponse {
  contentType: string;
  /** The whole body, when it was buffered (no consumer). */
  body: Buffer;
  /** From the Lambda-Runtime-Function-Error-Type / -Body trailers of a stream that failed midway. */
  errorType?: string;
  errorBody?: Buffer;
}

/**
 * Reads a streamed response: hands its body to `consumer` as it arrives (with backpressure; a consumer
 * that goes away stops receiving and the rest is drained), or buffers it up to `limit` bytes, then
 * reads the error trailers. Rejects when the runtime's request breaks off (process killed).
 */
export async function readStreamedResponse(
  req: http.IncomingMessage,
  limit: number,
  consumer?: (stream: { contentType: string; body: Readable }) => void,
): Promise<StreamedResponse> {
  const contentType = req.headers['content-type'] ?? 'application/octet-stream';
  let body = Buffer.alloc(0);
  if (consumer) {
    const out = new PassThrough();
    out.on('error', () => undefined);
    out.on('close', () => req.resume());
    consumer({ contentType, body: out });
    req.on('data', (chunk: Buffer) => {
      if (!out.destroyed && !out.write(chunk)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    });
    try {
      await finished(req);
    } catch (e) {
      out.destroy(e as Error);
      throw e;
    }
    out.end();
  } else {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    await finished(req);
    body = Buffer.concat(chunks);
  }
  const out: StreamedResponse = { contentType, body };
  const errorType = req.trailers['lambda-runtime-function-error-type'];
  if (errorType) {
    out.errorType = errorType;
    const encoded = req.trailers['lambda-runtime-function-error-body'];
    if (encoded) out.errorBody = Buffer.from(encoded, 'base64');
  }
  return out;
}
