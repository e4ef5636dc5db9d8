// A Python function that uses the boto3 it finds in the runtime (Debian's python3-boto3, botocore 1.29)
// reaches Cumulo, not AWS: botocore before 1.31 ignores AWS_ENDPOINT_URL, so Cumulo's Python bootstrap
// gives clients created without an endpoint_url the one the environment names
// (src/runtime/bootstraps/python/botocore_endpoint.py).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { makeZip } from '../unit/lambda/zip-fixtures.js';
import { startCumulo, type CumuloProcess } from './harness.js';

let server: CumuloProcess;
let s3: S3Client;
let lambda: LambdaClient;
const BUCKET = 'python-boto3';

const HANDLER = `
import boto3

def handler(event, context):
    s3 = boto3.client("s3")
    text = s3.get_object(Bucket="${BUCKET}", Key="in.txt")["Body"].read().decode()
    s3.put_object(Bucket="${BUCKET}", Key="out.txt", Body=text.upper().encode())
    functions = [f["FunctionName"] for f in boto3.client("lambda").list_functions()["Functions"]]
    explicit = boto3.client("s3", endpoint_url="http://explicit.invalid").meta.endpoint_url
    return {"read": text, "functions": functions, "explicit": explicit}
`;

before(async () => {
  server = await startCumulo();
  s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true });
  lambda = new LambdaClient(server.clientConfig);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'in.txt', Body: 'hello from s3' }));
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'uses-boto3',
      Runtime: 'python3.12',
      Role: 'arn:aws:iam::000000000000:role/lambda-role',
      Handler: 'app.handler',
      Timeout: 30,
      Code: { ZipFile: await makeZip([{ name: 'app.py', content: HANDLER }]) },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: 'uses-boto3' });
});

after(async () => {
  await server?.dispose();
});

describe('boto3 inside a Python function', () => {
  it("calls Cumulo's S3 and Lambda without being told the endpoint, and keeps an explicit endpoint_url", async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'uses-boto3' }));
    const payload = Buffer.from(out.Payload!).toString();
    assert.equal(out.FunctionError, undefined, payload);
    assert.deepEqual(JSON.parse(payload), {
      read: 'hello from s3',
      functions: ['uses-boto3'],
      explicit: 'http://explicit.invalid',
    });
    const written = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'out.txt' }));
    assert.equal(await written.Body!.transformToString(), 'HELLO FROM S3');
  });
});
