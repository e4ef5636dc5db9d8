// One runtime's connection to its Runtime API endpoint: a small HTTP/1.1 server side, written for
// this one protocol instead of node:http's general one. Per invoke a runtime makes two requests, and
// node:http's per-request machinery (parser callbacks, IncomingMessage and ServerResponse streams,
// header validation) cost more than the rest of the Runtime API together. Here requests are parsed
// from the socket's bytes; bodies arrive whole (Content-Length) or as chunks with trailers
// (Transfer-Encoding: chunked, as streamed responses come); replies go out in request order, and
// every reply made in one event-loop turn leaves in one write — a 202 and the next event reach the
// runtime together.
import http from 'node:http';
import type net from 'node:net';
import { PassThrough, type Readable } from 'node:stream';

/** Request line and headers beyond this are refused (Go's net/http allows 1 MiB; runtimes send ~1 KB). */
const MAX_HEAD_BYTES = 1024 * 1024;
/** Body bytes a request keeps before its handler says how many it wants. */
const DEFAULT_KEEP_BYTES = 16 * 1024 * 1024;
const CRLF = Buffer.from('\r\n');
const CRLF_CRLF = Buffer.from('\r\n\r\n');

export class RuntimeRequest {
  readonly trailers: Record<string, string> = {};
  private chunks: Buffer[] = [];
  private kept = 0;
  private size = 0;
  private keep = DEFAULT_KEEP_BYTES;
  private ended = false;
  private error: Error | undefined;
  private settle: (() => void) | undefined;
  private sink: PassThrough | undefined;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly headers: Record<string, string>,
    readonly connection: RuntimeConnection,
  ) {}

  /** The whole body once it has arrived, keeping at most `limit` bytes; `size` counts them all. */
  async body(limit: number): Promise<{ body: Buffer; size: number }> {
    this.keep = limit;
    if (!this.ended && !this.error) await new Promise<void>((resolve) => (this.settle = resolve));
    if (this.error) throw this.error;
    let body = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    if (body.length > limit) body = body.subarray(0, limit);
    return { body, size: this.size };
  }

  /** The body as a stream, with backpressure on the connection: for streamed responses. */
  stream(): Readable {
    const sink = new PassThrough();
    for (const c of this.chunks) sink.write(c);
    this.chunks = [];
    if (this.error) sink.destroy(this.error);
    else if (this.ended) sink.end();
    this.sink = sink;
    return sink;
  }

  /** Reads and drops the body. */
  discard(): void {
    this.keep = 0;
    this.chunks = [];
  }

  /** @internal the parser's side: false asks it to stop reading until the stream drains. */
  push(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.sink) return this.sink.write(chunk);
    if (this.kept < this.keep) {
      const take = chunk.length <= this.keep - this.kept ? chunk : chunk.subarray(0, this.keep - this.kept);
      this.chunks.push(take);
      this.kept += take.length;
    }
    return true;
  }

  /** @internal */
  end(): void {
    this.ended = true;
    this.sink?.end();
    this.settle?.();
  }

  /** @internal the connection broke before the body was whole. */
  fail(err: Error): void {
    if (this.ended) return;
    this.error = err;
    this.sink?.destroy(err);
    this.settle?.();
  }

  /** @internal the sink the parser waits on when push returned false. */
  get drainable(): PassThrough | undefined {
    return this.sink;
  }
}

/** The answer to one request; replies leave in the order their requests came. */
export class RuntimeReply {
  /** @internal the formatted reply, once made: its head, and its body as given (not copied). */
  bytes: Buffer[] | undefined;

  constructor(
    readonly request: RuntimeRequest,
    readonly connection: RuntimeConnection,
  ) {}

