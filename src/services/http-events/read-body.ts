// Reads a raw route's request body into memory with a limit (raw routes get the body unread).
import { BodyTooLargeError, readBody } from '../../server/read-body.js';
import type { HttpRequest } from './types.js';

export class RequestTooLargeError extends Error {}

// `req.stream` stays in place after reading: headerPairs() takes the raw header lines from it.
const read = new WeakSet<HttpRequest>();

/**
 * Fills `req.body` from `req.stream` (once); throws RequestTooLargeError past `limit` bytes, and lets
 * BodyIdleTimeout through for a body that stopped arriving (the server answers it).
 */
export async function readRequestBody(req: HttpRequest, limit: number): Promise<Buffer> {
  const stream = req.stream;
  if (!stream || read.has(req)) return req.body;
  read.add(req);
  try {
    req.body = await readBody(stream, limit, req.bodyIdleMs);
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
    stream.resume(); // drain the rest so the connection can still carry the answer
    throw new RequestTooLargeError(e.message);
  }
  return req.body;
}
