// Header-signed requests (Authorization: AWS4-HMAC-SHA256 …) signed by the SDK's own signer, verified
// in each service's error style. Expected codes and messages are the ones AWS answers (auth-errors.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAuth, verifyRequest } from '../../../src/auth/index.js';
import type { VerifyOptions } from '../../../src/auth/index.js';
import type { HttpRequest } from '../../../src/server/http-types.js';
import { ServiceError } from '../../../src/server/service-error.js';
import { ACCESS_KEY, SECRET, escape, lookup, signed } from './sign-helpers.js';

const NOW = Date.UTC(2024, 0, 1, 0, 10, 0);
const json: VerifyOptions = { now: NOW, style: 'json' };

async function verify(req: HttpRequest, options: VerifyOptions = json, table = lookup()) {
  const parsed = parseAuth(req);
  assert.ok(parsed, 'request should be signed');
  return verifyRequest(req, parsed, table, options);
}

async function rejects(promise: Promise<unknown>, code: string, status: number, message?: string | RegExp) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ServiceError, `expected a ServiceError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  });
}

const lambdaInvoke = {
  path: `/2015-03-31/functions/${escape('arn:aws:lambda:us-east-1:000000000000:function:my fn')}/invocations`,
  headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
  body: '{"hello":"world"}',
  signingDate: new Date(NOW),
};

describe('parseAuth', () => {
  test('reads form, key and credential scope without crypto', async () => {
    const req = await signed({ ...lambdaInvoke, region: 'eu-west-1' });
    const parsed = parseAuth(req);
    assert.equal(parsed?.form, 'header');
    assert.equal(parsed?.accessKeyId, ACCESS_KEY);
    assert.equal(parsed?.date, '20240101');
    assert.equal(parsed?.region, 'eu-west-1');
    assert.equal(parsed?.service, 'lambda');
    assert.equal(parsed?.scope, '20240101/eu-west-1/lambda/aws4_request');
    assert.ok(parsed?.signedHeaders.includes('host'));
    assert.equal(parsed?.problem, undefined);
  });

  test('an unsigned request is undefined', async () => {
    const req = await signed(lambdaInvoke);
    delete req.headers['authorization'];
    assert.equal(parseAuth(req), undefined);
  });
});

describe('JSON services (Lambda style)', () => {
  test('a request signed by the SDK verifies, path double-encoded as for non-S3 services', async () => {
    const v = await verify(await signed(lambdaInvoke));
    assert.equal(v.accessKeyId, ACCESS_KEY);
    assert.equal(v.service, 'lambda');
    assert.equal(v.payload, 'verified');
  });

  test('header values with runs of spaces and repeated query values verify', async () => {
    const req = await signed({
      ...lambdaInvoke,
      method: 'GET',
      body: undefined,
      path: '/2015-03-31/functions/',
      query: { Marker: 'a b/c', MaxItems: '10', z: ['2', '1'], 'weird key': '*' },
      headers: { 'x-amz-meta-note': '  several   spaces  here ' },
    });
    await verify(req);
  });

  test('a body changed after signing is refused with InvalidSignatureException', async () => {
    const req = await signed(lambdaInvoke);
    req.body = Buffer.from('{"hello":"mallory"}');
    await rejects(
      verify(req),
      'InvalidSignatureException',
      403,
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  });

  test('a wrong secret is refused, a signed header changed is refused', async () => {
    await rejects(
      verify(await signed({ ...lambdaInvoke, secret: 'not-the-secret' })),
      'InvalidSignatureException',
      403,
    );
    const req = await signed(lambdaInvoke);
    req.headers['x-amz-invocation-type'] = 'Event';
    await rejects(verify(req), 'InvalidSignatureException', 403);
  });

  test('an unknown access key is UnrecognizedClientException', async () => {
    await rejects(
      verify(await signed(lambdaInvoke), json, lookup({})),
      'UnrecognizedClientException',
      403,
      'The security token included in the request is invalid.',
    );
  });

  test('DynamoDB and Kinesis answer auth errors with 400', async () => {
    await rejects(
      verify(await signed(lambdaInvoke), { ...json, jsonStatus: 400 }, lookup({})),
      'UnrecognizedClientException',
      400,
    );
  });

  test('a request older than 5 minutes has an expired signature', async () => {
    const req = await signed({ ...lambdaInvoke, signingDate: new Date(Date.UTC(2024, 0, 1, 0, 0, 0)) });
    await rejects(
      verify(req),
      'InvalidSignatureException',
      403,
      'Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)',
    );
  });

  test('a request more than 5 minutes ahead is not yet current', async () => {
    const req = await signed({ ...lambdaInvoke, signingDate: new Date(Date.UTC(2024, 0, 1, 0, 20, 0)) });
    await rejects(
      verify(req),
      'InvalidSignatureException',
      403,
      'Signature not yet current: 20240101T002000Z is still later than 20240101T001500Z (20240101T001000Z + 5 min.)',
    );
  });

  test('4 minutes of skew is accepted', async () => {
    await verify(await signed({ ...lambdaInvoke, signingDate: new Date(NOW - 4 * 60_000) }));
  });

  test('temporary credentials need their session token', async () => {
    const table = lookup({ [ACCESS_KEY]: { secretAccessKey: SECRET, sessionToken: 'token-1' } });
    const v = await verify(await signed({ ...lambdaInvoke, sessionToken: 'token-1' }), json, table);
    assert.equal(v.sessionToken, 'token-1');
    await rejects(
      verify(await signed({ ...lambdaInvoke, sessionToken: 'token-2' }), json, table),
      'UnrecognizedClientException',
      403,
    );
    await rejects(verify(await signed(lambdaInvoke), json, table), 'UnrecognizedClientException', 403);
    // A token sent with long-term keys is not one we issued.
    await rejects(
      verify(await signed({ ...lambdaInvoke, sessionToken: 'token-1' })),
      'UnrecognizedClientException',
      403,
    );
  });

  test('expired temporary credentials are ExpiredTokenException', async () => {
    const table = lookup({
      [ACCESS_KEY]: { secretAccessKey: SECRET, sessionToken: 't', expiration: new Date(NOW - 1000) },
    });
    await rejects(
      verify(await signed({ ...lambdaInvoke, sessionToken: 't' }), json, table),
      'ExpiredTokenException',
      403,
      'The security token included in the request is expired',
    );
  });

  test('a malformed Authorization header is IncompleteSignatureException', async () => {
    const req = await signed(lambdaInvoke);
    req.headers['authorization'] =
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/lambda/aws4_request';
    await rejects(
      verify(req),
      'IncompleteSignatureException',
      403,
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/lambda/aws4_request",
    );
    req.headers['authorization'] =
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE /20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00';
    await rejects(
      verify(req),
      'IncompleteSignatureException',
      403,
      /not a valid key=value pair \(missing equal-sign\)/,
    );
  });

  test('a credential scope whose date is not the request date is refused', async () => {
    const req = await signed(lambdaInvoke);
    req.headers['authorization'] = req.headers['authorization']!.replace('/20240101/', '/20231231/');
    await rejects(
      verify(req),
      'InvalidSignatureException',
      403,
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20231231' != '20240101', from '20240101T001000Z'.",
    );
  });

  test('a missing X-Amz-Date is refused', async () => {
    const req = await signed(lambdaInvoke);
    delete req.headers['x-amz-date'];
    await rejects(
      verify(req),
      'IncompleteSignatureException',
      403,
      /requires existence of either a 'X-Amz-Date' or a 'Date' header/,
    );
  });
});

describe('query services (IAM/STS style)', () => {
  const sts = {
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
    service: 'sts',
    signingDate: new Date(NOW),
  };
  const query: VerifyOptions = { now: NOW, style: 'query' };

  test('verifies, and refuses what AWS refuses with its codes', async () => {
    await verify(await signed(sts), query);
    await rejects(
      verify(await signed(sts), query, lookup({})),
      'InvalidClientTokenId',
      403,
      'The security token included in the request is invalid.',
    );
    await rejects(verify(await signed({ ...sts, secret: 'x' }), query), 'SignatureDoesNotMatch', 403);
  });

  test('allows 15 minutes of skew', async () => {
    await verify(await signed({ ...sts, signingDate: new Date(NOW - 14 * 60_000) }), query);
    await rejects(
      verify(await signed({ ...sts, signingDate: new Date(Date.UTC(2023, 11, 31, 23, 50, 0)) }), query),
      'SignatureDoesNotMatch',
      403,
      'Signature expired: 20231231T235000Z is now earlier than 20231231T235500Z (20240101T001000Z - 15 min.)',
    );
  });
});
