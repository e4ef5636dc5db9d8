// aws-chunked bodies, checked against the worked examples AWS publishes for streaming uploads:
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html (signed chunks) and
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html (signed chunks + trailer):
// 66560 bytes of 'a' in a 64 KiB chunk, a 1 KiB chunk and the final empty chunk.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { decodeAwsChunked, parseAuth, verifiedBody, verifyRequest } from '../../../src/auth/index.js';
import type { AwsChunkedContext, AwsChunkedDecoder } from '../../../src/auth/index.js';
import { signingKey } from '../../../src/auth/crypto.js';
import type { HttpRequest } from '../../../src/server/http-types.js';
import { ServiceError } from '../../../src/server/service-error.js';
import { lookup } from './sign-helpers.js';

const DOC_KEY = 'AKIAIOSFODNN7EXAMPLE';
const DOC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const DOC_NOW = Date.UTC(2013, 4, 24, 0, 0, 0);
const DATA = Buffer.alloc(66560, 'a');

function chunk(size: number, signature: string | undefined, data: Buffer): Buffer {
  const header =
    signature === undefined ? size.toString(16) : `${size.toString(16)};chunk-signature=${signature}`;
  return Buffer.concat([Buffer.from(`${header}\r\n`), data, Buffer.from('\r\n')]);
}

