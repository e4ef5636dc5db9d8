// Plain node:http requests to function URLs, in both forms (host name and /_aws/lambda-url/ path),
// signed with SigV4 when asked.
import http from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface UrlResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface UrlRequest {
  method?: string;
  /** Path (and query) after the URL's root, e.g. '/items?x=1'. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** 'host' (default) uses the {id}.lambda-url.{region}.localhost host name; 'path' the path form. */
  form?: 'host' | 'path';
  sign?: { accessKeyId: string; secretAccessKey: string };
}

/** The URL id of a FunctionUrl Cumulo reported. */
export const urlIdOf = (functionUrl: string): string => new URL(functionUrl).hostname.split('.')[0]!;

export async function callUrl(port: number, urlId: string, req: UrlRequest = {}): Promise<UrlResponse> {
  const rel = req.path ?? '/';
  const form = req.form ?? 'host';
  const host = form === 'host' ? `${urlId}.lambda-url.us-east-1.localhost:${port}` : `localhost:${port}`;
  const fullPath = form === 'host' ? rel : `/_aws/lambda-url/${urlId}${rel}`;
  let headers: Record<string, string> = { host, ...(req.headers ?? {}) };
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  if (body) headers['content-length'] = String(body.length);
  if (req.sign) {
    const q = fullPath.indexOf('?');
    const query = q >= 0 ? Object.fromEntries(new URLSearchParams(fullPath.slice(q + 1))) : undefined;
    const signer = new SignatureV4({
      service: 'lambda',
      region: 'us-east-1',
      credentials: req.sign,
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: req.method ?? 'GET',
      protocol: 'http:',
      hostname: host.split(':')[0]!,
      port,
      path: q >= 0 ? fullPath.slice(0, q) : fullPath,
      ...(query ? { query } : {}),
      headers,
      ...(body ? { body } : {}),
    });
    headers = signed.headers as Record<string, string>;
  }
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: '127.0.0.1', port, method: req.method ?? 'GET', path: fullPath, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}
