// A request body that stops arriving (the client promised more bytes than it sends) is given up after
// the server's body idle limit, whatever reads it: S3 answers its RequestTimeout, every other endpoint
// a bare 408, and the connection is closed. Nothing the body would have changed is changed, and the
// server goes on serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddPermissionCommand,
  CreateFunctionUrlConfigCommand,
  GetFunctionCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  GetBucketTaggingCommand,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startCumulo, type CumuloProcess } from './harness.js';
import { cutRequest, stalledRequest, type StalledAnswer } from './stalled-body.js';
import { pathClient, s3Error } from '../unit/s3/e2e-helpers.js';
import { callUrl, urlIdOf } from './lambda-urls-http.js';
import { createFunction } from '../unit/lambda-settings/e2e-helpers.js';

const S3_TIMEOUT =
  /<Code>RequestTimeout<\/Code>\s*<Message>Your socket connection to the server was not read from or written to within the timeout period\. Idle connections will be closed\.<\/Message>/;

function assertBare408(answer: StalledAnswer): void {
  assert.equal(answer.status, 408);
  assert.equal(answer.body, '');
  assert.equal(answer.closed, true);
}

describe('request bodies that stop arriving', () => {
  let server: CumuloProcess;
  let s3: S3Client;
  let lambda: LambdaClient;

  before(async () => {
    server = await startCumulo({ args: ['--body-idle-timeout-ms', '300'] });
    s3 = pathClient(server);
    lambda = new LambdaClient(server.clientConfig);
    await s3.send(new CreateBucketCommand({ Bucket: 'stalled' }));
  });

  after(async () => {
    s3.destroy();
    lambda.destroy();
    await server.dispose();
  });

  it('S3 PutObject: RequestTimeout, and no object', async () => {
    const answer = await stalledRequest(server, { path: '/stalled/k', signFor: 's3' });
    assert.equal(answer.status, 400);
    assert.match(answer.body, S3_TIMEOUT);
    assert.equal(answer.closed, true);
    await s3Error(s3.send(new HeadObjectCommand({ Bucket: 'stalled', Key: 'k' })), 'NotFound', 404);
  });

  it('S3 operations with an XML body (PutBucketTagging): RequestTimeout, and nothing stored', async () => {
    const answer = await stalledRequest(server, {
      path: '/stalled?tagging',
      signFor: 's3',
      headers: { 'content-type': 'application/xml' },
    });
    assert.equal(answer.status, 400);
    assert.match(answer.body, S3_TIMEOUT);
    assert.equal(answer.closed, true);
    await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: 'stalled' })), 'NoSuchTagSet', 404);
  });

  it('S3 browser form upload (POST): RequestTimeout, and no object', async () => {
    const answer = await stalledRequest(server, {
      method: 'POST',
      path: '/stalled',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    assert.equal(answer.status, 400);
    assert.match(answer.body, S3_TIMEOUT);
    await s3Error(s3.send(new HeadObjectCommand({ Bucket: 'stalled', Key: 'k' })), 'NotFound', 404);
  });

  it('Lambda API (CreateFunction): 408, and no function', async () => {
    const answer = await stalledRequest(server, {
      method: 'POST',
      path: '/2015-03-31/functions',
      signFor: 'lambda',
      headers: { 'content-type': 'application/json' },
    });
    assertBare408(answer);
    await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: 'never' })), {
      name: 'ResourceNotFoundException',
    });
  });

  // Found by fuzzing: each cut body was logged as the server's internal error.
  it('bodies the client cuts off (connection closed, HTTP/2 stream reset): nothing stored, no server error', async () => {
    for (const http2 of [false, true]) {
      await cutRequest(server, {
        path: '/stalled?tagging',
        signFor: 's3',
        headers: { 'content-type': 'application/xml' },
        http2,
      });
      await cutRequest(server, {
        method: 'POST',
        path: '/2015-03-31/functions',
        signFor: 'lambda',
        headers: { 'content-type': 'application/json' },
        http2,
      });
    }
    await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: 'stalled' })), 'NoSuchTagSet', 404);
    await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: 'never' })), {
      name: 'ResourceNotFoundException',
    });
    assert.doesNotMatch(server.output(), /internal error|unhandled/);
  });

  it('function URLs: 408; the URL then serves as usual', async () => {
    await createFunction(lambda, 'echo');
    const created = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'echo', AuthType: 'NONE' }),
    );
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'echo',
        StatementId: 'url',
        Action: 'lambda:InvokeFunctionUrl',
        Principal: '*',
        FunctionUrlAuthType: 'NONE',
      }),
    );
    const id = urlIdOf(created.FunctionUrl!);
    const answer = await stalledRequest(server, { method: 'POST', path: `/_aws/lambda-url/${id}/` });
    assertBare408(answer);
    const served = await callUrl(server.port, id, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
      form: 'path',
    });
    assert.equal(served.status, 200);
    assert.equal(JSON.parse(served.body).body, '{"a":1}');
  });
});
