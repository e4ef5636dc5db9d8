// S3-signed requests: the path is encoded once (uriEscapePath: false), x-amz-content-sha256 is required
// and checked against the body, presigned URLs expire, and the errors carry S3's extra members.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { parseAuth, verifyRequest } from '../../../src/auth/index.js';
import type { VerifyOptions } from '../../../src/auth/index.js';
import type { HttpRequest } from '../../../src/server/http-types.js';
import { ServiceError } from '../../../src/server/service-error.js';
import { ACCESS_KEY, escape, lookup, presigned, signed } from './sign-helpers.js';

const NOW = Date.UTC(2024, 0, 1, 0, 10, 0);
const s3: VerifyOptions = { now: NOW, style: 's3' };

async function verify(req: HttpRequest, options: VerifyOptions = s3, table = lookup()) {
  const parsed = parseAuth(req);
  assert.ok(parsed, 'request should be signed');
  return verifyRequest(req, parsed, table, options);
}

async function rejects(promise: Promise<unknown>, code: string, status: number, message?: string) {
  let caught: ServiceError | undefined;
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ServiceError, `expected a ServiceError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    if (message !== undefined) assert.equal(err.message, message);
    caught = err;
    return true;
  });
  return caught!;
}

/** A key as the S3 client serializes it into the path: each segment encoded, '/' kept. */
function objectPath(bucket: string, key: string): string {
  return `/${bucket}/${key.split('/').map(escape).join('/')}`;
}

const putObject = {
  s3: true,
  method: 'PUT',
  path: objectPath('bucket', "photos/2024/a b+c=d!*'()~ü.jpg"),
  headers: { 'content-type': 'image/jpeg', 'x-amz-meta-owner': 'me' },
  body: Buffer.from('not really a jpeg'),
  signingDate: new Date(NOW),
};

describe('S3 header-signed requests', () => {
  test('verify with the path encoded once, the body hash checked', async () => {
    const v = await verify(await signed(putObject));
    assert.equal(v.service, 's3');
    assert.equal(v.payload, 'verified');
  });

  test('a body that does not match x-amz-content-sha256 is XAmzContentSHA256Mismatch', async () => {
    const req = await signed(putObject);
    req.body = Buffer.from('tampered');
    const err = await rejects(
      verify(req),
      'XAmzContentSHA256Mismatch',
      400,
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
    assert.equal(err.fields['ClientComputedContentSHA256'], req.headers['x-amz-content-sha256']);
  });

  test('a streamed body leaves the hash check to verifiedBody', async () => {
    const req = await signed(putObject);
    req.stream = (await import('node:stream')).Readable.from([req.body]);
    req.body = Buffer.alloc(0);
    const v = await verify(req);
    assert.equal(v.payload, 'sha256');
  });

  test('a wrong signature is SignatureDoesNotMatch with the canonical request and string to sign', async () => {
    const req = await signed({ ...putObject, secret: 'wrong' });
    const err = await rejects(
      verify(req),
      'SignatureDoesNotMatch',
      403,
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
    assert.equal(err.fields['AWSAccessKeyId'], ACCESS_KEY);
    assert.match(
      String(err.fields['StringToSign']),
      /^AWS4-HMAC-SHA256\n20240101T001000Z\n20240101\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}$/,
    );
    assert.match(
      String(err.fields['CanonicalRequest']),
      /^PUT\n\/bucket\/photos\/2024\/a%20b%2Bc%3Dd%21%2A%27%28%29~%C3%BC\.jpg\n/,
    );
    assert.match(String(err.fields['StringToSignBytes']), /^41 57 53 34 /);
  });

  test('unknown key, skew and missing payload hash in S3 terms', async () => {
    const unknown = await rejects(
      verify(await signed(putObject), s3, lookup({})),
      'InvalidAccessKeyId',
      403,
      'The AWS Access Key Id you provided does not exist in our records.',
    );
    assert.equal(unknown.fields['AWSAccessKeyId'], ACCESS_KEY);

    const skew = await rejects(
      verify(await signed({ ...putObject, signingDate: new Date(Date.UTC(2023, 11, 31, 23, 50, 0)) })),
      'RequestTimeTooSkewed',
      403,
      'The difference between the request time and the current time is too large.',
    );
    assert.deepEqual(skew.fields, {
      RequestTime: '20231231T235000Z',
      ServerTime: '2024-01-01T00:10:00Z',
      MaxAllowedSkewMilliseconds: '900000',
    });

    const req = await signed(putObject);
    delete req.headers['x-amz-content-sha256'];
    await rejects(
      verify(req),
      'InvalidRequest',
      400,
      'Missing required header for this request: x-amz-content-sha256',
    );
  });

  test('an x-amz-content-sha256 that is neither a hash nor a known value is InvalidArgument', async () => {
    const req = await signed({
      ...putObject,
      headers: { ...putObject.headers, 'x-amz-content-sha256': 'nope' },
    });
    const err = await rejects(verify(req), 'InvalidArgument', 400);
    assert.equal(err.fields['ArgumentName'], 'x-amz-content-sha256');
  });

  test('UNSIGNED-PAYLOAD signs and leaves the body unchecked', async () => {
    const req = await signed({
      ...putObject,
      headers: { ...putObject.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    req.body = Buffer.from('anything');
    assert.equal((await verify(req)).payload, 'unsigned');
  });

  test('malformed authorization headers are AuthorizationHeaderMalformed', async () => {
    const req = await signed(putObject);
    req.headers['authorization'] =
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/s3/aws4_request';
    await rejects(
      verify(req),
      'AuthorizationHeaderMalformed',
      400,
      'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    );
    req.headers['authorization'] =
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1, SignedHeaders=host, Signature=00';
    await rejects(
      verify(req),
      'AuthorizationHeaderMalformed',
      400,
      'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
    req.headers['authorization'] = 'AWS AKIDEXAMPLE:c2lnbmF0dXJl';
    await rejects(
      verify(req),
      'InvalidRequest',
      400,
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
  });
});

describe('S3 presigned URLs', () => {
  const getObject = {
    s3: true,
    method: 'GET',
    path: objectPath('bucket', 'reports/q1 2024.pdf'),
    query: { 'x-id': 'GetObject', 'response-content-disposition': 'attachment; filename="q1.pdf"' },
    headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    signingDate: new Date(NOW - 60_000),
  };

  test('parse as the query form and verify', async () => {
    const req = await presigned(getObject);
    const parsed = parseAuth(req);
    assert.equal(parsed?.form, 'query');
    assert.equal(parsed?.service, 's3');
    assert.equal(parsed?.expires, '900');
    // The SDK hoists x-amz-content-sha256 into the query; the client then sends no such header.
    const v = await verify(req);
    assert.equal(v.form, 'query');
    assert.equal(v.payload, 'unsigned');
  });

  test('a presigned PUT whose payload hash was hoisted into the query checks the body', async () => {
    const body = Buffer.from('uploaded through a presigned URL');
    const hash = createHash('sha256').update(body).digest('hex');
    const req = await presigned({
      ...getObject,
      method: 'PUT',
      query: {},
      headers: { 'x-amz-content-sha256': hash },
      body,
    });
    assert.equal((await verify(req)).payload, 'verified');
    req.body = Buffer.from('something else');
    await rejects(verify(req), 'XAmzContentSHA256Mismatch', 400);
  });

  test('with a session token', async () => {
    const req = await presigned({ ...getObject, sessionToken: 'tok' });
    await verify(
      req,
      s3,
      lookup({
        [ACCESS_KEY]: { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'tok' },
      }),
    );
    await rejects(verify(req), 'InvalidToken', 400, 'The provided token is malformed or otherwise invalid.');
  });

  test('past X-Amz-Date + X-Amz-Expires it is AccessDenied "Request has expired"', async () => {
    const req = await presigned({ ...getObject, signingDate: new Date(NOW - 3600_000), expiresIn: 600 });
    const err = await rejects(verify(req), 'AccessDenied', 403, 'Request has expired');
    assert.deepEqual(err.fields, {
      'X-Amz-Expires': '600',
      Expires: '2023-12-31T23:20:00Z',
      ServerTime: '2024-01-01T00:10:00Z',
    });
  });

  test('a changed query parameter is SignatureDoesNotMatch', async () => {
    const req = await presigned(getObject);
    req.query = req.query.map(([k, v]) => [k, k === 'x-id' ? 'PutObject' : v]);
    req.rawQuery = req.rawQuery.replace('x-id=GetObject', 'x-id=PutObject');
    await rejects(verify(req), 'SignatureDoesNotMatch', 403);
  });

  test('bad presign parameters are AuthorizationQueryParametersError', async () => {
    const req = await presigned(getObject);
    const drop = (name: string): HttpRequest => ({ ...req, query: req.query.filter(([k]) => k !== name) });
    await rejects(
      verify(drop('X-Amz-Date')),
      'AuthorizationQueryParametersError',
      400,
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
    const week = {
      ...req,
      query: req.query.map(([k, v]): [string, string] => [k, k === 'X-Amz-Expires' ? '604801' : v]),
    };
    await rejects(
      verify(week),
      'AuthorizationQueryParametersError',
      400,
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    );
  });

  test('x-amz-* headers sent but not signed are refused', async () => {
    const req = await presigned(getObject);
    req.headers['x-amz-server-side-encryption'] = 'AES256';
    const err = await rejects(
      verify(req),
      'AccessDenied',
      403,
      'There were headers present in the request which were not signed',
    );
    assert.equal(err.fields['HeadersNotSigned'], 'x-amz-server-side-encryption');
  });

  test('both an Authorization header and presign parameters are refused by S3', async () => {
    const req = await presigned(getObject);
    req.headers['authorization'] =
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00';
    await rejects(verify(req), 'InvalidArgument', 400);
  });

  test('presigned requests to other services verify too (STS GetCallerIdentity tokens)', async () => {
    const req = await presigned({
      service: 'sts',
      method: 'GET',
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      signingDate: new Date(NOW),
      expiresIn: 60,
    });
    await verify(req, { now: NOW, style: 'query' });
  });
});
