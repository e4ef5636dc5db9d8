// Function URLs over plain HTTP: the payload 2.0 event the function gets, response mapping, both URL
// forms, AuthType NONE (with and without the public permission) and AWS_IAM (SigV4), CORS, errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  LambdaClient,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { startCumulo, type CumuloProcess } from './harness.js';
import { callUrl, urlIdOf } from './lambda-urls-http.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

let server: CumuloProcess;
let lambda: LambdaClient;
const ids: Record<string, string> = {};

const ECHO = `exports.handler = async (event) => ({
  statusCode: 201,
  headers: { 'x-handled-by': 'echo', 'content-type': 'application/json' },
  cookies: ['session=abc; Path=/', 'theme=dark'],
  body: JSON.stringify(event),
});`;

async function createFunction(name: string, code: string, timeout = 3): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Timeout: timeout,
      Code: { ZipFile: await handlerZip(code) },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 15 }, { FunctionName: name });
}

async function publicUrl(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const out = await lambda.send(
    new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: 'NONE', ...extra }),
  );
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: name,
      StatementId: 'public-url',
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
    }),
  );
  return urlIdOf(out.FunctionUrl!);
}

before(async () => {
  server = await startCumulo();
  lambda = new LambdaClient(server.clientConfig);
  await createFunction('echo', ECHO);
  ids.echo = await publicUrl('echo', {
    Cors: {
      AllowOrigins: ['https://app.example'],
      AllowMethods: ['GET', 'POST'],
      AllowHeaders: ['x-custom'],
      ExposeHeaders: ['x-handled-by'],
      MaxAge: 300,
      AllowCredentials: true,
    },
  });
  await createFunction('bare', `exports.handler = async () => ({ hello: 'world' });`);
  ids.bare = await publicUrl('bare');
  await createFunction('fails', `exports.handler = async () => { throw new Error('broken'); };`);
  ids.fails = await publicUrl('fails');
  await createFunction('slow', `exports.handler = () => new Promise(() => setTimeout(() => {}, 10000));`, 1);
  ids.slow = await publicUrl('slow');
  await createFunction('private', ECHO);
  const priv = await lambda.send(
    new CreateFunctionUrlConfigCommand({ FunctionName: 'private', AuthType: 'NONE' }),
  );
  ids.private = urlIdOf(priv.FunctionUrl!);
  await createFunction('iam', ECHO);
  const iam = await lambda.send(
    new CreateFunctionUrlConfigCommand({ FunctionName: 'iam', AuthType: 'AWS_IAM' }),
  );
  ids.iam = urlIdOf(iam.FunctionUrl!);
});

after(async () => {
  lambda?.destroy();
  await server?.dispose();
});

