// Issue "API Gateway and function URLs" benchmark: HTTP request → HTTP API route → warm function →
// response, at concurrency 16, against a bare node:http server answering the same body in the same run.
import { ApiGatewayV2Client, CreateApiCommand } from '@aws-sdk/client-apigatewayv2';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCumulo } from '../test/e2e/harness.js';
import { line, ms, throughput } from './stats.js';
import { zipFiles } from './zip.js';

const BODY = JSON.stringify({ hello: 'world' });
const CONCURRENCY = 16;
const DURATION_MS = 4000;

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

export async function benchApiGateway(): Promise<void> {
  process.stdout.write('\n== API Gateway HTTP API (issue: API Gateway and function URLs) ==\n');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
    res.end(BODY);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const floor = await throughput(
    CONCURRENCY,
    DURATION_MS,
    getter((bare.address() as AddressInfo).port, '/items', agent),
  );
  await new Promise<void>((r) => bare.close(() => r()));
  line(
    `floor: bare node:http req/s (c=${CONCURRENCY})`,
    floor.perSecond.toFixed(0),
    `p50 ${ms(floor.latencies.p50)} p99 ${ms(floor.latencies.p99)}`,
  );

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
        Code: {
          ZipFile: await zipFiles({
            'index.mjs': `export const handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(BODY)} });\n`,
          }),
        },
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
    const get = getter(server.port, `/_aws/execute-api/${api.ApiId}/items`, agent);
    for (let i = 0; i < 200; i++) await get();
    const r = await throughput(CONCURRENCY, DURATION_MS, get);
    line(
      `HTTP API → function req/s (c=${CONCURRENCY})`,
      r.perSecond.toFixed(0),
      `p50 ${ms(r.latencies.p50)} p99 ${ms(r.latencies.p99)} (target p50 < 2 ms)`,
    );
    line(
      '  ratio to bare node:http',
      `${((r.perSecond / floor.perSecond) * 100).toFixed(1)}%`,
      '(target ≥ 25%)',
    );
    line('serverless-offline', 'not measured', '(needs the Serverless Framework CLI, not installed here)');
    lambda.destroy();
    apis.destroy();
  } finally {
    agent.destroy();
    await server.dispose();
  }
}
