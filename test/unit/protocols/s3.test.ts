// rest-xml through the real @aws-sdk/client-s3, plus the routing ambiguities S3 is known for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketTaggingCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createCodec, loadModel } from '../../../src/protocols/index.js';
import { ServiceError } from '../../../src/server/service-error.js';
import {
  bodyText,
  clientConfig,
  codecRequestHandler,
  httpRequest,
  runCodec,
  type Exchange,
  type FakeHandler,
} from './harness.js';

const model = loadModel('s3');

function s3(handler: FakeHandler, exchange: Exchange = {}) {
  return new S3Client({
    ...clientConfig,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: codecRequestHandler(model, handler, exchange),
  });
}

function route(method: string, path: string, rawQuery = '', headers: Record<string, string> = {}) {
  return createCodec(model).resolveOperation(httpRequest({ method, path, rawQuery, headers }))?.operation
    .name;
}

describe('rest-xml: S3 routing', () => {
  it('picks the most specific operation by query keys and headers', () => {
    assert.equal(route('PUT', '/b/k'), 'PutObject');
    assert.equal(route('PUT', '/b/k', '', { 'x-amz-copy-source': '/a/b' }), 'CopyObject');
    assert.equal(route('PUT', '/b/k', 'partNumber=1&uploadId=u'), 'UploadPart');
    assert.equal(
      route('PUT', '/b/k', 'partNumber=1&uploadId=u', { 'x-amz-copy-source': '/a/b' }),
      'UploadPartCopy',
    );
    assert.equal(route('PUT', '/b/k', 'tagging'), 'PutObjectTagging');
    assert.equal(route('GET', '/b'), 'ListObjects');
    assert.equal(route('GET', '/b', 'list-type=2&prefix=x'), 'ListObjectsV2');
    assert.equal(route('GET', '/b', 'versions'), 'ListObjectVersions');
    assert.equal(route('GET', '/b', 'tagging'), 'GetBucketTagging');
    assert.equal(route('GET', '/b', 'notification'), 'GetBucketNotificationConfiguration');
    assert.equal(route('GET', '/b/k', 'uploadId=u'), 'ListParts');
    assert.equal(route('DELETE', '/b/k', 'uploadId=u'), 'AbortMultipartUpload');
    assert.equal(route('POST', '/b/k', 'uploads'), 'CreateMultipartUpload');
    assert.equal(route('POST', '/b', 'delete'), 'DeleteObjects');
    assert.equal(route('GET', '/'), 'ListBuckets');
    assert.equal(route('HEAD', '/b'), 'HeadBucket');
  });

  it("keeps a key's trailing slash and decodes it", () => {
    const resolved = createCodec(model).resolveOperation(
      httpRequest({ method: 'PUT', path: '/b/dir%20a/x%2By/' }),
    );
    assert.deepEqual(resolved?.pathParams, { Bucket: 'b', Key: 'dir a/x+y/' });
  });

  it('folds a virtual-hosted bucket into the path', () => {
    const resolved = createCodec(model).resolveOperation(
      httpRequest({ method: 'GET', path: '/k', headers: { host: 'mybucket.s3.localhost:4566' } }),
    );
    assert.equal(resolved?.operation.name, 'GetObject');
    assert.deepEqual(resolved?.pathParams, { Bucket: 'mybucket', Key: 'k' });
  });
});

