// Issue "Foundation and Lambda" benchmark: server start, cold and warm invokes, invokes/s (through
// the SDK and through a bare signed node:http client), CPU per invoke, environments, against floors
// measured in the same run (bare spawn, bare HTTP round trip and server, in one and two processes).
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import os from 'node:os';
import { startCumulo, type CumuloProcess } from '../test/e2e/harness.js';
import { cpuPerOp, descendants, sampleCpu } from './cpu.js';
import { httpFloor, spawnFloor } from './floors.js';
import { rawInvoker } from './raw-invoke.js';
import { line, ms, summarize, throughput, timeSerial } from './stats.js';
import { zipFiles } from './zip.js';

const ROLE = 'arn:aws:iam::000000000000:role/bench';
const CONCURRENCIES = [1, 2, 8, 64];
const DURATION_MS = 3000;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function runtimeRss(serverPid: number): { count: number; mb: number } {
  const kids = descendants(serverPid);
  const mb = kids.reduce((sum, pid) => {
    try {
      return sum + rssMb(pid);
    } catch {
      return sum;
    }
  }, 0);
  return { count: kids.length, mb };
}

const ratio = (x: number, floor: number): string => `${(x / floor).toFixed(2)}x`;
const load = (): string =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${os.availableParallelism()} CPUs`;

/**
 * The floors, each measured in this run:
 * - spawn: `node -e ''` from spawn to exit, clean environment (what a cold start without a pool pays);
 * - HTTP, one process: a bare node:http server and a keep-alive client in this process — no
 *   round trip crosses processes (the floor the first run printed);
 * - HTTP, two processes: the same server in its own process, as Cumulo is to its clients.
 * An invoke crosses processes four times (client → server → function process → server → client)
 * and is signed, so it cannot reach the one-process floor; both ratios are printed.
 */
export async function benchLambda(): Promise<void> {
  process.stdout.write('\n== Lambda (issue: Foundation and Lambda) ==\n');
  process.stdout.write(`${load()} at start\n`);
  const spawnF = await spawnFloor(20);
  const httpF = await httpFloor(2000, [8], DURATION_MS);
  const httpF2 = await httpFloor(2000, [8], DURATION_MS, { separate: true });
  const relayF = await httpFloor(2000, [8], DURATION_MS, { relay: true });
  line('floor: node -e spawn to exit', ms(spawnF.p50), `p99 ${ms(spawnF.p99)}`);
  line(
    'floor: keep-alive HTTP round trip, 1 process',
    ms(httpF.roundTrip.p50),
    `p99 ${ms(httpF.roundTrip.p99)}`,
  );
  line(
    'floor: keep-alive HTTP round trip, 2 processes',
    ms(httpF2.roundTrip.p50),
    `p99 ${ms(httpF2.roundTrip.p99)}`,
  );
  line(
    'floor: relayed HTTP round trip, 3 processes',
    ms(relayF.roundTrip.p50),
    `p99 ${ms(relayF.roundTrip.p99)} (client → server → another process → server → client)`,
  );
  line('floor: bare node:http req/s (c=8), 1 process', httpF.perSecond.get(8)!.toFixed(0));
  line('floor: bare node:http req/s (c=8), 2 processes', httpF2.perSecond.get(8)!.toFixed(0));
  line('floor: relayed node:http req/s (c=8), 3 processes', relayF.perSecond.get(8)!.toFixed(0));

  // Server start to ready, several times on fresh data dirs.
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const s = await startCumulo();
    starts.push(performance.now() - t);
    await s.dispose();
  }
  const start = summarize(starts);
  line('server start to ready (spawn → ready line)', ms(start.p50), `p99 ${ms(start.p99)} (target < 500 ms)`);

  const server: CumuloProcess = await startCumulo();
  try {
    // Idle means idle: the pool has started and nothing runs (an idle server uses no CPU).
    await new Promise((r) => setTimeout(r, 1000));
    line('server RSS idle', `${rssMb(server.pid).toFixed(1)} MB`, '(target < 80 MB)');
    const idlePool = runtimeRss(server.pid);
    line('  pool processes idle', String(idlePool.count), `RSS ${idlePool.mb.toFixed(1)} MB total`);
    const client = new LambdaClient({
      ...server.clientConfig,
      requestHandler: new NodeHttpHandler({
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: 256 }),
      }),
    });
    const raw = rawInvoker({ port: server.port, region: server.region, ...server.credentials });
    const zip = await zipFiles({
      'index.mjs': 'export const handler = async (event) => ({ ok: true, event });\n',
    });
    const create = (name: string) =>
      client.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE,
          Code: { ZipFile: zip },
        }),
      );
    const invoke = (name: string) =>
      client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
    const invokeRaw = async (name: string): Promise<void> => {
      const out = await raw.invoke(name, '{}');
      if (out.status !== 200) throw new Error(`raw invoke answered ${out.status}: ${out.body}`);
    };

    // Cold start: first invoke after CreateFunction, with the pool warm (given time to refill).
    const colds: number[] = [];
    for (let i = 0; i < 10; i++) {
      await create(`cold-${i}`);
      await new Promise((r) => setTimeout(r, 300));
      const t = performance.now();
      const out = await invoke(`cold-${i}`);
      colds.push(performance.now() - t);
      if (out.FunctionError) throw new Error(`cold invoke failed: ${Buffer.from(out.Payload!).toString()}`);
    }
    const cold = summarize(colds);
    line('cold start (first invoke after create, SDK)', ms(cold.p50), `p99 ${ms(cold.p99)}`);
    line('  ratio to spawn floor', ratio(cold.p50, spawnF.p50), '(target ≤ 0.5x)');

    await create('warm');
    // Warm means the environment and the server's code paths (JIT) alike: the same steady state
    // the throughput runs below reach.
    for (let i = 0; i < 500; i++) await invoke('warm');
    for (let i = 0; i < 500; i++) await invokeRaw('warm');
    let before = sampleCpu(server.pid);
    const warm = summarize(await timeSerial(500, () => invoke('warm')));
    const warmCpu = cpuPerOp(before, sampleCpu(server.pid), 500);
    before = sampleCpu(server.pid);
    const warmRaw = summarize(await timeSerial(500, () => invokeRaw('warm')));
    const warmRawCpu = cpuPerOp(before, sampleCpu(server.pid), 500);
    line('warm invoke (SDK, sequential)', ms(warm.p50), `p99 ${ms(warm.p99)}`);
    line('  ratio to HTTP round trip, 1 process', ratio(warm.p50, httpF.roundTrip.p50), '(target ≤ 3x)');
    line('  ratio to HTTP round trip, 2 processes', ratio(warm.p50, httpF2.roundTrip.p50));
    line('  ratio to relayed round trip, 3 processes', ratio(warm.p50, relayF.roundTrip.p50));
    line('  ' + warmCpu, '');
    line('warm invoke (raw signed node:http, sequential)', ms(warmRaw.p50), `p99 ${ms(warmRaw.p99)}`);
    line('  ratio to HTTP round trip, 1 process', ratio(warmRaw.p50, httpF.roundTrip.p50), '(target ≤ 3x)');
    line('  ratio to HTTP round trip, 2 processes', ratio(warmRaw.p50, httpF2.roundTrip.p50));
    line('  ratio to relayed round trip, 3 processes', ratio(warmRaw.p50, relayF.roundTrip.p50));
    line('  ' + warmRawCpu, '');
    for (const c of CONCURRENCIES) {
      for (const [how, fn] of [
        ['SDK', () => invoke('warm')],
        ['raw', () => invokeRaw('warm')],
      ] as const) {
        before = sampleCpu(server.pid);
        const r = await throughput(c, DURATION_MS, fn);
        const cpu = cpuPerOp(before, sampleCpu(server.pid), (r.perSecond * DURATION_MS) / 1000);
        const note = `p50 ${ms(r.latencies.p50)} p99 ${ms(r.latencies.p99)}`;
        line(`warm invokes/s at concurrency ${c} (${how})`, r.perSecond.toFixed(0), note);
        if (c === 8) {
          const of = (floor: number): string => `${((r.perSecond / floor) * 100).toFixed(1)}%`;
          line('  of bare node:http req/s (c=8), 1 process', of(httpF.perSecond.get(8)!), '(target ≥ 15%)');
          line('  of bare node:http req/s (c=8), 2 processes', of(httpF2.perSecond.get(8)!));
          line('  of relayed node:http req/s (c=8), 3 processes', of(relayF.perSecond.get(8)!));
          line('  ' + cpu, '');
        }
      }
      const envs = runtimeRss(server.pid);
      line(
        `  runtime processes after c=${c}`,
        String(envs.count),
        `RSS ${envs.mb.toFixed(1)} MB total (pool included)`,
      );
    }
    line('server RSS after load', `${rssMb(server.pid).toFixed(1)} MB`);
    client.destroy();
    raw.close();
  } finally {
    await server.dispose();
  }
  process.stdout.write(`${load()} at end\n`);
}
