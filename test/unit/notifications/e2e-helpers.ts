// Shared by the S3 notification end-to-end tests: a reporting function with S3's permission, buckets
// wired to it, and the error assertion for S3's InvalidArgument with its numbered arguments.
import assert from 'node:assert/strict';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  type LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { handlerZip } from '../lambda/zip-fixtures.js';

export const ACCOUNT = '000000000000';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;
export const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

/** Reports every event it gets to $SINK (see test/unit/invoke/report-sink.ts); sleeps $SLOW_MS after. */
export const NOTIFIED_HANDLER = `
const http = require('http');
exports.handler = async (event, context) => {
  await new Promise((resolve, reject) => {
    const req = http.request(process.env.SINK, { method: 'POST' }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end(JSON.stringify({ fn: context.functionName, requestId: context.awsRequestId, version: context.functionVersion, event }));
  });
  if (process.env.SLOW_MS) await new Promise((r) => setTimeout(r, Number(process.env.SLOW_MS)));
  return 'ok';
};
`;

export async function createNotifiedFunction(
  lambda: LambdaClient,
  name: string,
  sinkUrl: string,
  env: Record<string, string> = {},
): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: await handlerZip(NOTIFIED_HANDLER) },
      Environment: { Variables: { SINK: sinkUrl, ...env } },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
}

/** `aws lambda add-permission` for S3 and one bucket, as the S3 User Guide's walkthrough does. */
export async function allowBucket(lambda: LambdaClient, fn: string, bucket: string, sid = `s3-${bucket}`) {
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: fn,
      StatementId: sid,
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      SourceArn: `arn:aws:s3:::${bucket}`,
      SourceAccount: ACCOUNT,
    }),
  );
}

/** A bucket whose every object event goes to `fn` (with S3's permission). */
export async function notifiedBucket(
  s3: S3Client,
  lambda: LambdaClient,
  bucket: string,
  fn: string,
  events = ['s3:ObjectCreated:*', 's3:ObjectRemoved:*', 's3:ObjectTagging:*'],
): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await allowBucket(lambda, fn, bucket);
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          { Id: `to-${fn}`, LambdaFunctionArn: fnArn(fn), Events: events as any },
        ],
      },
    }),
  );
}

/** Asserts an S3 error: code, status, message, and extra fields (ArgumentName1…). */
export async function s3Rejects(
  p: Promise<unknown>,
  code: string,
  message: string,
  fields: Record<string, string> = {},
  status = 400,
): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, code);
    assert.equal(e.message, message);
    assert.equal(e.$metadata?.httpStatusCode, status);
    for (const [k, v] of Object.entries(fields)) assert.equal(e[k], v, k);
    return true;
  });
}
