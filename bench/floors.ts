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

const FLOOR_BODY = JSON.stringify({ statusCode: 200, body: 'hello' });

/** The floor's server: answers every request with a small JSON body, as an invoke would. */
const SERVER_SOURCE = `
const http = require('node:http');
const body = ${JSON.stringify(FLOOR_BODY)};
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/**
 * The relay floor's front server: forwards each request over a keep-alive node:http client to an
 * upstream server in a third process and answers with its body — the process crossings of an
 * invoke (client → server → function process → server → client), with no work in between.
 */
const RELAY_SOURCE = `
const http = require('node:http');
const upstream = Number(process.argv[1]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const up = http.request({ host: '127.0.0.1', port: upstream, path: '/', method: 'POST', agent }, (ur) => {
      const got = [];
      ur.on('data', (c) => got.push(c));
      ur.on('end', () => {
        const body = Buffer.concat(got);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      });
    });
    up.end(Buffer.concat(chunks));
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

export interface HttpFloor {
  roundTrip: Summary;
  perSecond: Map<number, number>;
}

/**
 * A bare node:http server answering a small body, and a keep-alive node:http client POSTing `{}`.
 * `separate: false` (what the first run printed): server and client share one process
 * and one event loop, so a round trip never crosses processes — the lowest floor there is.
 * `separate: true`: the server is its own process, as Cumulo is to its clients; every request then
 * wakes another process, which costs what Cumulo's own hops cost.
 * `relay: true`: that server relays each request to a third process, as an invoke crosses from the
 * server to the function's process and back: the least any design with one process per
 * environment can cost.
 */
export async function httpFloor(
  n: number,
  concurrencies: number[],
  durationMs: number,
  options: { separate?: boolean; relay?: boolean } = {},
): Promise<HttpFloor> {
  const server = options.relay
    ? await relayServer()
    : options.separate
      ? await childServer()
      : await inProcessServer();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const post = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, path: '/', method: 'POST', agent },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
  try {
    for (let i = 0; i < 200; i++) await post();
    const roundTrip = summarize(await timeSerial(n, post));
    const perSecond = new Map<number, number>();
    for (const c of concurrencies) perSecond.set(c, (await throughput(c, durationMs, post)).perSecond);
    return { roundTrip, perSecond };
  } finally {
    agent.destroy();
    await server.close();
  }
}

interface FloorServer {
  port: number;
  close(): Promise<void>;
}

async function inProcessServer(): Promise<FloorServer> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(FLOOR_BODY),
      });
      res.end(FLOOR_BODY);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A relay in its own process in front of a bare server in another (see RELAY_SOURCE). */
async function relayServer(): Promise<FloorServer> {
  const upstream = await childServer();
  const front = await childServer(RELAY_SOURCE, [String(upstream.port)]);
  return {
    port: front.port,
    close: async () => {
      await front.close();
      await upstream.close();
    },
  };
}

async function childServer(source = SERVER_SOURCE, args: string[] = []): Promise<FloorServer> {
  const child = spawn(process.execPath, ['-e', source, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
  });
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGKILL');
      }),
  };
}
