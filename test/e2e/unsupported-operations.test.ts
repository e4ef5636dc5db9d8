// Operations of AWS's models that Cumulo does not serve: S3 answers them with its own code for absent
// functionality, NotImplemented (501), which bucket-managing tools treat as "feature absent"; the
// JSON-based services, which have no such code, with UnknownOperationException naming the operation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, GetBucketAnalyticsConfigurationCommand } from '@aws-sdk/client-s3';
import { ListEventSourceMappingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startCumulo, type CumuloProcess } from './harness.js';
import { pathClient, s3Error } from '../unit/s3/e2e-helpers.js';

describe('operations Cumulo does not serve (e2e)', () => {
  let server: CumuloProcess;
  before(async () => {
    server = await startCumulo();
  });
  after(async () => {
    await server?.dispose();
  });

  it("S3: NotImplemented 501 with S3's text, and the server keeps serving", async () => {
    const s3 = pathClient(server);
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'unsupported' }));
      const err = await s3Error(
        s3.send(new GetBucketAnalyticsConfigurationCommand({ Bucket: 'unsupported', Id: 'a' })),
        'NotImplemented',
        501,
      );
      assert.equal(err.message, 'A header you provided implies functionality that is not implemented');
      await s3.send(new CreateBucketCommand({ Bucket: 'still-serving' }));
    } finally {
      s3.destroy();
    }
  });

  it('Lambda: UnknownOperationException naming the operation', async () => {
    const lambda = new LambdaClient(server.clientConfig);
    try {
      await assert.rejects(
        lambda.send(new ListEventSourceMappingsCommand({})),
        (e: any) =>
          e.name === 'UnknownOperationException' &&
          e.$metadata.httpStatusCode === 400 &&
          e.message === 'Operation ListEventSourceMappings is not supported.',
      );
    } finally {
      lambda.destroy();
    }
  });
});