  send(status: number, headers: Record<string, string | number>, body: Buffer | string = ''): void {
    if (this.bytes) return;
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    let head = `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Unknown'}\r\nDate: ${httpDate()}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    head += `Content-Length: ${payload.length}\r\n\r\n`;
    this.bytes = [Buffer.from(head, 'latin1'), payload];
    this.connection.flush();
  }

  /** Closes the connection without an answer (the environment is going away). */
  destroy(): void {
    this.connection.destroy();
  }
}

export type RequestListener = (req: RuntimeRequest, reply: RuntimeReply) => void;

export class RuntimeConnection {
  private buf: Buffer = Buffer.alloc(0);
  private current: RuntimeRequest | undefined;
  /** Bytes of the current body still to come (Content-Length), or 'chunked'. */
  private remaining: number | 'chunked' = 0;
  private chunkLeft = 0;
  private chunkState: 'size' | 'data' | 'data-end' | 'trailers' = 'size';
  private readonly replies: RuntimeReply[] = [];
  private closeAfterReply = false;
  private corked = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly listener: RequestListener,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.current?.fail(new Error('Runtime API connection closed')));
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Writes the replies that are ready, in order; those of one turn leave in one write. */
  flush(): void {
    while (this.replies[0]?.bytes) {
      const reply = this.replies.shift() as RuntimeReply;
      if (this.socket.destroyed) return;
      if (!this.corked) {
        this.corked = true;
        this.socket.cork();
        process.nextTick(() => {
          this.corked = false;
          this.socket.uncork();
        });
      }
      for (const piece of reply.bytes as Buffer[]) if (piece.length > 0) this.socket.write(piece);
    }
    if (this.closeAfterReply && this.replies.length === 0) this.socket.end();
  }

  private received(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    try {
      while (!this.socket.destroyed && !this.socket.isPaused() && this.step());
    } catch {
      this.refuse();
    }
  }

  /** Parses one piece (a head, a body, a chunk); false when more bytes are needed. */
  private step(): boolean {
    if (!this.current) return this.head();
    if (this.remaining === 'chunked') return this.chunked();
    if (this.buf.length === 0) return false;
    const take = Math.min(this.remaining, this.buf.length);
    const piece = this.buf.subarray(0, take);
    this.buf = this.buf.subarray(take);
    this.remaining -= take;
    this.deliver(piece);
    if (this.remaining === 0) this.endBody();
    return true;
  }

  private head(): boolean {
    const end = this.buf.indexOf(CRLF_CRLF);
    if (end < 0) {
      if (this.buf.length > MAX_HEAD_BYTES) throw new Error('head too large');
      return false;
    }
    const lines = this.buf.toString('latin1', 0, end).split('\r\n');
    this.buf = this.buf.subarray(end + 4);
    const [method, target, version] = (lines[0] ?? '').split(' ');
    if (!method || !target || !version?.startsWith('HTTP/1.')) throw new Error('bad request line');
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error('bad header');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const connection = (headers.connection ?? '').toLowerCase();
    if (version === 'HTTP/1.0' ? connection !== 'keep-alive' : connection === 'close')
      this.closeAfterReply = true;
    const req = new RuntimeRequest(method, target, headers, this);
    this.current = req;
    if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
      this.remaining = 'chunked';
      this.chunkState = 'size';
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (!Number.isSafeInteger(length) || length < 0) throw new Error('bad content-length');
      this.remaining = length;
    }
    if (headers.expect?.toLowerCase() === '100-continue' && this.replies.length === 0) {
      this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    }
    const reply = new RuntimeReply(req, this);
    this.replies.push(reply);
    this.listener(req, reply);
    if (this.remaining === 0) this.endBody();
    return true;
  }

  /** One step of a chunked body: a size line, chunk data, its CRLF, or the trailers. */
  private chunked(): boolean {
    if (this.chunkState === 'data') {
      if (this.buf.length === 0) return false;
      const take = Math.min(this.chunkLeft, this.buf.length);
      const piece = this.buf.subarray(0, take);
      this.buf = this.buf.subarray(take);
      this.chunkLeft -= take;
      if (this.chunkLeft === 0) this.chunkState = 'data-end';
      this.deliver(piece);
      return true;
    }
    const eol = this.buf.indexOf(CRLF);
    if (eol < 0) {
      if (this.buf.length > MAX_HEAD_BYTES) throw new Error('chunk line too long');
      return false;
    }
    const line = this.buf.toString('latin1', 0, eol);
    this.buf = this.buf.subarray(eol + 2);
    if (this.chunkState === 'data-end') {
      if (line !== '') throw new Error('chunk not followed by CRLF');
      this.chunkState = 'size';
    } else if (this.chunkState === 'size') {
      const size = parseInt(line.split(';')[0] ?? '', 16);
      if (!Number.isSafeInteger(size) || size < 0) throw new Error('bad chunk size');
      this.chunkLeft = size;
      this.chunkState = size === 0 ? 'trailers' : 'data';
    } else if (line === '') {
      this.endBody();
    } else {
      const colon = line.indexOf(':');
      if (colon > 0) {
        (this.current as RuntimeRequest).trailers[line.slice(0, colon).trim().toLowerCase()] = line
          .slice(colon + 1)
          .trim();
      }
    }
    return true;
  }

  private deliver(piece: Buffer): void {
    const req = this.current as RuntimeRequest;
    if (!req.push(piece)) {
      this.socket.pause();
      req.drainable?.once('drain', () => {
        this.socket.resume();
        this.received(Buffer.alloc(0));
      });
    }
  }

  private endBody(): void {
    const req = this.current;
    this.current = undefined;
    req?.end();
  }

  /** A request that cannot be parsed: 400, and the connection closes (as Go's server does). */
  private refuse(): void {
    this.socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    this.current?.fail(new Error('malformed request'));
    this.current = undefined;
    this.buf = Buffer.alloc(0);
  }
}

let dateSecond = 0;
let dateText = '';

/** The Date header, formatted once a second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}
