// Delivery guarantees of S3 notifications: an event whose PutObject answered 200 is delivered even
// when the server is killed (kill -9) while the function runs it, and S3's permission is checked at
// delivery — after RemovePermission the event is dropped and logged, never delivered.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { GetBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Sink, type Report } from '../unit/invoke/report-sink.js';
import { allowBucket, createNotifiedFunction, notifiedBucket } from '../unit/notifications/e2e-helpers.js';
import { startCumulo, waitFor, type CumuloProcess } from './harness.js';

let server: CumuloProcess;
let lambda: LambdaClient;
let s3: S3Client;
const sink = new Sink();

const connect = (): void => {
  lambda = new LambdaClient(server.clientConfig);
  s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true });
};

before(async () => {
  await sink.start();
  server = await startCumulo({ args: ['--retry-delay-scale', '0.001'] });
  connect();
});

after(async () => {
  lambda?.destroy();
  s3?.destroy();
  await server?.dispose();
  sink.close();
});

const forKey = (bucket: string, key: string) => (r: Report) =>
  r.event?.Records?.[0]?.s3?.bucket?.name === bucket && r.event.Records[0].s3.object.key === key;

describe('S3 notification delivery', () => {
  it('delivers again after kill -9 while the function was running the event', async () => {
    // The function reports, then takes 5 s: the server is killed while it runs.
    await createNotifiedFunction(lambda, 'slow', sink.url, { SLOW_MS: '5000' });
    await notifiedBucket(s3, lambda, 'durable', 'slow', ['s3:ObjectCreated:*']);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'durable', Key: 'kept.txt', Body: 'x' }));
    assert.equal(put.$metadata.httpStatusCode, 200);
    const [first] = await sink.waitFor(forKey('durable', 'kept.txt'));
    await server.kill();
    server = await server.restart();
    lambda.destroy();
    s3.destroy();
    connect();
    const both = await sink.waitFor(forKey('durable', 'kept.txt'), 2, 30_000);
    // At least once: the same invocation (request id) and the same event document, again.
    assert.equal(both[1]!.requestId, first!.requestId);
    assert.deepEqual(both[1]!.event, first!.event);
  });

  it('drops and logs events once RemovePermission took S3 away, and resumes when it is back', async () => {
    await createNotifiedFunction(lambda, 'guarded', sink.url);
    await notifiedBucket(s3, lambda, 'guarded-bucket', 'guarded', ['s3:ObjectCreated:*']);
    await s3.send(new PutObjectCommand({ Bucket: 'guarded-bucket', Key: 'before.txt', Body: 'x' }));
    await sink.waitFor(forKey('guarded-bucket', 'before.txt'));

    await lambda.send(
      new RemovePermissionCommand({ FunctionName: 'guarded', StatementId: 's3-guarded-bucket' }),
    );
    // S3 keeps its configuration; only the invocations fail.
    const config = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'guarded-bucket' }));
    assert.equal(config.LambdaFunctionConfigurations?.length, 1);
    await s3.send(new PutObjectCommand({ Bucket: 'guarded-bucket', Key: 'refused.txt', Body: 'x' }));
    const line = await waitFor(
      async () =>
        server
          .output()
          .split('\n')
          .find(
            (l) =>
              l.includes('s3.amazonaws.com is not authorized') && l.includes('arn:aws:s3:::guarded-bucket'),
          ),
      15_000,
      'the refused invocation in the server log',
    );
    assert.match(
      line,
      /lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:guarded/,
    );

    await allowBucket(lambda, 'guarded', 'guarded-bucket', 'again');
    await s3.send(new PutObjectCommand({ Bucket: 'guarded-bucket', Key: 'after.txt', Body: 'x' }));
    await sink.waitFor(forKey('guarded-bucket', 'after.txt'));
    assert.equal(sink.reports.filter(forKey('guarded-bucket', 'refused.txt')).length, 0);
  });
});
