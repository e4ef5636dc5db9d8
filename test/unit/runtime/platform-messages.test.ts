// The platform's own documents and log lines, in AWS's forms.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as msg from '../../../src/runtime/platform-messages.js';

test('exit reasons read as the platform reports them', () => {
  assert.equal(msg.exitReason(1, null), 'Runtime exited with error: exit status 1');
  assert.equal(msg.exitReason(137, null), 'Runtime exited with error: exit status 137');
  assert.equal(msg.exitReason(null, 'SIGKILL'), 'Runtime exited with error: signal: killed');
  assert.equal(msg.exitReason(null, 'SIGSEGV'), 'Runtime exited with error: signal: segmentation fault');
  assert.equal(msg.exitReason(0, null), 'Runtime exited without providing a reason');
});

test('platform errors carry the request id in the message', () => {
  const err = msg.platformError('Runtime.ExitError', 'abc', msg.exitReason(1, null));
  assert.deepEqual(err, {
    errorType: 'Runtime.ExitError',
    errorMessage: 'RequestId: abc Error: Runtime exited with error: exit status 1',
  });
  assert.equal(msg.timeoutReason(3), 'Task timed out after 3.00 seconds');
  assert.equal(
    msg.exitLogLine(err),
    'RequestId: abc Error: Runtime exited with error: exit status 1\nRuntime.ExitError',
  );
});

test('START, END and REPORT lines', () => {
  assert.equal(msg.startLine('id-1', '$LATEST'), 'START RequestId: id-1 Version: $LATEST');
  assert.equal(msg.endLine('id-1'), 'END RequestId: id-1');
  assert.equal(
    msg.reportLine({
      requestId: 'id-1',
      durationMs: 1.234,
      memorySizeMb: 128,
      maxMemoryUsedMb: 40,
      initDurationMs: 150,
    }),
    'REPORT RequestId: id-1\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 150.00 ms\t',
  );
  assert.equal(
    msg.reportLine({
      requestId: 'id-2',
      durationMs: 3000,
      memorySizeMb: 128,
      maxMemoryUsedMb: 50,
      status: 'timeout',
    }),
    'REPORT RequestId: id-2\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\tStatus: timeout\t',
  );
  assert.match(
    msg.reportLine({
      requestId: 'i',
      durationMs: 5,
      memorySizeMb: 128,
      maxMemoryUsedMb: 128,
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
    }),
    /\tStatus: error\tError Type: Runtime\.OutOfMemory\t$/,
  );
});

test('billed duration rounds up to the millisecond', () => {
  assert.equal(msg.billedDuration(0.2), 1);
  assert.equal(msg.billedDuration(12.01), 13);
  assert.equal(msg.billedDuration(12), 12);
});

test('timeout log line', () => {
  const line = msg.timeoutLogLine(new Date('2024-01-01T00:00:00.000Z'), 'abc', 3);
  assert.equal(line, '2024-01-01T00:00:00.000Z abc Task timed out after 3.00 seconds');
});
