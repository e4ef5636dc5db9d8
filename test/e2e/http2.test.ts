// The endpoint speaks HTTP/2 cleartext (prior knowledge) beside HTTP/1.1, as the SDK clients that
// default to HTTP/2 need (Kinesis). These go through the SDK's own HTTP/2 handler. An early answer —
// an error sent before a large request body has all arrived — must reach the client, and the
// connection must go on serving (Node's HTTP/2 client resets a stream answered while it still sends).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import { startCumulo, type CumuloProcess } from './harness.js';

const MiB = 1024 * 1024;

describe('HTTP/2', () => {
  let server: CumuloProcess;
  let s3: S3Client;
  let lambda: LambdaClient;

  before(async () => {
    server = await startCumulo();
    const requestHandler = () => new NodeHttp2Handler({ disableConcurrentStreams: false });
    s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true, requestHandler: requestHandler() });
    lambda = new LambdaClient({ ...server.clientConfig, requestHandler: requestHandler() });
  });

  after(async () => {
    s3.destroy();
    lambda.destroy();
    await server.dispose();
  });

  it('answers an S3 upload refused before its 32 MiB body arrived, and serves on', async () => {
    await assert.rejects(
      s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: Buffer.alloc(32 * MiB, 1) })),
      { name: 'NoSuchBucket' },
    );
    const buckets = await s3.send(new ListBucketsCommand({}));
    assert.deepEqual(buckets.Buckets ?? [], []);
  });

  it('answers an Invoke payload over the 6 MB limit with 413, and serves on', async () => {
    await assert.rejects(
      lambda.send(new InvokeCommand({ FunctionName: 'any', Payload: Buffer.alloc(32 * MiB, 0x20) })),
      (e: { name: string; $metadata: { httpStatusCode: number } }) =>
        e.name === 'RequestEntityTooLargeException' && e.$metadata.httpStatusCode === 413,
    );
    const functions = await lambda.send(new ListFunctionsCommand({}));
    assert.deepEqual(functions.Functions, []);
  });
});
