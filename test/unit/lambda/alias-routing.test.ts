// Alias routing validation in AWS's words (LocalStack's AWS-recorded snapshot
// test_notfound_and_invalid_routingconfigs) and the weighted pick.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isServiceError } from '../../../src/server/service-error.js';
import { checkRoutingWeights, javaDouble, pickVersion } from '../../../src/services/lambda/alias-routing.js';

function fails(fn: () => unknown, code: string, message: string): void {
  assert.throws(fn, (e: unknown) => isServiceError(e) && e.code === code && e.message === message);
}

describe('checkRoutingWeights', () => {
  it('accepts one additional version with a weight in [0, 1]', () => {
    assert.deepEqual(checkRoutingWeights({ '2': 0.5 }, '1'), [['2', 0.5]]);
    assert.deepEqual(checkRoutingWeights({}, '$LATEST'), []);
  });
  it('refuses more than one additional version', () => {
    fails(
      () => checkRoutingWeights({ '2': 0.1, '3': 0.1 }, '1'),
      'InvalidParameterValueException',
      'Number of items in AdditionalVersionWeights cannot be greater than 1',
    );
  });
  it('refuses weights outside [0, 1]', () => {
    fails(
      () => checkRoutingWeights({ '2': 2 }, '1'),
      'ValidationException',
      "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    );
    fails(
      () => checkRoutingWeights({ '2': -1 }, '1'),
      'ValidationException',
      "1 validation error detected: Value '{2=-1.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    );
  });
  it("refuses the alias's own version", () => {
    fails(
      () => checkRoutingWeights({ '1': 0.5 }, '1'),
      'InvalidParameterValueException',
      'Invalid function version 1. Function version 1 is already included in routing configuration.',
    );
  });
  it('refuses weights on an alias of $LATEST and $LATEST as the additional version', () => {
    fails(
      () => checkRoutingWeights({ '2': 0.5 }, '$LATEST'),
      'InvalidParameterValueException',
      '$LATEST is not supported for an alias pointing to more than 1 version',
    );
    fails(
      () => checkRoutingWeights({ $LATEST: 0.5 }, '1'),
      'ValidationException',
      "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+, Member must not be null]",
    );
  });
});

describe('pickVersion', () => {
  it('routes by weight', () => {
    assert.equal(pickVersion('1', { '2': 0.3 }, 0.1), '2');
    assert.equal(pickVersion('1', { '2': 0.3 }, 0.3), '1');
    assert.equal(pickVersion('1', { '2': 0.3 }, 0.99), '1');
    assert.equal(pickVersion('1', undefined, 0), '1');
    assert.equal(pickVersion('1', { '2': 0 }, 0), '1');
  });
  it('prints doubles as Java does', () => {
    assert.equal(javaDouble(2), '2.0');
    assert.equal(javaDouble(0.25), '0.25');
  });
});
