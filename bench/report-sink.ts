// A tiny HTTP server in the benchmark process that functions report to (they use node:http, which
// costs nothing at start-up), so the benchmark sees when a function's first line ran.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReportSink {
  url: string;
  /** Resolves with the next report's JSON body. */
  next(): Promise<any>;
  close(): Promise<void>;
}

export async function startReportSink(): Promise<ReportSink> {
  const queue: any[] = [];
  const waiters: Array<(v: any) => void> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      res.end('ok');
      const value = { ...JSON.parse(body), receivedAt: Date.now() };
      const waiter = waiters.shift();
      if (waiter) waiter(value);
      else queue.push(value);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Source of a Node handler whose first line reports Date.now() to the sink, then returns. */
export function reportingHandler(sinkUrl: string): string {
  return `const http = require('node:http');
exports.handler = async (event) => {
  const firstLine = Date.now();
  await new Promise((resolve) => {
    const req = http.request(${JSON.stringify(sinkUrl)}, { method: 'POST' }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', resolve);
    req.end(JSON.stringify({ firstLine, key: event.Records ? event.Records[0].s3.object.key : undefined }));
  });
  return { ok: true };
};
`;
}
