// Deploys the guestbook to Cumulo (or AWS) in one go: the state bucket, the function, an HTTP API with
// GET/POST /entries and CORS, and the permission for API Gateway to invoke the function. Prints the
// API's invoke URL as JSON ({"api": "…"}); open site/index.html?api=<that URL>.
//
//   CUMULO_ENDPOINT=http://127.0.0.1:4566 node examples/website/deploy.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';

const here = path.dirname(fileURLToPath(import.meta.url));
const endpoint = process.env.CUMULO_ENDPOINT ?? 'http://127.0.0.1:4566';
const region = process.env.AWS_REGION ?? 'us-east-1';
const account = process.env.CUMULO_ACCOUNT ?? '000000000000';
const credentials = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
};
const bucket = process.env.GUESTBOOK_BUCKET ?? 'guestbook-state';
const functionName = 'guestbook';
const config = { endpoint, region, credentials, maxAttempts: 2 };
const s3 = new S3Client({ ...config, forcePathStyle: true });
const lambda = new LambdaClient(config);
const apigw = new ApiGatewayV2Client(config);

function zip(files) {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const [name, body] of Object.entries(files)) z.addBuffer(Buffer.from(body), name);
    const chunks = [];
    z.outputStream
      .on('data', (c) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
    z.end();
  });
}

try {
  await s3.send(new HeadBucketCommand({ Bucket: bucket }));
} catch {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}
const fn = await lambda.send(
  new CreateFunctionCommand({
    FunctionName: functionName,
    Runtime: 'nodejs20.x',
    Role: `arn:aws:iam::${account}:role/guestbook`,
    Handler: 'index.handler',
    Timeout: 10,
    Environment: { Variables: { BUCKET: bucket } },
    Code: { ZipFile: await zip({ 'index.mjs': readFileSync(path.join(here, 'function/index.mjs')) }) },
  }),
);
await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: functionName });
const api = await apigw.send(
  new CreateApiCommand({
    Name: 'guestbook',
    ProtocolType: 'HTTP',
    CorsConfiguration: { AllowOrigins: ['*'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['content-type'] },
  }),
);
const integration = await apigw.send(
  new CreateIntegrationCommand({
    ApiId: api.ApiId,
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: fn.FunctionArn,
    PayloadFormatVersion: '2.0',
  }),
);
for (const RouteKey of ['GET /entries', 'POST /entries']) {
  await apigw.send(
    new CreateRouteCommand({
      ApiId: api.ApiId,
      RouteKey,
      Target: `integrations/${integration.IntegrationId}`,
    }),
  );
}
await apigw.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: '$default', AutoDeploy: true }));
await lambda.send(
  new AddPermissionCommand({
    FunctionName: functionName,
    StatementId: 'apigateway',
    Action: 'lambda:InvokeFunction',
    Principal: 'apigateway.amazonaws.com',
    SourceArn: `arn:aws:execute-api:${region}:${account}:${api.ApiId}/*`,
  }),
);
// The path form of the invoke URL works without DNS for *.execute-api.localhost.
const url = `${endpoint}/_aws/execute-api/${api.ApiId}`;
console.log(JSON.stringify({ api: url, apiId: api.ApiId }));
