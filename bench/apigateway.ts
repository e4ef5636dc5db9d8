// Issue "API Gateway and function URLs" benchmark: HTTP request → HTTP API route → warm function →
// response, at concurrency 16, against a bare node:http server answering the same body in the same run,
// and against `serverless offline` (npm serverless-offline 13 on the Serverless Framework v3) serving
// the same handler file through an `httpApi` event, with the same client and the same load.
//
// serverless-offline is measured in both of its Node.js run modes, warm (no --reloadHandler):
// - in-process (`--useInProcess`): the handler module is loaded once and called in the server's own
//   thread — its fastest mode, no isolation between invocations;
// - worker threads (its default): one worker thread per concurrent invocation, reused while warm —
//   the closer match to Cumulo's one-invocation-per-environment processes.
// CPU ms per request of the whole server (Cumulo with its function processes; serverless-offline
// with its threads) is printed beside req/s, because wall-clock numbers on a shared machine are noisy.
// If serverless-offline cannot be installed or started, the bench says why and goes on.
import { ApiGatewayV2Client, CreateApiCommand } from '@aws-sdk/client-apigatewayv2';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCumulo } from '../test/e2e/harness.js';
import { sampleCpu } from './cpu.js';
import { installServerlessOffline, startServerlessOffline, type OfflineMode } from './serverless-offline.js';
import { line, ms, throughput, type Summary } from './stats.js';
import { zipFiles } from './zip.js';

const BODY = JSON.stringify({ hello: 'world' });
const ROUTE = '/items';
const CONCURRENCY = 16;
const DURATION_MS = 4000;
const WARM_UP_MS = 1000;
/** The one handler file every contender serves. */
const HANDLER_FILES = {
  'index.mjs': `export const handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(BODY)} });\n`,
};
const OFFLINE_MODES: OfflineMode[] = ['in-process', 'worker-threads'];

interface Measured {
  perSecond: number;
  latencies: Summary;
  /** Server CPU ms per request, its function processes included. */
  cpuMsPerRequest: number;
}

function getter(port: number, path: string, agent: http.Agent): () => Promise<void> {
  return () =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end();
    });
}

/**
 * The same load for every server: warm up (serially, then at full concurrency so that every
 * environment or worker the load needs exists), then CONCURRENCY loops for DURATION_MS.
 */
async function measure(serverPid: number, get: () => Promise<void>): Promise<Measured> {
  for (let i = 0; i < 200; i++) await get();
  await throughput(CONCURRENCY, WARM_UP_MS, get);
  const before = sampleCpu(serverPid);
  const r = await throughput(CONCURRENCY, DURATION_MS, get);
  const after = sampleCpu(serverPid);
  const requests = (r.perSecond * DURATION_MS) / 1000;
  const cpu = after.server + after.runtimes - before.server - before.runtimes;
  return { ...r, cpuMsPerRequest: cpu / Math.max(1, requests) };
}

function print(name: string, m: Measured, target = ''): void {
  line(
    `${name} req/s (c=${CONCURRENCY})`,
    m.perSecond.toFixed(0),
    `p50 ${ms(m.latencies.p50)} p99 ${ms(m.latencies.p99)}, server CPU ${m.cpuMsPerRequest.toFixed(3)} ms/req${target}`,
  );
}

async function bareFloor(agent: http.Agent): Promise<Measured> {
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
    res.end(BODY);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  // The floor's server runs in this process: its CPU is not separable from the client's.
  const r = await throughput(
    CONCURRENCY,
    DURATION_MS,
    getter((bare.address() as AddressInfo).port, ROUTE, agent),
  );
  await new Promise<void>((r) => bare.close(() => r()));
  return { ...r, cpuMsPerRequest: NaN };
}

async function cumulo(agent: http.Agent): Promise<Measured> {
  const server = await startCumulo();
  try {
    const lambda = new LambdaClient(server.clientConfig);
    const apis = new ApiGatewayV2Client(server.clientConfig);
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'api-handler',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/bench',
        Code: { ZipFile: await zipFiles(HANDLER_FILES) },
      }),
    );
    const api = await apis.send(
      new CreateApiCommand({ Name: 'bench', ProtocolType: 'HTTP', Target: fn.FunctionArn }),
    );
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'api-handler',
        StatementId: 'apigw',
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: `arn:aws:execute-api:us-east-1:000000000000:${api.ApiId}/*`,
      }),
    );
    lambda.destroy();
    apis.destroy();
    return await measure(server.pid, getter(server.port, `/_aws/execute-api/${api.ApiId}${ROUTE}`, agent));
  } finally {
    await server.dispose();
  }
}

/** serverless-offline in one mode; never throws: says why it was not measured instead. */
async function serverlessOffline(
  mode: OfflineMode,
  agent: http.Agent,
  cumuloPerSecond: number,
): Promise<void> {
  let server;
  try {
    server = await startServerlessOffline(HANDLER_FILES, ROUTE, mode);
    const m = await measure(server.pid, getter(server.port, ROUTE, agent));
    print(`serverless-offline, ${mode}`, m);
    line(`  Cumulo's req/s to it`, `${(cumuloPerSecond / m.perSecond).toFixed(2)}x`);
  } catch (err) {
    notMeasured(`${mode}: ${(err as Error).message}`);
  } finally {
    await server?.stop().catch(() => {});
  }
}

function notMeasured(reason: string): void {
  process.stdout.write(`serverless-offline: not measured — ${reason}\n`);
}

export async function benchApiGateway(): Promise<void> {
  process.stdout.write('\n== API Gateway HTTP API (issue: API Gateway and function URLs) ==\n');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  try {
    const floor = await bareFloor(agent);
    line(
      `floor: bare node:http req/s (c=${CONCURRENCY})`,
      floor.perSecond.toFixed(0),
      `p50 ${ms(floor.latencies.p50)} p99 ${ms(floor.latencies.p99)}`,
    );
    const r = await cumulo(agent);
    print('HTTP API → function', r, ' (target p50 < 2 ms)');
    line(
      '  ratio to bare node:http',
      `${((r.perSecond / floor.perSecond) * 100).toFixed(1)}%`,
      '(target ≥ 25%)',
    );
    let versions;
    try {
      versions = await installServerlessOffline();
    } catch (err) {
      notMeasured((err as Error).message);
    }
    if (versions) {
      process.stdout.write(`serverless-offline: ${versions}, warm, same load\n`);
      for (const mode of OFFLINE_MODES) await serverlessOffline(mode, agent, r.perSecond);
    }
  } finally {
    agent.destroy();
  }
}