describe('function URL requests', () => {
  it('gives the function a payload 2.0 event and maps its response', async () => {
    const res = await callUrl(server.port, ids.echo!, {
      method: 'POST',
      path: '/items/42?color=red&color=blue&size=L',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'url-test/1.0',
        cookie: 'a=1; b=2',
        'x-multi': 'one',
      },
      body: '{"n":1}',
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-handled-by'], 'echo');
    assert.deepEqual(res.headers['set-cookie'], ['session=abc; Path=/', 'theme=dark']);
    assert.ok(res.headers['x-amzn-requestid']);
    const event = JSON.parse(res.body);
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, '$default');
    assert.equal(event.rawPath, '/items/42');
    assert.equal(event.rawQueryString, 'color=red&color=blue&size=L');
    assert.deepEqual(event.queryStringParameters, { color: 'red,blue', size: 'L' });
    assert.deepEqual(event.cookies, ['a=1', 'b=2']);
    assert.equal(event.headers['x-multi'], 'one');
    assert.equal(event.headers['user-agent'], 'url-test/1.0');
    assert.equal(event.body, '{"n":1}');
    assert.equal(event.isBase64Encoded, false);
    assert.equal(event.pathParameters, undefined);
    assert.equal(event.stageVariables, undefined);
    const rc = event.requestContext;
    assert.equal(rc.accountId, 'anonymous');
    assert.equal(rc.apiId, ids.echo);
    assert.equal(rc.domainName, `${ids.echo}.lambda-url.us-east-1.localhost`);
    assert.equal(rc.domainPrefix, ids.echo);
    assert.deepEqual(rc.http, {
      method: 'POST',
      path: '/items/42',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'url-test/1.0',
    });
    assert.equal(rc.requestId, res.headers['x-amzn-requestid']);
    assert.equal(rc.routeKey, '$default');
    assert.equal(rc.stage, '$default');
    assert.match(rc.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal(typeof rc.timeEpoch, 'number');
    assert.equal(rc.authorizer, undefined);
  });

  it('serves the path form and base64-encodes binary bodies', async () => {
    const res = await callUrl(server.port, ids.echo!, {
      form: 'path',
      method: 'PUT',
      path: '/upload',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0, 1, 2, 255]),
    });
    assert.equal(res.status, 201);
    const event = JSON.parse(res.body);
    assert.equal(event.rawPath, '/upload');
    assert.equal(event.requestContext.domainPrefix, ids.echo);
    assert.equal(event.isBase64Encoded, true);
    assert.equal(event.body, Buffer.from([0, 1, 2, 255]).toString('base64'));
    const root = await callUrl(server.port, ids.echo!, { form: 'path', path: '' });
    assert.equal(JSON.parse(root.body).rawPath, '/');
  });

  it('infers the response of a function that returns plain JSON', async () => {
    const res = await callUrl(server.port, ids.bare!);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(res.body), { hello: 'world' });
  });

  it('answers 502 when the function fails or times out', async () => {
    const failed = await callUrl(server.port, ids.fails!);
    assert.equal(failed.status, 502);
    assert.equal(failed.body, 'Internal Server Error');
    const slow = await callUrl(server.port, ids.slow!);
    assert.equal(slow.status, 502);
  });

  it('refuses unknown URLs and URLs whose policy grants no public access', async () => {
    const unknown = await callUrl(server.port, 'a'.repeat(32));
    assert.equal(unknown.status, 403);
    assert.equal(unknown.headers['x-amzn-errortype'], 'AccessDeniedException');
    assert.deepEqual(JSON.parse(unknown.body), { Message: null });
    const denied = await callUrl(server.port, ids.private!);
    assert.equal(denied.status, 403);
    assert.deepEqual(JSON.parse(denied.body), { Message: 'Forbidden' });
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'private',
        StatementId: 'iam-only',
        Action: 'lambda:InvokeFunctionUrl',
        Principal: '*',
        FunctionUrlAuthType: 'AWS_IAM',
      }),
    );
    const stillDenied = await callUrl(server.port, ids.private!);
    assert.equal(stillDenied.status, 403, 'a statement for AWS_IAM does not open a NONE URL');
  });

  it('verifies SigV4 for AWS_IAM URLs and reports the caller', async () => {
    const unsigned = await callUrl(server.port, ids.iam!);
    assert.equal(unsigned.status, 403);
    assert.deepEqual(JSON.parse(unsigned.body), { Message: 'Forbidden' });
    const badKey = await callUrl(server.port, ids.iam!, {
      sign: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: 'wrong' },
    });
    assert.equal(badKey.status, 403);
    // AWS's body for a signature that does not verify (recorded by users behind CloudFront).
    assert.deepEqual(JSON.parse(badKey.body), {
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
    const res = await callUrl(server.port, ids.iam!, {
      method: 'POST',
      path: '/signed?q=1',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
      sign: server.credentials,
    });
    assert.equal(res.status, 201, res.body);
    const event = JSON.parse(res.body);
    assert.equal(event.body, 'hello');
    assert.equal(event.requestContext.accountId, '000000000000');
    assert.equal(event.requestContext.authorizer.iam.accessKey, server.credentials.accessKeyId);
    assert.equal(event.requestContext.authorizer.iam.accountId, '000000000000');
    assert.equal(event.requestContext.authorizer.iam.userArn, 'arn:aws:iam::000000000000:root');
    const viaPath = await callUrl(server.port, ids.iam!, {
      form: 'path',
      path: '/p',
      sign: server.credentials,
    });
    assert.equal(viaPath.status, 201, viaPath.body);
  });

  it('answers CORS preflights from the configuration and adds CORS headers to responses', async () => {
    const preflight = await callUrl(server.port, ids.echo!, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-custom',
      },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(preflight.headers['access-control-allow-methods'], 'GET,POST');
    assert.equal(preflight.headers['access-control-allow-headers'], 'x-custom');
    assert.equal(preflight.headers['access-control-max-age'], '300');
    assert.equal(preflight.headers['access-control-allow-credentials'], 'true');
    assert.equal(preflight.body, '');

    const other = await callUrl(server.port, ids.echo!, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(other.headers['access-control-allow-origin'], undefined);

    const actual = await callUrl(server.port, ids.echo!, { headers: { origin: 'https://app.example' } });
    assert.equal(actual.status, 201);
    assert.equal(actual.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(actual.headers['access-control-expose-headers'], 'x-handled-by');
    assert.equal(actual.headers['access-control-allow-credentials'], 'true');
  });
});
