// A client that promises a request body and stops sending it: the request stays open, and the answer
// (if any) is what the server says about a body that stopped arriving.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CumuloProcess } from './harness.js';
import { within } from '../unit/within.js';

export interface StalledAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Whether the server closed the connection after answering (the wait fails after 5 s otherwise). */
  closed: boolean;
}

export interface StalledRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** SigV4-sign the request for this service (payload UNSIGNED-PAYLOAD), as an SDK would. */
  signFor?: string;
  /** Bytes the Content-Length promises (100); only the first 10 are sent. */
  promised?: number;
}

/** The headers of a request SigV4-signed for `service` with an unsigned payload, as an SDK would. */
async function signedHeaders(
  server: CumuloProcess,
  method: string,
  path: string,
  headers: Record<string, string>,
  service: string,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ ...server, service, sha256: Sha256 });
  const q = path.indexOf('?');
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: server.port,
    path: q >= 0 ? path.slice(0, q) : path,
    query: q >= 0 ? Object.fromEntries(new URLSearchParams(path.slice(q + 1))) : undefined,
    headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  return signed.headers;
}

export async function stalledRequest(server: CumuloProcess, r: StalledRequest): Promise<StalledAnswer> {
  const method = r.method ?? 'PUT';
  let headers: Record<string, string> = {
    host: `127.0.0.1:${server.port}`,
    'content-length': String(r.promised ?? 100),
    ...r.headers,
  };
  if (r.signFor) headers = await signedHeaders(server, method, r.path, headers, r.signFor);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method, path: r.path, headers, agent: false },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d));
        res.on('end', () => {
          const answer = { status: res.statusCode ?? 0, headers: res.headers, body };
          const socket = req.socket!;
          const closed = socket.destroyed
            ? Promise.resolve()
            : new Promise<void>((done) => socket.once('close', () => done()));
          // A connection the server keeps open fails the wait (5 s) instead of holding the test.
          within(closed, 5000, 'the server to close the connection').then(
            () => resolve({ ...answer, closed: true }),
            reject,
          );
        });
      },
    );
    req.on('error', reject);
    req.write(Buffer.alloc(10, 0x20));
  });
}

/**
 * A client that sends part of a signed request body and goes away: over HTTP/1.1 it closes the
 * connection, over HTTP/2 (prior knowledge) it resets the stream. Resolves once the client is gone.
 */
export async function cutRequest(
  server: CumuloProcess,
  r: StalledRequest & { signFor: string; http2?: boolean },
): Promise<void> {
  const method = r.method ?? 'PUT';
  const headers = await signedHeaders(
    server,
    method,
    r.path,
    { host: `127.0.0.1:${server.port}`, 'content-length': String(r.promised ?? 100), ...r.headers },
    r.signFor,
  );
  if (r.http2) {
    const session = http2.connect(server.endpoint);
    session.on('error', () => undefined);
    const { host: _host, ...rest } = headers;
    const stream = session.request({ ':method': method, ':path': r.path, ...rest }, { endStream: false });
    stream.on('error', () => undefined);
    stream.write(Buffer.alloc(10, 0x20));
    await new Promise<void>((resolve) => {
      stream.on('close', () => resolve());
      // Reset once the server has the headers and the first bytes (its answer would come later).
      setImmediate(() => stream.close(http2.constants.NGHTTP2_CANCEL));
    });
    session.close();
    return;
  }
  const socket = net.connect(server.port, '127.0.0.1');
  socket.on('error', () => undefined);
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.write(`${method} ${r.path} HTTP/1.1\r\n${head.join('')}\r\n${' '.repeat(10)}`);
  await new Promise<void>((resolve) => socket.end(resolve));
  socket.destroy();
}
