// FunctionName forms Lambda accepts (https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html):
// name, full ARN, partial ARN, each with an optional :qualifier.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isServiceError } from '../../../src/server/service-error.js';
import {
  functionArn,
  isVersionNumber,
  parseFunctionRef,
  resolveRef,
} from '../../../src/services/lambda/function-ref.js';

const ctx = { accountId: '000000000000', region: 'us-east-1' };

describe('parseFunctionRef', () => {
  it('reads a plain name', () => {
    assert.deepEqual(parseFunctionRef('my-function'), { name: 'my-function' });
  });
  it('reads a name with a qualifier', () => {
    assert.deepEqual(parseFunctionRef('my-function:live'), { name: 'my-function', qualifier: 'live' });
    assert.deepEqual(parseFunctionRef('my-function:$LATEST'), { name: 'my-function', qualifier: '$LATEST' });
  });
  it('reads a full ARN, qualified or not', () => {
    assert.deepEqual(parseFunctionRef('arn:aws:lambda:us-west-2:123456789012:function:f'), {
      name: 'f',
      account: '123456789012',
      region: 'us-west-2',
    });
    assert.deepEqual(parseFunctionRef('arn:aws:lambda:us-west-2:123456789012:function:f:3'), {
      name: 'f',
      qualifier: '3',
      account: '123456789012',
      region: 'us-west-2',
    });
  });
  it('reads a partial ARN', () => {
    assert.deepEqual(parseFunctionRef('123456789012:function:f'), { name: 'f', account: '123456789012' });
    assert.deepEqual(parseFunctionRef('123456789012:function:f:prod'), {
      name: 'f',
      account: '123456789012',
      qualifier: 'prod',
    });
  });
  it('refuses what Lambda refuses', () => {
    assert.equal(parseFunctionRef('has space'), undefined);
    assert.equal(parseFunctionRef('a:b:c:d:e:f:g:h'), undefined);
    assert.equal(parseFunctionRef(''), undefined);
  });
});

describe('resolveRef', () => {
  it('uses the caller account and builds the unqualified ARN', () => {
    const ref = resolveRef('f', undefined, ctx);
    assert.equal(ref.arn, 'arn:aws:lambda:us-east-1:000000000000:function:f');
    assert.equal(ref.qualifier, undefined);
  });
  it('takes the Qualifier parameter or the suffix', () => {
    assert.equal(resolveRef('f', '2', ctx).qualifier, '2');
    assert.equal(resolveRef('f:2', undefined, ctx).qualifier, '2');
    assert.equal(resolveRef('f:2', '2', ctx).qualifier, '2');
  });
  it('rejects a suffix that disagrees with Qualifier as AWS does', () => {
    assert.throws(
      () => resolveRef('f:1', '2', ctx),
      (e: unknown) =>
        isServiceError(e) &&
        e.code === 'InvalidParameterValueException' &&
        e.message === 'The derived qualifier from the function name does not match the specified qualifier.',
    );
  });
  it("answers an ARN of another region with AWS's ResourceNotFoundException", () => {
    assert.throws(
      () => resolveRef('arn:aws:lambda:eu-west-1:000000000000:function:f', undefined, ctx),
      (e: unknown) =>
        isServiceError(e) &&
        e.status === 404 &&
        e.message === "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
    );
  });
});

describe('helpers', () => {
  it('builds ARNs and recognises version numbers', () => {
    assert.equal(functionArn('us-east-1', '1', 'f', 'a'), 'arn:aws:lambda:us-east-1:1:function:f:a');
    assert.equal(isVersionNumber('12'), true);
    assert.equal(isVersionNumber('$LATEST'), false);
    assert.equal(isVersionNumber('live'), false);
  });
});