const SIGNED_BODY = Buffer.concat([
  chunk(65536, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648', DATA.subarray(0, 65536)),
  chunk(1024, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497', DATA.subarray(65536)),
  chunk(0, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9', Buffer.alloc(0)),
]);

const TRAILER_BODY = Buffer.concat([
  chunk(65536, 'b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2', DATA.subarray(0, 65536)),
  chunk(1024, '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7', DATA.subarray(65536)),
  Buffer.from(
    '0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n' +
      'x-amz-checksum-crc32c:sOO8/Q==\r\n' +
      'x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n',
  ),
]);

/** The documented PUT /examplebucket/chunkObject.txt request, with its documented seed signature. */
function docRequest(trailer: boolean, body: Buffer, pieces = 1): HttpRequest {
  const headers: Record<string, string> = {
    host: 's3.amazonaws.com',
    'x-amz-date': '20130524T000000Z',
    'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': '66560',
  };
  if (trailer) {
    headers['x-amz-content-sha256'] = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
    headers['x-amz-trailer'] = 'x-amz-checksum-crc32c';
    headers['authorization'] =
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
      'SignedHeaders=content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer,' +
      'Signature=106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e';
  } else {
    headers['content-length'] = '66824';
    headers['x-amz-content-sha256'] = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
    headers['authorization'] =
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
      'SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,' +
      'Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
  }
  const size = Math.ceil(body.length / pieces);
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) parts.push(body.subarray(i, i + size));
  return {
    method: 'PUT',
    path: '/examplebucket/chunkObject.txt',
    rawQuery: '',
    query: [],
    headers,
    body: Buffer.alloc(0),
    stream: Readable.from(parts),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function fails(stream: Readable, code: string, status: number): Promise<ServiceError> {
  let caught: ServiceError | undefined;
  await assert.rejects(readAll(stream), (err: unknown) => {
    assert.ok(err instanceof ServiceError, `expected a ServiceError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    caught = err;
    return true;
  });
  return caught!;
}

const docLookup = lookup({ [DOC_KEY]: { secretAccessKey: DOC_SECRET } });

async function verifyDoc(req: HttpRequest) {
  const parsed = parseAuth(req);
  assert.ok(parsed);
  return verifyRequest(req, parsed, docLookup, { now: DOC_NOW, style: 's3' });
}

function docContext(mode: AwsChunkedContext['mode'], seed: string): AwsChunkedContext {
  return {
    mode,
    seedSignature: seed,
    signingKey: signingKey(DOC_SECRET, '20130524', 'us-east-1', 's3'),
    amzDate: '20130524T000000Z',
    scope: '20130524/us-east-1/s3/aws4_request',
    decodedContentLength: 66560,
    trailerNames: mode === 'signed' ? [] : ['x-amz-checksum-crc32c'],
  };
}

describe('signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
  test("the documented request's seed signature verifies and its body decodes", async () => {
    for (const pieces of [1, 7, 1000]) {
      const req = docRequest(false, SIGNED_BODY, pieces);
      const v = await verifyDoc(req);
      assert.equal(v.payload, 'aws-chunked');
      assert.equal(v.chunked?.mode, 'signed');
      assert.deepEqual(await readAll(verifiedBody(req, v)), DATA);
    }
  });

  test('a changed byte fails the chunk signature', async () => {
    assert.equal(SIGNED_BODY.length, 66824); // the documented Content-Length
    const body = Buffer.from(SIGNED_BODY);
    body[66000] = 'b'.charCodeAt(0);
    const req = docRequest(false, body);
    const err = await fails(verifiedBody(req, await verifyDoc(req)), 'SignatureDoesNotMatch', 403);
    assert.match(String(err.fields['StringToSign']), /^AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n/);
  });

  test('chunks cannot be reordered or dropped', async () => {
    const first = SIGNED_BODY.subarray(0, SIGNED_BODY.indexOf('\r\n400;'));
    const rest = SIGNED_BODY.subarray(first.length + 2);
    const ctx = {
      ...docContext('signed', '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
      decodedContentLength: undefined,
    };
    await fails(decodeAwsChunked(Readable.from([rest]), ctx), 'SignatureDoesNotMatch', 403);
  });

  test('a body that ends early is IncompleteBody', async () => {
    const ctx = docContext('signed', '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
    await fails(
      decodeAwsChunked(Readable.from([SIGNED_BODY.subarray(0, 60000)]), ctx),
      'IncompleteBody',
      400,
    );
  });

  test('fewer bytes than x-amz-decoded-content-length is IncompleteBody', async () => {
    const ctx = {
      ...docContext('signed', '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
      decodedContentLength: 70000,
    };
    const err = await fails(decodeAwsChunked(Readable.from([SIGNED_BODY]), ctx), 'IncompleteBody', 400);
    assert.equal(
      err.message,
      'You did not provide the number of bytes specified by the Content-Length HTTP header',
    );
  });

  test('more bytes than x-amz-decoded-content-length fails as soon as they arrive', async () => {
    const ctx = {
      ...docContext('signed', '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
      decodedContentLength: 100,
    };
    await fails(decodeAwsChunked(Readable.from([SIGNED_BODY]), ctx), 'IncompleteBody', 400);
  });

  test('bad framing is IncompleteBody', async () => {
    const ctx = { ...docContext('unsigned-trailer', ''), decodedContentLength: undefined, trailerNames: [] };
    for (const body of [
      'zz\r\nabc\r\n0\r\n\r\n',
      '3\r\nabcdef\r\n0\r\n\r\n',
      '3\nabc\r\n0\r\n\r\n',
      '3\r\nabc\r\n0\r\n\r\nextra',
    ]) {
      await fails(decodeAwsChunked(Readable.from([Buffer.from(body)]), ctx), 'IncompleteBody', 400);
    }
  });
});

describe('signed chunks with a trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER)', () => {
  test('the documented request verifies, decodes, and exposes the checksum trailer', async () => {
    for (const pieces of [1, 13]) {
      const req = docRequest(true, TRAILER_BODY, pieces);
      const v = await verifyDoc(req);
      assert.equal(v.chunked?.mode, 'signed-trailer');
      assert.deepEqual(v.chunked?.trailerNames, ['x-amz-checksum-crc32c']);
      const seen: Array<Record<string, string>> = [];
      const body = verifiedBody(req, v, {
        verifyTrailers: (t) => void seen.push({ ...t }),
      }) as AwsChunkedDecoder;
      assert.deepEqual(await readAll(body), DATA);
      assert.deepEqual(body.trailers, { 'x-amz-checksum-crc32c': 'sOO8/Q==' });
      assert.deepEqual(seen, [{ 'x-amz-checksum-crc32c': 'sOO8/Q==' }]);
    }
  });

  test('a changed trailer fails the trailer signature', async () => {
    const body = Buffer.from(TRAILER_BODY.toString('latin1').replace('sOO8/Q==', 'AAAAAA=='), 'latin1');
    const req = docRequest(true, body);
    const err = await fails(verifiedBody(req, await verifyDoc(req)), 'SignatureDoesNotMatch', 403);
    assert.match(String(err.fields['StringToSign']), /^AWS4-HMAC-SHA256-TRAILER\n/);
  });

  test('a missing trailer signature is refused', async () => {
    const body = Buffer.from(
      TRAILER_BODY.toString('latin1').replace(/x-amz-trailer-signature:[0-9a-f]+\r\n/, ''),
      'latin1',
    );
    const req = docRequest(true, body);
    await fails(verifiedBody(req, await verifyDoc(req)), 'MalformedTrailerError', 400);
  });

  test('a trailer check of the caller fails the body', async () => {
    const req = docRequest(true, TRAILER_BODY);
    const boom = new ServiceError(
      'BadDigest',
      'The CRC32C you specified did not match the calculated checksum.',
      400,
    );
    const body = verifiedBody(req, await verifyDoc(req), {
      verifyTrailers: () => {
        throw boom;
      },
    });
    await fails(body, 'BadDigest', 400);
  });
});

describe('unsigned chunks with a trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER)', () => {
  const ctx: AwsChunkedContext = { ...docContext('unsigned-trailer', ''), decodedContentLength: 10000 };
  const body = (small: number) =>
    Buffer.concat([
      chunk(10000 - small, undefined, Buffer.alloc(10000 - small, 'x')),
      chunk(small, undefined, Buffer.alloc(small, 'x')),
      Buffer.from('0\r\nx-amz-checksum-crc32c:abcd==\r\n\r\n'),
    ]);

  test('decodes and exposes the trailer', async () => {
    const decoder = decodeAwsChunked(Readable.from([body(1808)]), ctx);
    assert.equal((await readAll(decoder)).length, 10000);
    assert.deepEqual(decoder.trailers, { 'x-amz-checksum-crc32c': 'abcd==' });
  });

  test('a chunk under 8 KiB that is not the last is InvalidChunkSizeError', async () => {
    const err = await fails(decodeAwsChunked(Readable.from([body(6000)]), ctx), 'InvalidChunkSizeError', 400);
    assert.equal(err.message, 'Only the last chunk is allowed to have a size less than 8192 bytes');
    assert.deepEqual(err.fields, { Chunk: '2', BadChunkSize: '4000' });
  });
});

test('the decoder streams: output flows before the input has ended', async () => {
  const source = new PassThrough();
  const ctx: AwsChunkedContext = {
    ...docContext('unsigned-trailer', ''),
    decodedContentLength: undefined,
    trailerNames: [],
  };
  const decoder = decodeAwsChunked(source, ctx);
  const chunkSize = 1 << 20;
  source.write(`${chunkSize.toString(16)}\r\n`);
  source.write(Buffer.alloc(4096, 'z'));
  const timeout = AbortSignal.timeout(5000);
  const [first] = (await once(decoder, 'data', { signal: timeout })) as [Buffer];
  assert.equal(first.length, 4096);
  // The rest of a 1 MiB chunk, then the end: nothing was held back waiting for the whole chunk.
  source.end(Buffer.concat([Buffer.alloc(chunkSize - 4096, 'z'), Buffer.from('\r\n0\r\n\r\n')]));
  let total = first.length;
  for await (const part of decoder) total += (part as Buffer).length;
  assert.equal(total, chunkSize);
});
