// CreateFunction / UpdateFunctionCode / PublishLayerVersion with S3Bucket/S3Key/S3ObjectVersion: the
// package is read from Cumulo's own S3, and S3's failure is reported as Lambda reports it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  PublishLayerVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { startCumulo, type CumuloProcess } from './harness.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
let server: CumuloProcess;
let lambda: LambdaClient;
let s3: S3Client;

before(async () => {
  server = await startCumulo();
  lambda = new LambdaClient(server.clientConfig);
  s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'code' }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: 'code', VersioningConfiguration: { Status: 'Enabled' } }),
  );
});
after(async () => {
  lambda?.destroy();
  s3?.destroy();
  await server?.dispose();
});

const invoke = async (name: string): Promise<unknown> => {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"n":1}') }));
  assert.equal(out.FunctionError, undefined);
  return JSON.parse(Buffer.from(out.Payload!).toString());
};

describe('deployment packages from S3', () => {
  it('creates a function from S3Bucket/S3Key and updates it from a named object version', async () => {
    const v1 = await s3.send(
      new PutObjectCommand({
        Bucket: 'code',
        Key: 'fn.zip',
        Body: await handlerZip('exports.handler = async () => "v1";'),
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: 'code',
        Key: 'fn.zip',
        Body: await handlerZip('exports.handler = async () => "v2";'),
      }),
    );
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'from-s3',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { S3Bucket: 'code', S3Key: 'fn.zip' },
      }),
    );
    assert.ok(created.CodeSize! > 0);
    assert.equal(await invoke('from-s3'), 'v2');
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'from-s3',
        S3Bucket: 'code',
        S3Key: 'fn.zip',
        S3ObjectVersion: v1.VersionId,
      }),
    );
    assert.equal(await invoke('from-s3'), 'v1');
  });

  it("reports S3's error inside InvalidParameterValueException, as Lambda does", async () => {
    const create = (bucket: string, key: string) =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'missing-code',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE,
          Code: { S3Bucket: bucket, S3Key: key },
        }),
      );
    await assert.rejects(create('no-such-bucket', 'fn.zip'), (e: any) => {
      assert.equal(e.name, 'InvalidParameterValueException');
      assert.equal(
        e.message,
        'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
      );
      return true;
    });
    await assert.rejects(create('code', 'nope.zip'), (e: any) => {
      assert.equal(e.name, 'InvalidParameterValueException');
      assert.equal(
        e.message,
        'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
      );
      return true;
    });
  });

  it('publishes a layer version from S3', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'code', Key: 'layer.zip', Body: await handlerZip() }));
    const layer = await lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'from-s3',
        Content: { S3Bucket: 'code', S3Key: 'layer.zip' },
      }),
    );
    assert.equal(layer.Version, 1);
    assert.ok((layer.Content?.CodeSize ?? 0) > 0);
  });
});
