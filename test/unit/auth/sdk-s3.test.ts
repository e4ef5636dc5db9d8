// Requests built by the real S3 client (@aws-sdk/client-s3), captured before they leave, then verified:
// the SDK's path encoding, its payload hashing and its own aws-chunked encoder with a CRC32 trailer
// (STREAMING-UNSIGNED-PAYLOAD-TRAILER, what it sends for a streamed body).
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseAuth, verifiedBody, verifyRequest } from '../../../src/auth/index.js';
import type { AwsChunkedDecoder } from '../../../src/auth/index.js';
import type { HttpRequest } from '../../../src/server/http-types.js';
import { ACCESS_KEY, SECRET, lookup, toHttpRequest } from './sign-helpers.js';

interface Captured {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** An S3 client whose requests are captured and answered with an empty 200. */
function capturingClient(): { client: S3Client; sent: Captured[] } {
  const sent: Captured[] = [];
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://localhost:4566',
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET },
    requestHandler: {
      async handle(request: Captured) {
        sent.push(request);
        const body = request.body;
        if (body instanceof Readable) body.resume(); // let the SDK finish producing it
        return { response: { statusCode: 200, headers: {}, body: Readable.from([]) } };
      },
    } as never,
  });
  return { client, sent };
}

/** The captured request as the server receives it, its body still a stream. */
function received(c: Captured, body?: Readable): HttpRequest {
  const req = toHttpRequest({ ...c, body: undefined });
  if (body) req.stream = body;
  else if (typeof c.body === 'string' || Buffer.isBuffer(c.body) || c.body instanceof Uint8Array)
    req.body = Buffer.from(c.body);
  return req;
}

async function verify(req: HttpRequest) {
  const parsed = parseAuth(req);
  assert.ok(parsed);
  return verifyRequest(req, parsed, lookup(), { now: Date.now(), style: 's3' });
}

function crc32Base64(data: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}

test('GetObject of a key with reserved characters verifies', async () => {
  const { client, sent } = capturingClient();
  await client
    .send(new GetObjectCommand({ Bucket: 'my-bucket', Key: "dir/a b+c?d#e%f&g=h~ü*'().txt" }))
    .catch(() => undefined);
  const c = sent[0];
  assert.ok(c);
  const v = await verify(received(c));
  assert.equal(v.service, 's3');
});

test('PutObject with a buffered body signs its SHA-256, verified on the spot', async () => {
  const { client, sent } = capturingClient();
  await client
    .send(new PutObjectCommand({ Bucket: 'b', Key: 'k.txt', Body: 'hello world' }))
    .catch(() => undefined);
  const c = sent[0];
  assert.ok(c);
  assert.match(c.headers['x-amz-content-sha256'] ?? '', /^[0-9a-f]{64}$/);
  const req = received(c);
  assert.equal((await verify(req)).payload, 'verified');
  req.body = Buffer.from('hello worle');
  await assert.rejects(verify(req), { code: 'XAmzContentSHA256Mismatch' });
});

test("PutObject with a streamed body: the SDK's aws-chunked encoding decodes, with its CRC32 trailer", async () => {
  const { client, sent } = capturingClient();
  const data = Buffer.concat([Buffer.alloc(65536, 'a'), Buffer.alloc(20000, 'b'), Buffer.alloc(123, 'c')]);
  const body = Readable.from([data.subarray(0, 65536), data.subarray(65536, 85536), data.subarray(85536)]);
  // Capture the encoded body instead of letting the fake handler drain it.
  const encoded: Buffer[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = (args as { request: Captured }).request;
      const stream = request.body as Readable;
      stream.on('data', (b: Buffer) => encoded.push(Buffer.from(b)));
      stream.on('end', done);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'captureBody', priority: 'low' },
  );
  await client.send(
    new PutObjectCommand({ Bucket: 'b', Key: 'streamed.bin', Body: body, ContentLength: data.length }),
  );
  await finished;
  const c = sent[0];
  assert.ok(c);
  assert.equal(c.headers['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
  assert.equal(c.headers['content-encoding'], 'aws-chunked');

  const req = received(c, Readable.from([Buffer.concat(encoded)]));
  const v = await verify(req);
  assert.equal(v.payload, 'aws-chunked');
  assert.equal(v.chunked?.mode, 'unsigned-trailer');
  const decoder = verifiedBody(req, v) as AwsChunkedDecoder;
  const parts: Buffer[] = [];
  for await (const part of decoder) parts.push(part as Buffer);
  assert.deepEqual(Buffer.concat(parts), data);
  assert.deepEqual(decoder.trailers, { 'x-amz-checksum-crc32': crc32Base64(data) });
});
