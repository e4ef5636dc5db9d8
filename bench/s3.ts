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
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startCumulo } from '../test/e2e/harness.js';
import { reportingHandler, startReportSink } from './report-sink.js';
import { benchLargeObjects, drain, HandOffClock } from './s3-large.js';
import { line, ms, summarize, throughput } from './stats.js';
import { zipFiles } from './zip.js';

export async function benchS3(): Promise<void> {
  process.stdout.write('\n== S3 (issue: S3 object storage with notifications) ==\n');
  line('load average (1 min) / cores', `${os.loadavg()[0]!.toFixed(1)} / ${os.cpus().length}`);
  const server = await startCumulo();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const clock = new HandOffClock({ httpAgent: agent });
  const s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true, requestHandler: clock });
  const scratch = mkdtempSync(path.join(path.dirname(server.dataDir), 'cumulo-bench-disk-'));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    await benchLargeObjects(server, s3, clock, agent, scratch);

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
