// Invoke's request checks: AWS's size limits and messages, the JSON check, the client context.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkClientContext,
  checkPayloadSize,
  MAX_ASYNC_REQUEST_BYTES,
  MAX_SYNC_REQUEST_BYTES,
  normalizePayload,
} from '../../../src/services/lambda/invoke/payload.js';
import type { ServiceError } from '../../../src/server/service-error.js';

function rejects(fn: () => void): ServiceError {
  try {
    fn();
  } catch (e) {
    return e as ServiceError;
  }
  assert.fail('expected an error');
}

describe('payload size limits', () => {
  it("accepts exactly 6 MB synchronously and refuses one byte more with AWS's 413", () => {
    checkPayloadSize(Buffer.alloc(MAX_SYNC_REQUEST_BYTES), 'RequestResponse');
    const e = rejects(() => checkPayloadSize(Buffer.alloc(MAX_SYNC_REQUEST_BYTES + 1), 'RequestResponse'));
    assert.equal(e.code, 'RequestEntityTooLargeException');
    assert.equal(e.status, 413);
    assert.equal(e.message, 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
  });

  it('limits Event payloads to 1 MB with the Event message', () => {
    checkPayloadSize(Buffer.alloc(MAX_ASYNC_REQUEST_BYTES), 'Event');
    const e = rejects(() => checkPayloadSize(Buffer.alloc(MAX_ASYNC_REQUEST_BYTES + 10), 'Event'));
    assert.equal(e.status, 413);
    assert.equal(
      e.message,
      '1048586 byte payload is too large for the Event invocation type (limit 1048576 bytes)',
    );
  });
});

describe('payload JSON', () => {
  it('turns an empty payload into {} as AWS does', () => {
    assert.equal(normalizePayload(Buffer.alloc(0)).toString(), '{}');
  });

  it('passes JSON through untouched', () => {
    const body = Buffer.from(' {"a": [1, 2.5e3, "x", null, true]} ');
    assert.equal(normalizePayload(body), body);
  });

  it('refuses a bare word with Jackson\'s "Unrecognized token" message', () => {
    const e = rejects(() => normalizePayload(Buffer.from('hello')));
    assert.equal(e.code, 'InvalidRequestContentException');
    assert.equal(e.status, 400);
    assert.equal(
      e.message,
      "Could not parse request body into json: Could not parse payload into json: Unrecognized token 'hello': " +
        "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n" +
        ' at [Source: (byte[])"hello"; line: 1, column: 6]',
    );
  });

  it('names the unexpected character and where it is (the column after it, as Jackson counts)', () => {
    // AWS, for the payload 'test': "Unexpected character (''' (code 39)): expected a valid value (…)
    //  at [Source: (byte[])"'test'"; line: 1, column: 2]"
    const e = rejects(() => normalizePayload(Buffer.from("'test'")));
    assert.match(e.message, /Unexpected character \(''' \(code 39\)\): expected a valid value/);
    assert.match(e.message, /\[Source: \(byte\[\]\)"'test'"; line: 1, column: 2\]$/);
    const obj = rejects(() => normalizePayload(Buffer.from('{"a":1,\n b}')));
    assert.match(obj.message, /\('b' \(code 98\)\): was expecting double-quote to start field name/);
    assert.match(obj.message, /line: 2, column: 3\]$/);
  });

  it('refuses invalid JSON nested deeper than a stack with the same 400, and passes valid deep JSON', () => {
    const deep = '['.repeat(200_000);
    const e = rejects(() => normalizePayload(Buffer.from(deep)));
    assert.equal(e.code, 'InvalidRequestContentException');
    assert.equal(e.status, 400);
    const valid = Buffer.from('['.repeat(20_000) + ']'.repeat(20_000));
    assert.equal(normalizePayload(valid), valid);
  });

  it('reports truncated JSON as an unexpected end of input', () => {
    const e = rejects(() => normalizePayload(Buffer.from('{"a": [1, 2')));
    assert.match(e.message, /payload into json: Unexpected end-of-input: expected close marker for Array/);
  });
});

describe('client context', () => {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');

  it('accepts base64 of a JSON object up to 3583 bytes', () => {
    checkClientContext(undefined);
    checkClientContext(b64('{"custom":{"k":"v"}}'));
  });

  it('refuses text that is not base64 JSON, or too long', () => {
    for (const bad of [
      'not base64!',
      b64('[1]'),
      b64('nope'),
      b64(JSON.stringify({ x: 'y'.repeat(3000) })),
    ]) {
      const e = rejects(() => checkClientContext(bad));
      assert.equal(e.code, 'InvalidRequestContentException');
      assert.equal(e.message, 'Client context must be a valid Base64-encoded JSON object.');
    }
  });
});