describe('rest-xml: S3 through the client', () => {
  it('passes PutObject bodies and metadata headers to the handler', async () => {
    const exchange: Exchange = {};
    const client = s3(async () => ({ ETag: '"abc"' }), exchange);
    const out = await client.send(
      new PutObjectCommand({
        Bucket: 'b',
        Key: 'a/b.txt',
        Body: 'hello',
        ContentType: 'text/plain',
        Metadata: { Color: 'red' },
      }),
    );
    const input = exchange.input as any;
    assert.equal(exchange.operation, 'PutObject');
    assert.equal(input.Bucket, 'b');
    assert.equal(input.Key, 'a/b.txt');
    assert.equal(input.ContentType, 'text/plain');
    assert.deepEqual(input.Metadata, { color: 'red' });
    assert.equal(Buffer.from(input.Body).toString(), 'hello');
    assert.equal(out.ETag, '"abc"');
  });

  it('decodes aws-chunked streamed uploads (the default for stream bodies)', async () => {
    const exchange: Exchange = {};
    let received = '';
    const client = new S3Client({
      ...clientConfig,
      forcePathStyle: true,
      requestHandler: codecRequestHandler(
        model,
        async (_op, input) => {
          for await (const chunk of input.Body as Readable) received += String(chunk);
          return {};
        },
        exchange,
      ),
    });
    await client.send(
      new PutObjectCommand({
        Bucket: 'b',
        Key: 'k',
        // S3 requires every chunk but the last to be at least 8 KiB, as the SigV4 layer enforces.
        Body: Readable.from([Buffer.alloc(8192, 'h'), Buffer.from('world')]),
        ContentLength: 8197,
      }),
    );
    assert.equal(exchange.request?.headers['content-encoding'], 'aws-chunked');
    assert.equal(received, 'h'.repeat(8192) + 'world');
    assert.equal((exchange.input as any).ContentLength, 8197);
    assert.equal((exchange.input as any).ContentEncoding, undefined);
  });

  it('streams GetObject bodies and writes header members', async () => {
    const client = s3(async () => ({
      Body: Readable.from([Buffer.from('streamed '), Buffer.from('content')]),
      ContentType: 'text/plain',
      ContentLength: 16,
      LastModified: new Date('2024-02-03T04:05:06Z'),
      Metadata: { color: 'red' },
    }));
    const out = await client.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));
    assert.equal(await out.Body!.transformToString(), 'streamed content');
    assert.equal(out.ContentType, 'text/plain');
    assert.equal(out.LastModified?.toISOString(), '2024-02-03T04:05:06.000Z');
    assert.deepEqual(out.Metadata, { color: 'red' });
  });

  it('writes ListObjectsV2 with flattened Contents the client reads back', async () => {
    const exchange: Exchange = {};
    const client = s3(
      async () => ({
        Name: 'b',
        KeyCount: 2,
        MaxKeys: 1000,
        IsTruncated: false,
        Contents: [
          { Key: 'a', Size: 1, LastModified: new Date('2024-01-01T00:00:00Z'), ETag: '"1"' },
          { Key: 'b & c', Size: 2, LastModified: new Date('2024-01-01T00:00:00Z'), ETag: '"2"' },
        ],
        CommonPrefixes: [{ Prefix: 'dir/' }],
      }),
      exchange,
    );
    const out = await client.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'x', MaxKeys: 1000 }));
    assert.match(
      bodyText(exchange.response!),
      /^<\?xml version="1.0" encoding="UTF-8"\?><ListBucketResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><IsTruncated>false<\/IsTruncated><Contents><Key>a<\/Key>/,
    );
    assert.equal((exchange.input as any).MaxKeys, 1000);
    assert.deepEqual(
      out.Contents?.map((c) => c.Key),
      ['a', 'b & c'],
    );
    assert.equal(out.Contents?.[1]?.Size, 2);
    assert.equal(out.CommonPrefixes?.[0]?.Prefix, 'dir/');
    assert.equal(out.KeyCount, 2);
  });

  it('parses XML payloads (PutBucketTagging) and refuses malformed XML', async () => {
    const exchange: Exchange = {};
    const client = s3(async () => ({}), exchange);
    await client.send(
      new PutBucketTaggingCommand({
        Bucket: 'b',
        Tagging: {
          TagSet: [
            { Key: 'k1', Value: 'v1' },
            { Key: 'k2', Value: '' },
          ],
        },
      }),
    );
    assert.deepEqual((exchange.input as any).Tagging, {
      TagSet: [
        { Key: 'k1', Value: 'v1' },
        { Key: 'k2', Value: '' },
      ],
    });

    const res = await runCodec(
      model,
      httpRequest({ method: 'PUT', path: '/b', rawQuery: 'tagging', body: Buffer.from('<Tagging><TagSet>') }),
      async () => ({}),
    );
    assert.equal(res.status, 400);
    assert.match(
      bodyText(res),
      /<Error><Code>MalformedXML<\/Code><Message>The XML you provided was not well-formed or did not validate against our published schema<\/Message>/,
    );
  });

  it('serializes S3 errors with their extra fields, and HEAD errors without a body', async () => {
    const client = s3(async () => {
      throw new ServiceError('NoSuchKey', 'The specified key does not exist.', 404, { Key: 'missing' });
    });
    await assert.rejects(client.send(new GetObjectCommand({ Bucket: 'b', Key: 'missing' })), (e: any) => {
      assert.equal(e.name, 'NoSuchKey');
      assert.equal(e.message, 'The specified key does not exist.');
      assert.equal(e.Key, 'missing');
      assert.equal(e.$metadata.httpStatusCode, 404);
      assert.equal(e.$metadata.requestId, 'req-1234');
      return true;
    });
    await assert.rejects(client.send(new HeadObjectCommand({ Bucket: 'b', Key: 'missing' })), (e: any) => {
      assert.equal(e.$metadata.httpStatusCode, 404);
      assert.equal(e.name, 'NotFound');
      return true;
    });
  });

  it('writes GetBucketLocation as a bare LocationConstraint element', async () => {
    const client = s3(async () => ({ LocationConstraint: 'eu-west-1' }));
    const out = await client.send(new GetBucketLocationCommand({ Bucket: 'b' }));
    assert.equal(out.LocationConstraint, 'eu-west-1');
  });
});
