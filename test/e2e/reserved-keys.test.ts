// Keys that name members of Object.prototype (`__proto__`, `constructor`, `toString`) are ordinary data
// in AWS: as tag keys, object metadata and names. Through the aws CLI (the JS SDK itself drops a
// `__proto__` entry when it parses an answer), each is kept and answered back, and refused only where
// AWS's own rules refuse it (environment variable names start with a letter).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateFunctionCommand, LambdaClient, TagResourceCommand } from '@aws-sdk/client-lambda';
import { awsCli, type CumuloProcess } from './harness.js';
import { serverSuite } from './server-suite.js';
import { createFunction, ROLE } from '../unit/lambda-settings/e2e-helpers.js';

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:keys';

let server: CumuloProcess;
let s3: S3Client;
let lambda: LambdaClient;
serverSuite(
  (s) => ({
    s3: new S3Client({ ...s.clientConfig, forcePathStyle: true }),
    lambda: new LambdaClient(s.clientConfig),
  }),
  (suite) => ({ server, s3, lambda } = suite),
);

describe('keys named like Object.prototype members', () => {
  it('keeps them as object metadata', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'keys' }));
    await s3.send(
      new PutObjectCommand({
        Bucket: 'keys',
        Key: '__proto__',
        Body: 'x',
        Metadata: JSON.parse('{"__proto__":"m","constructor":"c"}'),
      }),
    );
    const head = await awsCli(server, ['s3api', 'head-object', '--bucket', 'keys', '--key', '__proto__']);
    assert.equal(head.code, 0, head.stderr);
    assert.deepEqual(head.json.Metadata, JSON.parse('{"__proto__":"m","constructor":"c"}'));
  });

  it('keeps them as tag keys, and refuses them as environment variable names as AWS does', async () => {
    await createFunction(lambda, 'keys');
    await lambda.send(
      new TagResourceCommand({ Resource: FN, Tags: JSON.parse('{"__proto__":"a","toString":"b"}') }),
    );
    const tags = await awsCli(server, ['lambda', 'list-tags', '--resource', FN]);
    assert.equal(tags.code, 0, tags.stderr);
    assert.deepEqual(tags.json.Tags, JSON.parse('{"__proto__":"a","toString":"b"}'));

    await assert.rejects(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'env',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE,
          Code: { ZipFile: Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64') },
          Environment: { Variables: JSON.parse('{"__proto__":"x"}') },
        }),
      ),
      { name: 'ValidationException' },
    );
  });
});
