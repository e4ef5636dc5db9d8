// The photo app end to end against Cumulo (or AWS): deploys the thumbnail function with its role and
// S3's permission, wires the photos bucket's notification to it, uploads a photo and waits for the
// thumbnail to appear in the second bucket.
//
//   CUMULO_ENDPOINT=http://127.0.0.1:4566 node examples/thumbnail/deploy-and-run.mjs [photo.jpg]
//
// Without a photo it uploads a generated 640x480 one. Prints one JSON line per step.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Jimp } from 'jimp';
import { buildFunctionZip } from './bundle.mjs';

const endpoint = process.env.CUMULO_ENDPOINT ?? 'http://127.0.0.1:4566';
const region = process.env.AWS_REGION ?? 'us-east-1';
const account = process.env.CUMULO_ACCOUNT ?? '000000000000';
const credentials = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
};
const bucket = process.env.PHOTO_BUCKET ?? 'photos';
const resized = `${bucket}-resized`;
const functionName = process.env.FUNCTION_NAME ?? 'CreateThumbnail';
// The execution role (role.json has its trust and permission policies, for AWS).
const role = `arn:aws:iam::${account}:role/LambdaS3Role`;

const config = { endpoint, region, credentials, maxAttempts: 2 };
const lambda = new LambdaClient(config);
const s3 = new S3Client({ ...config, forcePathStyle: true });
const step = (name, detail = {}) => console.log(JSON.stringify({ step: name, ...detail }));

async function ensureBucket(name) {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  }
}

async function deployFunction() {
  try {
    await lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
    return;
  } catch (e) {
    if (e.name !== 'ResourceNotFoundException') throw e;
  }
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: functionName,
      Runtime: 'nodejs20.x',
      Role: role,
      Handler: 'index.handler',
      Timeout: 30,
      MemorySize: 512,
      Code: { ZipFile: await buildFunctionZip() },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: functionName });
  // Let S3 invoke it for this bucket only, and only from this account.
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: functionName,
      StatementId: 's3invoke',
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      SourceArn: `arn:aws:s3:::${bucket}`,
      SourceAccount: account,
    }),
  );
}

async function samplePhoto() {
  const photo = process.argv[2];
  if (photo) return { key: path.basename(photo), body: readFileSync(photo) };
  const image = new Jimp({ width: 640, height: 480, color: 0x3366ccff });
  for (let x = 0; x < 640; x++) for (let y = 200; y < 280; y++) image.setPixelColor(0xffcc00ff, x, y);
  return { key: 'sample photo.png', body: await image.getBuffer('image/png') };
}

async function waitForThumbnail(key, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const out = await s3.send(new GetObjectCommand({ Bucket: resized, Key: key }));
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (e) {
      if (e.name !== 'NoSuchKey' || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

await ensureBucket(bucket);
await ensureBucket(resized);
step('buckets', { source: bucket, target: resized });
await deployFunction();
step('function', { functionName, role });
await s3.send(
  new PutBucketNotificationConfigurationCommand({
    Bucket: bucket,
    NotificationConfiguration: {
      LambdaFunctionConfigurations: [
        {
          Id: 'thumbnails',
          LambdaFunctionArn: `arn:aws:lambda:${region}:${account}:function:${functionName}`,
          Events: ['s3:ObjectCreated:*'],
        },
      ],
    },
  }),
);
step('notification', { bucket, events: ['s3:ObjectCreated:*'] });
const photo = await samplePhoto();
const original = await Jimp.read(photo.body);
await s3.send(new PutObjectCommand({ Bucket: bucket, Key: photo.key, Body: photo.body }));
step('uploaded', { bucket, key: photo.key, width: original.width, height: original.height });
const thumbnail = await Jimp.read(await waitForThumbnail(`resized-${photo.key}`));
step('thumbnail', {
  bucket: resized,
  key: `resized-${photo.key}`,
  width: thumbnail.width,
  height: thumbnail.height,
});
lambda.destroy();
s3.destroy();
