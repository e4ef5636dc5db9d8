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
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startCumulo } from '../test/e2e/harness.js';
import { reportingHandler, startReportSink } from './report-sink.js';
import { line, ms, summarize, throughput } from './stats.js';
import { zipFiles } from './zip.js';

const MiB = 1024 * 1024;

async function drain(body: unknown): Promise<number> {
  let n = 0;
  for await (const chunk of body as Readable) n += (chunk as Buffer).length;
  return n;
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

export async function benchS3(): Promise<void> {
  process.stdout.write('\n== S3 (issue: S3 object storage with notifications) ==\n');
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
    for (const [size, repeat] of [
      [1 * MiB, 30],
      [64 * MiB, 3],
    ] as const) {
      const data = randomBytes(size);
      const floor = await diskFloor(scratch, data, repeat);
      let putMs = 0;
      let getMs = 0;
      for (let i = 0; i < repeat; i++) {
        let t = performance.now();
        await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `big-${size}-${i}`, Body: data }));
        putMs += performance.now() - t;
        t = performance.now();
        const out = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `big-${size}-${i}` }));
        await drain(out.Body);
        getMs += performance.now() - t;
      }
      const mb = (size * repeat) / MiB;
      const put = mb / (putMs / 1000);
      const get = mb / (getMs / 1000);
      const label = `${size / MiB} MiB`;
      line(`floor: file write ${label}`, `${floor.write.toFixed(0)} MB/s`);
      line(`floor: file read ${label}`, `${floor.read.toFixed(0)} MB/s`);
      line(
        `PutObject ${label}`,
        `${put.toFixed(0)} MB/s`,
        `${((put / floor.write) * 100).toFixed(0)}% of floor (target ≥ 50%)`,
      );
      line(
        `GetObject ${label}`,
        `${get.toFixed(0)} MB/s`,
        `${((get / floor.read) * 100).toFixed(0)}% of floor (target ≥ 50%)`,
      );
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
      const out = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `small-${m++ % 500}` }));
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
