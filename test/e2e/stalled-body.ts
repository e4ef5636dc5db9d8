// A client that promises a request body and stops sending it: the request stays open, and the answer
// (if any) is what the server says about a body that stopped arriving.
import http from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CumuloProcess } from './harness.js';

export interface StalledAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Whether the server closed the connection after answering (within 5 s). */
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

export async function stalledRequest(server: CumuloProcess, r: StalledRequest): Promise<StalledAnswer> {
  const method = r.method ?? 'PUT';
  let headers: Record<string, string> = {
    host: `127.0.0.1:${server.port}`,
    'content-length': String(r.promised ?? 100),
    ...r.headers,
  };
  if (r.signFor) {
    const signer = new SignatureV4({ ...server, service: r.signFor, sha256: Sha256 });
    const q = r.path.indexOf('?');
    const signed = await signer.sign({
      method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: server.port,
      path: q >= 0 ? r.path.slice(0, q) : r.path,
      query: q >= 0 ? Object.fromEntries(new URLSearchParams(r.path.slice(q + 1))) : undefined,
      headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    headers = signed.headers;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, method, path: r.path, headers, agent: false },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d));
        res.on('end', () => {
          const answer = { status: res.statusCode ?? 0, headers: res.headers, body };
          const socket = req.socket!;
          if (socket.destroyed) return resolve({ ...answer, closed: true });
          const bound = setTimeout(() => resolve({ ...answer, closed: false }), 5000);
          socket.once('close', () => {
            clearTimeout(bound);
            resolve({ ...answer, closed: true });
          });
        });
      },
    );
    req.on('error', reject);
    req.write(Buffer.alloc(10, 0x20));
  });
}
