// The runtime's side of the Lambda Runtime API: a small HTTP/1.1 client on one keep-alive socket
// (node:http's client costs more per request, and global fetch ~60 ms at first use). It pipelines:
// requests made in the same tick leave in one write, so an invocation's /response and the following
// /next cost the platform one wake-up instead of two, and the platform may answer both at once.
// The socket is unref'd while nothing is pending, so "beforeExit" still fires when the handler's own
// work is done. Streamed responses (chunked, with trailers) keep node:http on a second connection.
import http from 'node:http';
import net from 'node:net';

const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';
const CRLF_CRLF = Buffer.from('\r\n\r\n');

export class RapidClient {
  /**
   * hostPort: AWS_LAMBDA_RUNTIME_API. socketName: where the platform serves the same API on a Unix
   * socket (cheaper per message than loopback TCP), '@' standing for an abstract name's NUL.
   */
  constructor(hostPort, socketName) {
    const [hostname, port] = hostPort.split(':');
    this.hostname = hostname;
    this.port = Number(port);
    this.host = hostPort;
    this.socketPath = socketName ? socketName.replace(/^@/, '\0') : undefined;
    /** For streamed responses, which node:http writes as chunks with trailers. */
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.socket = undefined;
    /** Requests written and not answered yet, oldest first: { resolve, reject }. */
    this.waiting = [];
    this.buffered = Buffer.alloc(0);
    this.corked = false;
  }

  /** Opens the connection ahead of the first request (while the handler loads), without holding the process. */
  preconnect() {
    this.connection().unref();
  }

  /** Waits for the next event: { status, body, headers }. */
  next() {
    return this.request('GET', '/2018-06-01/runtime/invocation/next').then(({ status, body, headers }) => ({
      status,
      body: body.toString('utf8'),
      headers,
    }));
  }

  postResponse(id, result) {
    let body;
    try {
      body = JSON.stringify(result === undefined ? null : result);
    } catch {
      throw new Error('Unable to stringify response body');
    }
    return this.request('POST', `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/response`, body);
  }

  postError(id, doc) {
    return this.request(
      'POST',
      `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/error`,
      JSON.stringify(doc),
      { [ERROR_TYPE_HEADER]: doc.errorType },
    );
  }

  postInitError(doc) {
    return this.request('POST', '/2018-06-01/runtime/init/error', JSON.stringify(doc), {
      [ERROR_TYPE_HEADER]: doc.errorType,
    });
  }

  /** Sends one request; resolves with { status, headers, body } when its answer has arrived. */
  request(method, path, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const socket = this.connection();
      let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}\r\n`;
      for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
      if (body !== undefined) {
        head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
      }
      this.waiting.push({ resolve, reject });
      socket.ref();
      if (!this.corked) {
        // Everything requested in this tick goes out in one write.
        this.corked = true;
        socket.cork();
        process.nextTick(() => {
          this.corked = false;
          socket.uncork();
        });
      }
      socket.write(body === undefined ? `${head}\r\n` : `${head}\r\n${body}`);
    });
  }

  connection() {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = this.socketPath
      ? net.connect({ path: this.socketPath })
      : net.connect({ host: this.hostname, port: this.port, noDelay: true });
    socket.on('data', (chunk) => this.received(chunk));
    const fail = (err) => {
      const waiting = this.waiting;
      this.waiting = [];
      this.buffered = Buffer.alloc(0);
      for (const w of waiting) w.reject(err ?? new Error('Runtime API connection closed'));
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    this.socket = socket;
    return socket;
  }

  /** Parses as many whole responses as have arrived, answering the oldest requests. */
  received(chunk) {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const response = parseResponse(this.buffered);
      if (!response) break;
      this.buffered = this.buffered.subarray(response.length);
      this.waiting.shift()?.resolve(response);
    }
    if (this.waiting.length === 0) this.socket?.unref();
  }
}

/** One complete response at the start of buf — { status, headers, body, length } — or undefined. */
export function parseResponse(buf) {
  const headEnd = buf.indexOf(CRLF_CRLF);
  if (headEnd < 0) return undefined;
  const lines = buf.toString('latin1', 0, headEnd).split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
  }
  const start = headEnd + 4;
  if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
    return parseChunked(buf, start, status, headers);
  }
  const length = Number(headers['content-length'] ?? 0);
  if (buf.length < start + length) return undefined;
  return { status, headers, body: buf.subarray(start, start + length), length: start + length };
}

function parseChunked(buf, start, status, headers) {
  const parts = [];
  let at = start;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
    if (size === 0) {
      // The last chunk: trailers (if any), then an empty line.
      const end = buf.indexOf(CRLF_CRLF, lineEnd);
      if (end < 0) return undefined;
      return { status, headers, body: Buffer.concat(parts), length: end + 4 };
    }
    if (buf.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
