// What a client sees of a failed AWS call: the error's name, HTTP status and message.
import assert from 'node:assert/strict';

/** Asserts that `p` fails with AWS error `name`, HTTP `status` and, when given, `message`. */
export async function rejects(
  p: Promise<unknown>,
  name: string,
  status: number,
  message?: string | RegExp,
): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}
