// The Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
// Its paths are fixed by the spec, so each environment gets its own endpoint: a tiny net.Server
// on 127.0.0.1:0 whose connections speak HTTP/1.1 through runtime-api-connection.ts. On Linux the
// same endpoint also listens on an abstract Unix socket for Cumulo's own bootstraps: a message
// there costs about half the kernel time of one over loopback TCP (measured here: a 300-byte
// ping-pong between two processes, ~15 µs instead of ~30 µs of CPU a side), and every invocation
// crosses this link twice. AWS_LAMBDA_RUNTIME_API stays host:port for every other runtime client.
import net from 'node:net';
import { finished } from 'node:stream/promises';
import { PassThrough, type Readable } from 'node:stream';
import { RuntimeConnection, type RuntimeReply, type RuntimeRequest } from './runtime-api-connection.js';

export type { RuntimeReply, RuntimeRequest } from './runtime-api-connection.js';

export const API_PREFIX = '/2018-06-01/runtime/';

/** What an environment answers on its endpoint. */
export interface RuntimeApiHandler {
  next(req: RuntimeRequest, res: RuntimeReply): void;
  invocationResponse(requestId: string, req: RuntimeRequest, res: RuntimeReply): void;
  invocationError(requestId: string, req: RuntimeRequest, res: RuntimeReply): void;
  initError(req: RuntimeRequest, res: RuntimeReply): void;
}

export interface RuntimeApiEndpoint {
  /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
  address: string;
  /** The same API on an abstract Unix socket (Linux), for Cumulo's bootstraps; undefined elsewhere. */
  socketPath: string | undefined;
  close(): void;
}

interface Listener {
  server: net.Server;
  /** The abstract Unix socket listener, when the platform has them and the bind succeeded. */
  local: net.Server | undefined;
  socketPath: string | undefined;
  sockets: Set<net.Socket>;
  port: number;
  handler: RuntimeApiHandler | undefined;
}

/** Abstract Unix sockets (a name starting with NUL, no file) exist on Linux only. */
const ABSTRACT_SOCKETS = process.platform === 'linux';

export class RuntimeApiServer {
  private readonly listeners = new Set<Listener>();
  /** One listener bound ahead of need: a cold start then does not wait for a bind. */
  private spare: Promise<Listener> | undefined;
  private closed = false;

  constructor() {
    this.spare = this.bind();
    this.spare.catch(() => (this.spare = undefined));
  }

  async listen(handler: RuntimeApiHandler): Promise<RuntimeApiEndpoint> {
    // Claimed before any await: two environments starting at once must not get the same one.
    const claimed = this.spare ?? this.bind();
    this.spare = this.closed ? undefined : this.bind();
    this.spare?.catch(() => (this.spare = undefined));
    const listener = await claimed;
    listener.handler = handler;
    return {
      address: `127.0.0.1:${listener.port}`,
      socketPath: listener.socketPath,
      close: () => {
        this.listeners.delete(listener);
        closeListener(listener);
      },
    };
  }

  close(): void {
    this.closed = true;
    this.spare = undefined;
    for (const listener of this.listeners) closeListener(listener);
    this.listeners.clear();
  }

  private async bind(): Promise<Listener> {
    const sockets = new Set<net.Socket>();
    const listener: Listener = {
      server: net.createServer(),
      local: undefined,
      socketPath: undefined,
      sockets,
      port: 0,
      handler: undefined,
    };
    const accept = (socket: net.Socket): void => {
      const handler = listener.handler;
      if (!handler) return void socket.destroy(); // nobody was told this address yet
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      new RuntimeConnection(socket, (req, res) => route(handler, req, res));
    };
    listener.server.on('connection', accept);
    this.listeners.add(listener);
    await listenOn(listener.server, { port: 0, host: '127.0.0.1' });
    listener.port = (listener.server.address() as net.AddressInfo).port;
    if (ABSTRACT_SOCKETS) {
      // Unique while the port is ours: no other listener of any process holds 127.0.0.1:port.
      const socketPath = `\0cumulo-runtime-api-${process.pid}-${listener.port}`;
      const local = net.createServer(accept);
      try {
        await listenOn(local, { path: socketPath });
        listener.local = local;
        listener.socketPath = socketPath;
      } catch {
        // TCP alone still serves every runtime
      }
    }
    if (this.closed) closeListener(listener);
    return listener;
  }
}

