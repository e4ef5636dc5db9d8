// Issue "S3 … bucket notifications invoke functions" benchmark: large-object throughput against the
// disk floor, small-object ops/s at concurrency 16, and PutObject response → function's first line.
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startCumulo, type CumuloProcess } from '../test/e2e/harness.js';
import { processCpuMs } from './cpu.js';
import { reportingHandler, startReportSink } from './report-sink.js';
import { line, ms, summarize, throughput } from './stats.js';
import { zipFiles } from './zip.js';

const MiB = 1024 * 1024;

async function drain(body: unknown): Promise<number> {
  let n = 0;
  for await (const chunk of body as Readable) n += (chunk as Buffer).length;
  return n;
}

/**
 * PUT/GET over a bare keep-alive node:http client, SigV4-signed with UNSIGNED-PAYLOAD and no
 * checksum header: the client hashes nothing, so its time is (nearly) all the server's. Printed next
 * to the SDK's numbers, whose client by default SHA-256-signs every upload body and adds a CRC32 of it
 * (and checks the CRC32 of every download), all in the same process and on the same 2 cores.
 */
function rawS3(server: CumuloProcess, agent: http.Agent) {
  const signer = new SignatureV4({
    credentials: server.credentials,
    region: server.region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const send = async (method: 'PUT' | 'GET', key: string, body?: Buffer): Promise<number> => {
    const signed = await signer.sign({
      method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: server.port,
      path: `/bench/${key}`,
      query: {},
      headers: {
        host: `127.0.0.1:${server.port}`,
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        ...(body ? { 'content-length': String(body.length) } : {}),
      },
    });
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, method, path: signed.path, headers: signed.headers, agent },
        (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () =>
            res.statusCode === 200 ? resolve(n) : reject(new Error(`${method} ${key}: ${res.statusCode}`)),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
  return {
    put: (key: string, body: Buffer) => send('PUT', key, body),
    get: (key: string) => send('GET', key),
  };
}

/** Writes then reads `bytes` through a file on the disk the data dir lives on, fsync as S3 PUT does by default (none). */
async function diskFloor(
  dir: string,
  data: Buffer,
  repeat: number,
): Promise<{ write: number; read: number }> {
  let writeMs = 0;
  let readMs = 0;
  for (let i = 0; i < repeat; i++) {
    const file = path.join(dir, `floor-${i}`);
    let t = performance.now();
    await pipeline(Readable.from([data]), createWriteStream(file));
    writeMs += performance.now() - t;
    t = performance.now();
    await drain(createReadStream(file));
    readMs += performance.now() - t;
    rmSync(file);
  }
  const mb = (data.length * repeat) / MiB;
  return { write: mb / (writeMs / 1000), read: mb / (readMs / 1000) };
}

interface Rate {
  mbps: number;
  /** CPU the server process spent per MiB moved: independent of how busy the machine is. */
  serverCpuMsPerMiB: number;
}

/** `repeat` PUTs then GETs of `size` bytes each (keys of their own), timed as throughput. */
async function timePutGet(
  serverPid: number,
  repeat: number,
  size: number,
  ops: { put(key: string): Promise<unknown>; get(key: string): Promise<unknown> },
): Promise<{ put: Rate; get: Rate }> {
  const prefix = `big-${randomBytes(4).toString('hex')}`;
  const timed = async (op: (key: string) => Promise<unknown>): Promise<Rate> => {
    const cpu = processCpuMs(serverPid);
    const t = performance.now();
    for (let i = 0; i < repeat; i++) await op(`${prefix}-${i}`);
    const mib = (size * repeat) / MiB;
    return {
      mbps: mib / ((performance.now() - t) / 1000),
      serverCpuMsPerMiB: (processCpuMs(serverPid) - cpu) / mib,
    };
  };
  const put = await timed(ops.put);
  const get = await timed(ops.get);
  return { put, get };
}

function ratio(mbps: number, floor: number, serverCpuMsPerMiB: number): string {
  return `${((mbps / floor) * 100).toFixed(0)}% of floor (target ≥ 50%); server CPU ${serverCpuMsPerMiB.toFixed(2)} ms/MiB`;
}

export async function benchS3(): Promise<void> {
  process.stdout.write('\n== S3 (issue: S3 object storage with notifications) ==\n');
  line('load average (1 min) / cores', `${os.loadavg()[0]!.toFixed(1)} / ${os.cpus().length}`);
  const server = await startCumulo();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const s3 = new S3Client({
    ...server.clientConfig,
    forcePathStyle: true,
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  });
  const scratch = mkdtempSync(path.join(path.dirname(server.dataDir), 'cumulo-bench-disk-'));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    const raw = rawS3(server, agent);
    for (const [size, repeat] of [
      [1 * MiB, 30],
      [64 * MiB, 3],
    ] as const) {
      const data = randomBytes(size);
      const floor = await diskFloor(scratch, data, repeat);
      const label = `${size / MiB} MiB`;
      line(`floor: file write ${label}`, `${floor.write.toFixed(0)} MB/s`);
      line(`floor: file read ${label}`, `${floor.read.toFixed(0)} MB/s`);
      const sdk = await timePutGet(server.pid, repeat, size, {
        put: (key) => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: key, Body: data })),
        get: async (key) => drain((await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: key }))).Body),
      });
      const bare = await timePutGet(server.pid, repeat, size, {
        put: (key) => raw.put(key, data),
        get: (key) => raw.get(key),
      });
      for (const [name, r, f] of [
        ['PutObject', sdk.put, floor.write],
        ['GetObject', sdk.get, floor.read],
      ] as const) {
        line(`${name} ${label} (SDK)`, `${r.mbps.toFixed(0)} MB/s`, ratio(r.mbps, f, r.serverCpuMsPerMiB));
      }
      for (const [name, r, f] of [
        ['PUT', bare.put, floor.write],
        ['GET', bare.get, floor.read],
      ] as const) {
        line(
          `${name} ${label} raw http, UNSIGNED-PAYLOAD`,
          `${r.mbps.toFixed(0)} MB/s`,
          ratio(r.mbps, f, r.serverCpuMsPerMiB),
        );
      }
    }

    const small = randomBytes(1024);
    let n = 0;
    const puts = await throughput(16, 3000, () =>
      s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `small-${n++ % 500}`, Body: small })),
    );
    line(
      'small PutObject ops/s (1 KiB, c=16)',
      puts.perSecond.toFixed(0),
      `p50 ${ms(puts.latencies.p50)} p99 ${ms(puts.latencies.p99)}`,
    );
    let m = 0;
    const gets = await throughput(16, 3000, async () => {
      // Only keys the PUT loop wrote (it may have written fewer than 500 on a slow machine).
      const key = `small-${m++ % Math.min(n, 500)}`;
      const out = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: key }));
      await drain(out.Body);
    });
    line(
      'small GetObject ops/s (1 KiB, c=16)',
      gets.perSecond.toFixed(0),
      `p50 ${ms(gets.latencies.p50)} p99 ${ms(gets.latencies.p99)}`,
    );

    // PutObject response → the notified function's first line, with a warm environment.
    const sink = await startReportSink();
    const lambda = new LambdaClient(server.clientConfig);
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'on-upload',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/bench',
        Code: { ZipFile: await zipFiles({ 'index.js': reportingHandler(sink.url) }) },
      }),
    );
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'on-upload',
        StatementId: 's3',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: 'arn:aws:s3:::uploads',
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'uploads',
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            { LambdaFunctionArn: fn.FunctionArn!, Events: ['s3:ObjectCreated:*'] },
          ],
        },
      }),
    );
    await lambda.send(new InvokeCommand({ FunctionName: 'on-upload', Payload: Buffer.from('{}') }));
    await sink.next(); // warm
    const latencies: number[] = [];
    for (let i = 0; i < 100; i++) {
      await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: `photo-${i}.jpg`, Body: small }));
      const answered = Date.now();
      const report = await sink.next();
      latencies.push(report.firstLine - answered);
    }
    const lat = summarize(latencies);
    line(
      'PutObject response → function first line',
      ms(lat.p50),
      `p99 ${ms(lat.p99)} (target p50 < 10 ms; ms clock)`,
    );
    lambda.destroy();
    await sink.close();
  } finally {
    s3.destroy();
    agent.destroy();
    rmSync(scratch, { recursive: true, force: true });
    await server.dispose();
  }
}
