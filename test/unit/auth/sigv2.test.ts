// Signature Version 2 presigned URLs and POST forms, as botocore makes them in us-east-1. The vector is the
// query string authentication example of the S3 developer guide ("Authenticating REST requests",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html): GET
// /photos/puppy.jpg on johnsmith.s3.amazonaws.com, Expires 1175139620 → NpgCjnDzrM+WFzoENXmpNDUsSn8=.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSigV2Query, verifySigV2Post, verifySigV2Query } from '../../../src/auth/index.js';
import type { HttpRequest } from '../../../src/server/http-types.js';
import { ServiceError } from '../../../src/server/service-error.js';
import { lookup } from './sign-helpers.js';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const DOC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const keys = lookup({ [KEY]: { secretAccessKey: DOC_SECRET } });
const BEFORE_EXPIRY = 1175139620 * 1000 - 1000;

function request(
  path: string,
  rawQuery: string,
  headers: Record<string, string> = {},
  method = 'GET',
): HttpRequest {
  const query = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p): [string, string] => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p, ''] : [decodeURIComponent(p.slice(0, eq)), decodeURIComponent(p.slice(eq + 1))];
    });
  return {
    method,
    path,
    rawQuery,
    query,
    headers,
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
  };
}

const docQuery = (signature = 'NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D') =>
  `AWSAccessKeyId=${KEY}&Expires=1175139620&Signature=${signature}`;

async function verify(req: HttpRequest, now = BEFORE_EXPIRY, bucket?: string) {
  const parsed = parseSigV2Query(req);
  assert.ok(parsed, 'SigV2 parameters should be found');
  return verifySigV2Query(req, parsed, keys, now, bucket);
}

async function rejects(promise: Promise<unknown>, code: string, status: number) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ServiceError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    return true;
  });
}

describe('SigV2 presigned URLs', () => {
  test("accepts the S3 guide's example, virtual-hosted (the bucket from the host) and path-style", async () => {
    const hosted = request('/photos/puppy.jpg', docQuery(), { host: 'johnsmith.s3.amazonaws.com' });
    const verified = await verify(hosted, BEFORE_EXPIRY, 'johnsmith');
    assert.equal(verified.accessKeyId, KEY);
    assert.equal(verified.payload, 'unsigned');
    await verify(request('/johnsmith/photos/puppy.jpg', docQuery()));
  });

  test('a URL without all three parameters is not SigV2', () => {
    assert.equal(parseSigV2Query(request('/b/k', `AWSAccessKeyId=${KEY}&Expires=1`)), undefined);
  });

  test('rejects another path, method or Content-Type with SignatureDoesNotMatch and the StringToSign', async () => {
    await rejects(verify(request('/johnsmith/photos/kitten.jpg', docQuery())), 'SignatureDoesNotMatch', 403);
    await rejects(
      verify(request('/johnsmith/photos/puppy.jpg', docQuery(), {}, 'DELETE')),
      'SignatureDoesNotMatch',
      403,
    );
    try {
      await verify(request('/johnsmith/photos/puppy.jpg', docQuery(), { 'content-type': 'text/plain' }));
      assert.fail('should not verify');
    } catch (e) {
      assert.equal(
        (e as ServiceError).fields['StringToSign'],
        'GET\n\ntext/plain\n1175139620\n/johnsmith/photos/puppy.jpg',
      );
    }
  });

  test('signs sub-resources and x-amz-* parameters, not other query parameters', async () => {
    // botocore moves x-amz-* headers (here metadata) into the query; prefix is not a sub-resource.
    const toSign =
      'GET\n\n\n1175139620\nx-amz-meta-a:b\n/johnsmith/photos/puppy.jpg?response-content-type=text/plain&versionId=v1';
    const { createHmac } = await import('node:crypto');
    const signature = encodeURIComponent(createHmac('sha1', DOC_SECRET).update(toSign).digest('base64'));
    const query = `versionId=v1&response-content-type=text%2Fplain&x-amz-meta-a=b&prefix=ignored&${docQuery(signature)}`;
    await verify(request('/johnsmith/photos/puppy.jpg', query));
  });

  test('answers Request has expired once Expires has passed, with S3 times and no X-Amz-Expires', async () => {
    const err = await verify(request('/johnsmith/photos/puppy.jpg', docQuery()), 1175139621 * 1000).catch(
      (e: unknown) => e as ServiceError,
    );
    assert.ok(err instanceof ServiceError);
    assert.equal(err.code, 'AccessDenied');
    assert.equal(err.message, 'Request has expired');
    assert.deepEqual(err.fields, { Expires: '2007-03-29T03:40:20Z', ServerTime: '2007-03-29T03:40:21Z' });
  });

  test('names an unknown access key', async () => {
    const req = request('/johnsmith/photos/puppy.jpg', docQuery().replace(KEY, 'AKIDUNKNOWN'));
    await rejects(verify(req), 'InvalidAccessKeyId', 403);
  });
});

describe('SigV2 POST forms', () => {
  const policy = Buffer.from('{"expiration":"2030-01-01T00:00:00Z","conditions":[]}').toString('base64');
  test('accepts Base64(HMAC-SHA1(secret, policy)) and rejects anything else', async () => {
    const { createHmac } = await import('node:crypto');
    const signature = createHmac('sha1', DOC_SECRET).update(policy).digest('base64');
    await verifySigV2Post({ policy, accessKeyId: KEY, signature }, keys, BEFORE_EXPIRY);
    await rejects(
      verifySigV2Post({ policy, accessKeyId: KEY, signature: 'x' + signature.slice(1) }, keys, BEFORE_EXPIRY),
      'SignatureDoesNotMatch',
      403,
    );
  });
});
