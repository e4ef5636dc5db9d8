// The one assertion e2e tests make about an AWS SDK v3 client's error: its code (`name`), HTTP status
// and, when given, its message (exact text, or a pattern).
import assert from 'node:assert/strict';

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
