// Pure rules of S3 requests: bucket names, byte ranges, conditional headers, tagging headers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidBucketName } from '../../../src/services/s3/bucket-names.js';
import { checkConditions } from '../../../src/services/s3/objects/conditions.js';
import { parseRange } from '../../../src/services/s3/objects/range.js';
import { parseTaggingHeader } from '../../../src/services/s3/tags.js';

describe('bucket names', () => {
  it('accepts what the naming rules allow', () => {
    for (const n of ['abc', 'my-bucket', 'my.bucket.1', 'a'.repeat(63), '1bucket'])
      assert.ok(isValidBucketName(n), n);
  });
  it('refuses what they forbid', () => {
    for (const n of [
      'ab',
      'a'.repeat(64),
      'MyBucket',
      'my_bucket',
      '-bucket',
      'bucket-',
      'my..bucket',
      '192.168.5.4',
      'xn--bucket',
      'sthree-bucket',
      'bucket-s3alias',
      'bucket--ol-s3',
      'my.-bucket',
    ])
      assert.equal(isValidBucketName(n), false, n);
  });
});

describe('Range header', () => {
  it('reads closed, open and suffix ranges', () => {
    assert.deepEqual(parseRange('bytes=0-4', 10), { kind: 'range', start: 0, end: 4 });
    assert.deepEqual(parseRange('bytes=5-', 10), { kind: 'range', start: 5, end: 9 });
    assert.deepEqual(parseRange('bytes=-3', 10), { kind: 'range', start: 7, end: 9 });
    assert.deepEqual(parseRange('bytes=-30', 10), { kind: 'range', start: 0, end: 9 });
    assert.deepEqual(parseRange('bytes=8-100', 10), { kind: 'range', start: 8, end: 9 });
  });
  it('ignores what it cannot read and refuses ranges past the end', () => {
    assert.deepEqual(parseRange(undefined, 10), { kind: 'none' });
    assert.deepEqual(parseRange('items=0-1', 10), { kind: 'none' });
    assert.deepEqual(parseRange('bytes=0-1,3-4', 10), { kind: 'none' });
    assert.deepEqual(parseRange('bytes=10-', 10), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=-0', 10), { kind: 'unsatisfiable' });
  });
});

describe('conditional headers', () => {
  const v = { etag: '"abc"', lastModified: Date.parse('2024-01-01T00:00:00Z') };
  const code = (f: () => void): string | undefined => {
    try {
      f();
      return undefined;
    } catch (e) {
      return `${(e as { status: number }).status} ${(e as Error).name}`;
    }
  };
  it('answers 412 for a failed If-Match / If-Unmodified-Since and 304 for If-None-Match / If-Modified-Since', () => {
    assert.equal(
      code(() => checkConditions({ ifMatch: '"abc"' }, v)),
      undefined,
    );
    assert.equal(
      code(() => checkConditions({ ifMatch: '"x"' }, v)),
      '412 PreconditionFailed',
    );
    assert.equal(
      code(() => checkConditions({ ifNoneMatch: 'abc' }, v)),
      '304 NotModified',
    );
    assert.equal(
      code(() => checkConditions({ ifNoneMatch: '*' }, v, false)),
      '412 PreconditionFailed',
    );
    assert.equal(
      code(() => checkConditions({ ifModifiedSince: new Date('2024-01-02T00:00:00Z') }, v)),
      '304 NotModified',
    );
    assert.equal(
      code(() => checkConditions({ ifModifiedSince: new Date('2023-12-31T00:00:00Z') }, v)),
      undefined,
    );
    assert.equal(
      code(() => checkConditions({ ifUnmodifiedSince: new Date('2023-12-31T00:00:00Z') }, v)),
      '412 PreconditionFailed',
    );
  });
  it('lets If-Match win over If-Unmodified-Since, and If-None-Match over If-Modified-Since, as S3 documents', () => {
    const past = new Date('2023-12-31T00:00:00Z');
    assert.equal(
      code(() => checkConditions({ ifMatch: '"abc"', ifUnmodifiedSince: past }, v)),
      undefined,
    );
    assert.equal(
      code(() => checkConditions({ ifNoneMatch: '"x"', ifModifiedSince: new Date('2025-01-01') }, v)),
      undefined,
    );
  });
});

describe('x-amz-tagging header', () => {
  it('reads URL query form', () => {
    assert.deepEqual(parseTaggingHeader('a=1&b%20c=d+e&empty='), [
      { Key: 'a', Value: '1' },
      { Key: 'b c', Value: 'd e' },
      { Key: 'empty', Value: '' },
    ]);
  });
  it('refuses duplicate keys and more than 10 tags', () => {
    assert.throws(() => parseTaggingHeader('a=1&a=2'), /multiple Tags with the same key/);
    const eleven = Array.from({ length: 11 }, (_, i) => `k${i}=v`).join('&');
    assert.throws(() => parseTaggingHeader(eleven), /greater than 10/);
  });
});
