// POST policy evaluation: the document's form, expiry, exact and prefix conditions, the fields a
// policy must name, and the content-length-range errors, with S3's texts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPolicy, checkSize, parsePolicy } from '../../../src/services/s3/post/post-policy.js';
import { isServiceError } from '../../../src/server/service-error.js';

const encode = (doc: unknown) => Buffer.from(JSON.stringify(doc)).toString('base64');
const FUTURE = '2100-01-01T00:00:00.000Z';
const values = (o: Record<string, string>) => new Map(Object.entries(o));

function fails(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isServiceError(e));
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    return true;
  });
}

describe('parsePolicy', () => {
  it('reads expiration and every condition form', () => {
    const policy = parsePolicy(
      encode({
        expiration: FUTURE,
        conditions: [
          { bucket: 'b' },
          ['eq', '$Key', 'k'],
          ['starts-with', '$Content-Type', 'image/'],
          ['content-length-range', 1, 10],
        ],
      }),
    );
    assert.equal(policy.expiration, Date.parse(FUTURE));
    assert.deepEqual(
      policy.conditions.map((c) => c.op),
      ['eq', 'eq', 'starts-with', 'content-length-range'],
    );
  });

  it('refuses what is not a policy with InvalidPolicyDocument', () => {
    fails(
      () => parsePolicy(Buffer.from('{nope').toString('base64')),
      'InvalidPolicyDocument',
      'Invalid Policy: Invalid JSON.',
    );
    fails(
      () => parsePolicy(encode({ conditions: [] })),
      'InvalidPolicyDocument',
      'Invalid Policy: Policy missing expiration.',
    );
    fails(
      () => parsePolicy(encode({ expiration: FUTURE, conditions: [{ a: '1', b: '2' }] })),
      'InvalidPolicyDocument',
      'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
    );
  });
});

describe('checkPolicy', () => {
  const policy = parsePolicy(
    encode({
      expiration: FUTURE,
      conditions: [
        { bucket: 'b' },
        ['starts-with', '$key', 'user/'],
        { 'X-Amz-Meta-Tag': 'x' },
        ['starts-with', '$Content-Type', ''],
      ],
    }),
  );

  it('passes a form whose every field meets its condition, names compared without case', () => {
    const range = checkPolicy(
      policy,
      values({
        bucket: 'b',
        key: 'user/a',
        'x-amz-meta-tag': 'x',
        'content-type': 'anything',
        'x-ignore-me': '1',
        policy: 'p',
        'x-amz-signature': 's',
      }),
      0,
    );
    assert.deepEqual(range, { min: 0, max: Number.MAX_SAFE_INTEGER });
  });

  it('quotes the failed condition as AWS does', () => {
    fails(
      () => checkPolicy(policy, values({ bucket: 'b', key: 'other/a', 'x-amz-meta-tag': 'x' }), 0),
      'AccessDenied',
      'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/"]',
    );
    fails(
      () => checkPolicy(policy, values({ bucket: 'c', key: 'user/a', 'x-amz-meta-tag': 'x' }), 0),
      'AccessDenied',
      'Invalid according to Policy: Policy Condition failed: {"bucket":"b"}',
    );
  });

  it('names fields no condition covers, and expiry comes first', () => {
    fails(
      () =>
        checkPolicy(
          policy,
          values({ bucket: 'b', key: 'user/a', 'x-amz-meta-tag': 'x', acl: 'public-read' }),
          0,
        ),
      'AccessDenied',
      'Invalid according to Policy: Extra input fields: acl',
    );
    fails(
      () => checkPolicy(policy, values({}), Date.parse(FUTURE) + 1),
      'AccessDenied',
      'Invalid according to Policy: Policy expired.',
    );
  });
});

describe('checkSize', () => {
  it('answers EntityTooLarge and EntityTooSmall with the sizes', () => {
    assert.throws(
      () => checkSize(11, { min: 0, max: 10 }),
      (e: any) =>
        e.code === 'EntityTooLarge' && e.fields.ProposedSize === '11' && e.fields.MaxSizeAllowed === '10',
    );
    assert.throws(
      () => checkSize(1, { min: 2, max: 10 }),
      (e: any) =>
        e.code === 'EntityTooSmall' && e.fields.ProposedSize === '1' && e.fields.MinSizeAllowed === '2',
    );
    checkSize(10, { min: 10, max: 10 });
  });
});
