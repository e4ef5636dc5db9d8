// Shared by the S3 end-to-end tests: clients for both addressing styles, error assertions, and
// hand-signed raw requests for what the SDK will not send (truncated or mislabelled bodies).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { CumuloProcess } from '../../e2e/harness.js';
import { serverSuite } from '../../e2e/server-suite.js';

/** Path-style client (`http://127.0.0.1:port/bucket/key`). */
export function pathClient(server: CumuloProcess, extra: Record<string, unknown> = {}): S3Client {
  return new S3Client({ ...server.clientConfig, forcePathStyle: true, ...extra });
}

/**
 * Virtual-hosted-style client: requests go to `<bucket>.s3.localhost:<port>`, resolved to the
 * loopback address whatever the machine's resolver does with *.localhost.
 */
export function virtualHostClient(server: CumuloProcess): S3Client {
  const agent = new http.Agent({
    keepAlive: true,
    lookup: (_host, options, cb) => {
      if ((options as { all?: boolean }).all) (cb as any)(null, [{ address: '127.0.0.1', family: 4 }]);
      else (cb as any)(null, '127.0.0.1', 4);
    },
  });
  return new S3Client({
    ...server.clientConfig,
    endpoint: `http://s3.localhost:${server.port}`,
    forcePathStyle: false,
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  });
}

/** Asserts that `promise` fails with S3's error `code` (and HTTP status), returning the error. */
export async function s3Error(promise: Promise<unknown>, code: string, status?: number): Promise<any> {
  try {
    await promise;
  } catch (e: any) {
    assert.equal(e.name, code, `expected ${code}, got ${e.name}: ${e.message}`);
    if (status !== undefined) assert.equal(e.$metadata?.httpStatusCode, status);
    return e;
  }
  assert.fail(`expected ${code}, but the request succeeded`);
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Sends a SigV4-signed request whose body may differ from what its headers promise (`send` is
 * written, then the socket ends when it is shorter than its Content-Length). The signature covers UNSIGNED-PAYLOAD, so only S3's own body
 * checks decide.
 */
export async function rawS3(
  server: CumuloProcess,
  method: string,
  path: string,
  headers: Record<string, string>,
  send: Buffer,
  query: Record<string, string> = {},
): Promise<RawResponse> {
  const signer = new SignatureV4({
    service: 's3',
    region: server.region,
    credentials: server.credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: server.port,
    path,
    query,
    headers: { host: `127.0.0.1:${server.port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
  });
  const qs = new URLSearchParams(query).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path: qs ? `${path}?${qs}` : path,
        headers: signed.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      // The server may answer and close before the client finished writing a truncated body.
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') resolve({ status: 0, headers: {}, body: '' });
      else reject(e);
    });
    const declared = Number(signed.headers['content-length'] ?? send.length);
    if (declared > send.length) {
      // Truncated: write what there is, then close our side as a client that died mid-upload would.
      req.write(send, () => req.socket?.end());
    } else {
      req.end(send);
    }
  });
}

export const md5b64 = (b: Buffer | string): string => createHash('md5').update(b).digest('base64');

/**
 * A suite's own server, path-style client and bucket: started before its tests (and handed to
 * `started`), disposed after them.
 */
export function s3Suite(
  bucket: string,
  started: (suite: { server: CumuloProcess; s3: S3Client }) => void,
): void {
  serverSuite<{ s3: S3Client }>(async (server) => {
    const s3 = pathClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    return { s3 };
  }, started);
}
