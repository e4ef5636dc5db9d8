// AWS's async retry schedule (invocation-async-error-handling.html) and the event age check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  functionErrorDelayMs,
  maxEventAgeMs,
  maxRetryAttempts,
  systemErrorDelayMs,
  withinAge,
} from '../../../src/events/retry-policy.js';

describe('async retry policy', () => {
  it('waits one minute after the first function error and two after the second', () => {
    assert.equal(functionErrorDelayMs(1, 1), 60_000);
    assert.equal(functionErrorDelayMs(2, 1), 120_000);
    assert.equal(functionErrorDelayMs(2, 0.001), 120);
  });

  it('backs off throttles and system errors from 1 second, doubling, to at most 5 minutes', () => {
    assert.deepEqual(
      [1, 2, 3, 9, 10, 20].map((n) => systemErrorDelayMs(n, 1)),
      [1000, 2000, 4000, 256_000, 300_000, 300_000],
    );
  });

  it('defaults to 2 retries and 6 hours, or takes the event invoke config', () => {
    assert.equal(maxRetryAttempts(undefined), 2);
    assert.equal(maxRetryAttempts({ MaximumRetryAttempts: 0 }), 0);
    assert.equal(maxEventAgeMs(undefined), 21_600_000);
    assert.equal(maxEventAgeMs({ MaximumEventAgeInSeconds: 60 }), 60_000);
  });

  it('keeps an event while its age is within the maximum', () => {
    const config = { MaximumEventAgeInSeconds: 60 };
    assert.equal(withinAge(0, 60_000, config), true);
    assert.equal(withinAge(0, 60_001, config), false);
  });
});