function listenOn(server: net.Server, options: net.ListenOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeListener({ server, local, sockets }: Listener): void {
  server.close();
  local?.close();
  for (const s of sockets) s.destroy();
}

function route(handler: RuntimeApiHandler, req: RuntimeRequest, res: RuntimeReply): void {
  const url = req.path.split('?')[0] ?? '';
  if (!url.startsWith(API_PREFIX)) return notFound(req, res);
  const rest = url.slice(API_PREFIX.length).split('/');
  if (rest.length === 2 && rest[0] === 'invocation' && rest[1] === 'next') {
    return req.method === 'GET' ? handler.next(req, res) : methodNotAllowed(req, res);
  }
  if (rest.length === 2 && rest[0] === 'init' && rest[1] === 'error') {
    return req.method === 'POST' ? handler.initError(req, res) : methodNotAllowed(req, res);
  }
  if (rest.length === 3 && rest[0] === 'invocation' && (rest[2] === 'response' || rest[2] === 'error')) {
    if (req.method !== 'POST') return methodNotAllowed(req, res);
    let id: string;
    try {
      id = decodeURIComponent(rest[1] ?? '');
    } catch {
      id = rest[1] ?? '';
    }
    return rest[2] === 'response'
      ? handler.invocationResponse(id, req, res)
      : handler.invocationError(id, req, res);
  }
  notFound(req, res);
}

// The platform's router answers unknown paths as Go's net/http does.
function notFound(req: RuntimeRequest, res: RuntimeReply): void {
  req.discard();
  res.send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, '404 page not found\n');
}

function methodNotAllowed(req: RuntimeRequest, res: RuntimeReply): void {
  req.discard();
  res.send(405, {});
}

export function sendJson(res: RuntimeReply, status: number, body: unknown): void {
  res.send(status, { 'Content-Type': 'application/json' }, JSON.stringify(body));
}

const ACCEPTED = JSON.stringify({ status: 'OK' });

/** 202 {"status":"OK"}: the Runtime API's answer to an accepted response or error. */
export function sendAccepted(res: RuntimeReply): void {
  res.send(202, { 'Content-Type': 'application/json' }, ACCEPTED);
}

/** 400 InvalidRequestID: a response or error for an invocation that is not the current one. */
export function sendInvalidRequestId(res: RuntimeReply): void {
  sendJson(res, 400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
}

/** 403 InvalidStateTransition, e.g. a second response for the same invocation. */
export function sendInvalidState(res: RuntimeReply, from: string, to: string): void {
  sendJson(res, 403, {
    errorMessage: `State transition from ${from} to ${to} failed for runtime. Error: State transition is not allowed`,
    errorType: 'InvalidStateTransition',
  });
}

/** A response the runtime streams (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html#runtimes-custom-response-streaming). */
export function isStreamedResponse(req: RuntimeRequest): boolean {
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
  req: RuntimeRequest,
  limit: number,
  consumer?: (stream: { contentType: string; body: Readable }) => void,
): Promise<StreamedResponse> {
  const contentType = req.headers['content-type'] ?? 'application/octet-stream';
  let body: Buffer = Buffer.alloc(0);
  if (consumer) {
    const source = req.stream();
    const out = new PassThrough();
    out.on('error', () => undefined);
    out.on('close', () => source.resume());
    consumer({ contentType, body: out });
    source.on('data', (chunk: Buffer) => {
      if (!out.destroyed && !out.write(chunk)) {
        source.pause();
        out.once('drain', () => source.resume());
      }
    });
    try {
      await finished(source);
    } catch (e) {
      out.destroy(e as Error);
      throw e;
    }
    out.end();
  } else {
    body = (await req.body(limit)).body;
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
