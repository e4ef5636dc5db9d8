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

  it('runs a provisioned version on its provisioned concurrency first, the rest on what the reservation leaves', () => {
    const l = new ConcurrencyLimiter(1000);
    const v1 = { configKey: 'v1', count: 2, functionTotal: 2 };
    const onProvisioned = [slot(l.tryAcquire('f', 3, v1)), slot(l.tryAcquire('f', 3, v1))];
    // Reserved 3 with 2 provisioned leaves 1 for everything else, $LATEST or v1's overflow.
    const overflow = slot(l.tryAcquire('f', 3, v1));
    assert.equal(l.tryAcquire('f', 3, v1), 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal(
      l.tryAcquire('f', 3, { configKey: 'latest', count: 0, functionTotal: 2 }),
      'ReservedFunctionConcurrentInvocationLimitExceeded',
    );
    overflow.release();
    onProvisioned[0]!.release();
    slot(l.tryAcquire('f', 3, v1)); // back on provisioned concurrency
    assert.equal(l.inFlight('f'), 2);
  });

  it('throttles everything but the provisioned versions when reserved equals provisioned', () => {
    const l = new ConcurrencyLimiter(1000);
    const latest = { configKey: 'latest', count: 0, functionTotal: 1 };
    assert.equal(l.tryAcquire('f', 1, latest), 'ReservedFunctionConcurrentInvocationLimitExceeded');
    slot(l.tryAcquire('f', 1, { configKey: 'v1', count: 1, functionTotal: 1 }));
  });

  it("takes an unreserved function's provisioned concurrency out of the shared pool", () => {
    const l = new ConcurrencyLimiter(3);
    const v1 = { configKey: 'v1', count: 2, functionTotal: 2 };
    slot(l.tryAcquire('f', undefined, v1));
    slot(l.tryAcquire('f', undefined, v1));
    slot(l.tryAcquire('g', undefined)); // the one left
    assert.equal(l.tryAcquire('g', undefined), 'ConcurrentInvocationLimitExceeded');
    assert.equal(l.tryAcquire('f', undefined, v1), 'ConcurrentInvocationLimitExceeded');
  });
});
