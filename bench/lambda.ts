// Issue "Foundation and Lambda" benchmark: server start, cold and warm invokes, invokes/s,
// against floors measured in the same run (bare spawn, bare HTTP round trip, bare HTTP server).
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import { startCumulo, type CumuloProcess } from '../test/e2e/harness.js';
import { httpFloor, spawnFloor } from './floors.js';
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

function childPids(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    const direct = children ? children.split(/\s+/).map(Number) : [];
    return direct.flatMap((c) => [c, ...childPids(c)]);
  } catch {
    return [];
  }
}

export async function benchLambda(): Promise<void> {
  process.stdout.write('\n== Lambda (issue: Foundation and Lambda) ==\n');
  const spawnF = await spawnFloor(20);
  const httpF = await httpFloor(2000, [8], DURATION_MS);
  line('floor: node -e spawn to exit', ms(spawnF.p50), `p99 ${ms(spawnF.p99)}`);
  line('floor: keep-alive HTTP round trip', ms(httpF.roundTrip.p50), `p99 ${ms(httpF.roundTrip.p99)}`);
  line('floor: bare node:http req/s (c=8)', httpF.perSecond.get(8)!.toFixed(0));

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
    await new Promise((r) => setTimeout(r, 1000));
    line('server RSS idle', `${rssMb(server.pid).toFixed(1)} MB`, '(target < 80 MB)');
    const client = new LambdaClient({
      ...server.clientConfig,
      requestHandler: new NodeHttpHandler({
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: 256 }),
      }),
    });
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
    line('cold start (first invoke after create)', ms(cold.p50), `p99 ${ms(cold.p99)}`);
    line('  ratio to spawn floor', (cold.p50 / spawnF.p50).toFixed(2) + 'x', '(target ≤ 0.5x)');

    await create('warm');
    for (let i = 0; i < 50; i++) await invoke('warm');
    const warm = summarize(await timeSerial(500, () => invoke('warm')));
    line('warm invoke (SDK, sequential)', ms(warm.p50), `p99 ${ms(warm.p99)}`);
    line(
      '  ratio to HTTP round-trip floor',
      (warm.p50 / httpF.roundTrip.p50).toFixed(2) + 'x',
      '(target ≤ 3x)',
    );
    for (const c of CONCURRENCIES) {
      const r = await throughput(c, DURATION_MS, () => invoke('warm'));
      const note = `p50 ${ms(r.latencies.p50)} p99 ${ms(r.latencies.p99)}`;
      line(`warm invokes/s at concurrency ${c}`, r.perSecond.toFixed(0), note);
      if (c === 8) {
        const ratio = r.perSecond / httpF.perSecond.get(8)!;
        line('  ratio to bare node:http req/s (c=8)', `${(ratio * 100).toFixed(1)}%`, '(target ≥ 15%)');
      }
    }
    const kids = childPids(server.pid);
    const kidRss = kids.reduce(
      (sum, pid) =>
        sum +
        (() => {
          try {
            return rssMb(pid);
          } catch {
            return 0;
          }
        })(),
      0,
    );
    line('runtime processes (environments + pool)', String(kids.length), `RSS ${kidRss.toFixed(1)} MB total`);
    line('server RSS after load', `${rssMb(server.pid).toFixed(1)} MB`);
    client.destroy();
  } finally {
    await server.dispose();
  }
}
