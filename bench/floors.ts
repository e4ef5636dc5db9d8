// Floors measured in the same run as the benchmarks they put in proportion.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { summarize, throughput, timeSerial, type Summary } from './stats.js';

/** Bare `node -e ''` spawn to exit, with a clean environment (as function processes get). */
export async function spawnFloor(n: number): Promise<Summary> {
  const samples = await timeSerial(
    n,
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', ''], {
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        });
        child.on('error', reject);
        child.on('exit', () => resolve());
      }),
  );
  return summarize(samples);
}

/** A bare node:http server answering a small body, and a keep-alive client. */
export async function httpFloor(
  n: number,
  concurrencies: number[],
  durationMs: number,
): Promise<{ roundTrip: Summary; perSecond: Map<number, number> }> {
  const body = JSON.stringify({ statusCode: 200, body: 'hello' });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const get = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/', method: 'POST', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end('{}');
    });
  for (let i = 0; i < 200; i++) await get();
  const roundTrip = summarize(await timeSerial(n, get));
  const perSecond = new Map<number, number>();
  for (const c of concurrencies) perSecond.set(c, (await throughput(c, durationMs, get)).perSecond);
  agent.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  return { roundTrip, perSecond };
}
