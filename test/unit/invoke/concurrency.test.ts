// Reserved and account concurrency, as AWS counts it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConcurrencyLimiter, type Slot } from '../../../src/services/lambda/invoke/concurrency.js';

const slot = (s: Slot | string): Slot => {
  assert.notEqual(typeof s, 'string', `expected a slot, got ${String(s)}`);
  return s as Slot;
};

describe('ConcurrencyLimiter', () => {
  it('holds a function to its reserved concurrency, across versions', () => {
    const l = new ConcurrencyLimiter(10);
    const a = slot(l.tryAcquire('f', 2));
    slot(l.tryAcquire('f', 2));
    assert.equal(l.tryAcquire('f', 2), 'ReservedFunctionConcurrentInvocationLimitExceeded');
    a.release();
    a.release(); // twice is harmless
    slot(l.tryAcquire('f', 2));
    assert.equal(l.inFlight('f'), 2);
  });

  it('throttles a function reserved at 0 always', () => {
    assert.equal(
      new ConcurrencyLimiter().tryAcquire('f', 0),
      'ReservedFunctionConcurrentInvocationLimitExceeded',
    );
  });

  it('shares what is left of the account limit among unreserved functions', () => {
    const l = new ConcurrencyLimiter(3);
    slot(l.tryAcquire('reserved', 1)); // keeps 1 of 3 to itself
    slot(l.tryAcquire('a', undefined));
    const b = slot(l.tryAcquire('b', undefined));
    assert.equal(l.tryAcquire('c', undefined), 'ConcurrentInvocationLimitExceeded');
    b.release();
    slot(l.tryAcquire('c', undefined));
  });

  it('tells listeners when a slot is released', () => {
    const l = new ConcurrencyLimiter(1);
    let released = 0;
    const off = l.onRelease(() => released++);
    slot(l.tryAcquire('a', undefined)).release();
    off();
    slot(l.tryAcquire('a', undefined)).release();
    assert.equal(released, 1);
  });
});
