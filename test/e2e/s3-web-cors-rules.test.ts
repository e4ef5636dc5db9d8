// The pure part of S3's browser support, without a server: rule matching, the headers a match
// produces, and the preflight route's answers over the real S3 codec with an in-memory bucket
// source. The expected values are AWS's, as recorded in LocalStack's AWS-validated
// tests/aws/services/s3/test_s3_cors.snapshot.json. (Kept beside the S3 web e2e tests: it is
// their unit half.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCodec, loadModel } from '../../src/protocols/index.js';
import type { HttpRequest } from '../../src/server/http-types.js';
import {
  CORS_NOT_ALLOWED_MESSAGE,
  CORS_NOT_ENABLED_MESSAGE,
  createPreflightRoute,
} from '../../src/services/s3/web/cors-preflight.js';
import { createCorsDecorator } from '../../src/services/s3/web/cors-response.js';
import {
  corsHeaders,
  findCorsRule,
  requestedHeaders,
  wildcardMatch,
  type CorsRule,
} from '../../src/services/s3/web/cors-rules.js';

const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

describe('S3 CORS rule matching', () => {
  it('matches one wildcard anywhere in an origin or header pattern', () => {
    assert.equal(wildcardMatch('*', 'http://anything:1234'), true);
    assert.equal(wildcardMatch('http://*.example.com', 'http://app.example.com'), true);
    assert.equal(wildcardMatch('http://*.example.com', 'https://app.example.com'), false);
    assert.equal(wildcardMatch('http://*.example.com', 'http://example.org'), false);
    assert.equal(wildcardMatch('x-amz-*', 'x-amz-meta-owner'), true);
    assert.equal(wildcardMatch('x-amz-*', 'content-type'), false);
    assert.equal(wildcardMatch('https://localhost:4200', 'http://localhost:4200'), false);
  });

  it('splits Access-Control-Request-Headers into lower-cased names', () => {
    assert.deepEqual(requestedHeaders('Content-Type, X-Amz-Meta-A ,'), ['content-type', 'x-amz-meta-a']);
    assert.deepEqual(requestedHeaders(undefined), []);
  });

  const rules: CorsRule[] = [
    { AllowedOrigins: ['https://localhost:4200'], AllowedMethods: ['GET'], MaxAgeSeconds: 3000 },
    {
      AllowedOrigins: ['http://*.example.com'],
      AllowedMethods: ['PUT', 'POST'],
      AllowedHeaders: ['Content-Type', 'x-amz-*'],
      ExposeHeaders: ['ETag', 'x-amz-request-id'],
    },
    { AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD'] },
  ];

  it('uses the first rule whose origin, method and every requested header match', () => {
    const get = { origin: 'https://localhost:4200', method: 'GET', headers: [] };
    assert.equal(findCorsRule(rules, get), rules[0]);
    const put = { origin: 'http://app.example.com', method: 'PUT', headers: ['content-type', 'x-amz-acl'] };
    assert.equal(findCorsRule(rules, put), rules[1]);
    // A header outside AllowedHeaders fails the rule; a rule without AllowedHeaders allows none.
    assert.equal(findCorsRule(rules, { ...put, headers: ['content-type', 'authorization'] }), undefined);
    assert.equal(findCorsRule(rules, { ...get, headers: ['x-amz-request-payer'] }), undefined);
    // The wildcard rule catches any origin for its methods only.
    assert.equal(
      findCorsRule(rules, { origin: 'http://random:1234', method: 'HEAD', headers: [] }),
      rules[2],
    );
    assert.equal(
      findCorsRule(rules, { origin: 'http://random:1234', method: 'DELETE', headers: [] }),
      undefined,
    );
  });

  it("echoes a listed origin with credentials, and answers '*' for a wildcard rule (opt-right-origin, opt-random-wildcard-origin)", () => {
    assert.deepEqual(
      corsHeaders(rules[0]!, { origin: 'https://localhost:4200', method: 'GET', headers: [] }),
      {
        'access-control-allow-origin': 'https://localhost:4200',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET',
        'access-control-max-age': '3000',
        vary: VARY,
      },
    );
    assert.deepEqual(corsHeaders(rules[2]!, { origin: 'http://random:1234', method: 'GET', headers: [] }), {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD',
      vary: VARY,
    });
    const put = { origin: 'http://a.example.com', method: 'PUT', headers: ['content-type', 'x-amz-acl'] };
    const h = corsHeaders(rules[1]!, put);
    assert.equal(h['access-control-allow-headers'], 'content-type, x-amz-acl');
    assert.equal(h['access-control-expose-headers'], 'ETag, x-amz-request-id');
    assert.equal(h['access-control-max-age'], undefined);
  });
});

describe('S3 CORS preflight and response headers (in process)', () => {
  const codec = createCodec(loadModel('s3'));
  const buckets = new Map<string, CorsRule[] | null>([
    ['with-cors', [{ AllowedOrigins: ['https://app.test'], AllowedMethods: ['PUT'], AllowedHeaders: ['*'] }]],
    ['no-cors', null],
  ]);
  const deps = { codec, buckets: { corsRules: async (b: string) => buckets.get(b) } };
  const preflight = createPreflightRoute(deps);
  const decorate = createCorsDecorator(deps);
  const request = (method: string, path: string, headers: Record<string, string> = {}): HttpRequest => ({
    method,
    path,
    rawQuery: '',
    query: [],
    headers: { host: '127.0.0.1:4566', ...headers },
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
  });
  const errorOf = (body: unknown) => {
    const xml = String(body);
    const get = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
    return { code: get('Code'), message: get('Message'), method: get('Method'), type: get('ResourceType') };
  };

  it('passes requests that are not OPTIONS or address no bucket', async () => {
    assert.equal(await preflight(request('GET', '/with-cors/k')), undefined);
    assert.equal(await preflight(request('OPTIONS', '/')), undefined);
  });

  it('answers a matching preflight with 200, the rule headers and no body', async () => {
    const res = await preflight(
      request('OPTIONS', '/with-cors/dir/file.txt', {
        origin: 'https://app.test',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'Content-Type',
      }),
    );
    assert.equal(res?.status, 200);
    assert.equal(res?.body, '');
    assert.equal(res?.headers['access-control-allow-origin'], 'https://app.test');
    assert.equal(res?.headers['access-control-allow-methods'], 'PUT');
    assert.equal(res?.headers['access-control-allow-headers'], 'content-type');
    assert.equal(res?.headers.vary, VARY);
    assert.ok(res?.headers['x-amz-request-id']);
  });

  it('rejects preflights as AWS does: no Origin, no bucket, no configuration, no matching rule', async () => {
    const noOrigin = await preflight(request('OPTIONS', '/with-cors/k'));
    assert.equal(noOrigin?.status, 400);
    assert.deepEqual(errorOf(noOrigin?.body), {
      code: 'BadRequest',
      message: 'Insufficient information. Origin request header needed.',
      method: undefined,
      type: undefined,
    });
    const missing = await preflight(request('OPTIONS', '/nope/k', { origin: 'https://app.test' }));
    assert.equal(missing?.status, 403);
    assert.deepEqual(errorOf(missing?.body), {
      code: 'AccessForbidden',
      message: 'CORSResponse: Bucket not found',
      method: 'OPTIONS',
      type: 'BUCKET',
    });
    const disabled = await preflight(
      request('OPTIONS', '/no-cors/k', {
        origin: 'https://app.test',
        'access-control-request-method': 'PUT',
      }),
    );
    assert.equal(disabled?.status, 403);
    assert.deepEqual(errorOf(disabled?.body), {
      code: 'AccessForbidden',
      message: CORS_NOT_ENABLED_MESSAGE,
      method: 'PUT',
      type: 'BUCKET',
    });
    const denied = await preflight(
      request('OPTIONS', '/with-cors/k', {
        origin: 'https://evil.test',
        'access-control-request-method': 'PUT',
      }),
    );
    assert.equal(denied?.status, 403);
    assert.deepEqual(errorOf(denied?.body), {
      code: 'AccessForbidden',
      message: CORS_NOT_ALLOWED_MESSAGE,
      method: 'PUT',
      type: 'OBJECT',
    });
    const onBucket = await preflight(
      request('OPTIONS', '/with-cors', {
        origin: 'https://evil.test',
        'access-control-request-method': 'PUT',
      }),
    );
    assert.equal(errorOf(onBucket?.body).type, 'BUCKET');
  });

  it('finds the bucket of a virtual-hosted request', async () => {
    const res = await preflight({
      ...request('OPTIONS', '/k', { origin: 'https://app.test', 'access-control-request-method': 'PUT' }),
      headers: {
        host: 'with-cors.s3.localhost:4566',
        origin: 'https://app.test',
        'access-control-request-method': 'PUT',
      },
    });
    assert.equal(res?.status, 200);
  });

  it('adds the headers to an actual request only when a rule matches its Origin and method', async () => {
    const response = () => ({ status: 200, headers: {} as Record<string, string | string[]>, body: '' });
    const put = response();
    await decorate(request('PUT', '/with-cors/k', { origin: 'https://app.test' }), put);
    assert.equal(put.headers['access-control-allow-origin'], 'https://app.test');
    assert.equal(put.headers['access-control-allow-credentials'], 'true');
    const get = response();
    await decorate(request('GET', '/with-cors/k', { origin: 'https://app.test' }), get);
    assert.equal(get.headers['access-control-allow-origin'], undefined);
    const noOrigin = response();
    await decorate(request('PUT', '/with-cors/k'), noOrigin);
    assert.deepEqual(noOrigin.headers, {});
    const noConfig = response();
    await decorate(request('PUT', '/no-cors/k', { origin: 'https://app.test' }), noConfig);
    assert.deepEqual(noConfig.headers, {});
  });
});
