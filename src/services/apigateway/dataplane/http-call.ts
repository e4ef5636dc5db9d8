// One request to an HTTP integration's endpoint with node:http(s), given up after the integration
// timeout (the whole exchange). API Gateway does not retry.
import http from 'node:http';
import https from 'node:https';

export interface EndpointRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
}

export type EndpointOutcome =
  | { kind: 'ok'; status: number; headers: Record<string, string>; body: Buffer }
  | { kind: 'failed'; reason: string }
  | { kind: 'timeout' };

export function callEndpoint(call: EndpointRequest): Promise<EndpointOutcome> {
  return new Promise((done) => {
    // The whole exchange, not just an idle socket, must finish within the timeout.
    const timer = setTimeout(() => {
      req.destroy();
      done({ kind: 'timeout' });
    }, call.timeoutMs);
    const resolve = (outcome: EndpointOutcome): void => {
      clearTimeout(timer);
      done(outcome);
    };
    const client = call.url.protocol === 'https:' ? https : http;
    const req = client.request(
      call.url,
      {
        method: call.method,
        headers: { ...call.headers, 'content-length': String(call.body.length) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => resolve({ kind: 'failed', reason: e.message }));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ kind: 'ok', status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on('error', (e) => resolve({ kind: 'failed', reason: e.message }));
    req.end(call.body);
  });
}
