// Response mapping for payload 2.0 and 1.0, and the body-encoding decisions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isBinaryForHttpApi,
  isBinaryForRestApi,
  mapResponseV1,
  mapResponseV2,
  type ProxyResult,
} from '../../../src/services/http-events/index.js';

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));
function ok(r: ProxyResult): { status: number; headers: Record<string, string | string[]>; body: string } {
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return { status: r.response.status, headers: r.response.headers, body: String(r.response.body) };
}

test('2.0 infers the format for a JSON value without statusCode', () => {
  assert.deepEqual(ok(mapResponseV2(json({ message: 'hi' }))), {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"message":"hi"}',
  });
  assert.deepEqual(ok(mapResponseV2(json('Hello from Lambda!'))).body, 'Hello from Lambda!');
  assert.deepEqual(ok(mapResponseV2(json(42))).body, '42');
  assert.deepEqual(ok(mapResponseV2(json([1, 2]))).body, '[1,2]');
});

test('2.0 explicit: status, headers, cookies as set-cookie, base64 body', () => {
  const r = ok(
    mapResponseV2(
      json({
        statusCode: 201,
        headers: { 'Content-Type': 'text/plain', 'X-Num': 5 },
        cookies: ['a=1; Path=/', 'b=2'],
        body: Buffer.from('hey').toString('base64'),
        isBase64Encoded: true,
      }),
    ),
  );
  assert.equal(r.status, 201);
  assert.deepEqual(r.headers, {
    'Content-Type': 'text/plain',
    'X-Num': '5',
    'set-cookie': ['a=1; Path=/', 'b=2'],
  });
  assert.equal(r.body, 'hey');
});

test('2.0 malformed answers are reported, not thrown', () => {
  for (const bad of [
    Buffer.from('not json'),
    json({ statusCode: 'abc' }),
    json({ statusCode: 200, headers: 'x' }),
    json({ statusCode: 200, headers: { a: { b: 1 } } }),
    json({ statusCode: 200, body: { a: 1 } }),
    json({ statusCode: 200, cookies: 'a=1' }),
  ]) {
    const r = mapResponseV2(bad);
    assert.equal(r.ok, false, bad.toString());
  }
});

test('1.0 merges headers and multiValueHeaders, multi wins', () => {
  const r = ok(
    mapResponseV1(
      json({
        statusCode: 200,
        headers: { 'X-A': '1', 'Content-Type': 'text/html' },
        multiValueHeaders: { 'x-a': ['2', '3'], 'Set-Cookie': ['a=1', 'b=2'] },
        body: '<p>',
      }),
    ),
  );
  assert.deepEqual(r.headers, {
    'X-A': ['2', '3'],
    'Content-Type': 'text/html',
    'Set-Cookie': ['a=1', 'b=2'],
  });
  assert.equal(r.body, '<p>');
});

test('1.0 requires a statusCode; body defaults to empty with JSON content type', () => {
  assert.equal(mapResponseV1(json({ body: 'x' })).ok, false);
  assert.equal(mapResponseV1(json('x')).ok, false);
  assert.deepEqual(ok(mapResponseV1(json({ statusCode: '204' }))), {
    status: 204,
    headers: { 'content-type': 'application/json' },
    body: '',
  });
});

test('HTTP API body encoding by content type', () => {
  for (const t of [
    'text/plain',
    'text/html; charset=utf-8',
    'application/json',
    'application/vnd.api+json',
    'application/xml',
  ]) {
    assert.equal(isBinaryForHttpApi(t), false, t);
  }
  for (const t of [undefined, 'image/png', 'application/octet-stream', 'application/pdf']) {
    assert.equal(isBinaryForHttpApi(t), true, String(t));
  }
});

test('REST body encoding by binaryMediaTypes', () => {
  assert.equal(isBinaryForRestApi('image/png', ['image/png']), true);
  assert.equal(isBinaryForRestApi('image/jpeg', ['image/*']), true);
  assert.equal(isBinaryForRestApi('text/plain', ['*/*']), true);
  assert.equal(isBinaryForRestApi('image/png', []), false);
  assert.equal(isBinaryForRestApi('application/json', ['image/*']), false);
});
