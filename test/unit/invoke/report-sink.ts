// A tiny HTTP server the test functions report to, so a test can see what a function received (and
// when) without peeking inside Cumulo. Tests wait on its messages with a bounded timeout.
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Report {
  fn: string;
  requestId: string;
  version: string;
  event: any;
  /** When the sink received it. */
  at: number;
}

export class Sink {
  readonly reports: Report[] = [];
  private readonly events = new EventEmitter();
  private server!: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const report = { ...JSON.parse(Buffer.concat(chunks).toString()), at: Date.now() } as Report;
        this.reports.push(report);
        res.end('ok');
        this.events.emit('report');
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Waits until `count` reports match, and returns them. */
  async waitFor(match: (r: Report) => boolean, count = 1, timeoutMs = 15_000): Promise<Report[]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      for (;;) {
        const found = this.reports.filter(match);
        if (found.length >= count) return found;
        await once(this.events, 'report', { signal: controller.signal });
      }
    } catch {
      const seen = JSON.stringify(this.reports.map((r) => ({ fn: r.fn, event: r.event })));
      throw new Error(`expected ${count} matching reports within ${timeoutMs} ms; saw ${seen}`);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

/**
 * The test function: reports what it got to $SINK, then fails when asked (event.fail), sleeps
 * (event.sleepMs), logs, and answers { ok, event }.
 */
export const REPORTING_HANDLER = `
const http = require('http');
function report(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(process.env.SINK, { method: 'POST' }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
exports.handler = async (event, context) => {
  await report({ fn: context.functionName, requestId: context.awsRequestId, version: context.functionVersion, event });
  console.log('handling', JSON.stringify(event));
  if (event && event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  if (event && event.fail) throw new Error('failing on purpose');
  if (event && event.big) return 'x'.repeat(event.big);
  return { ok: true, event };
};
`;
