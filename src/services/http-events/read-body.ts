// Reads a raw route's request body into memory with a limit (raw routes get the body unread).
import type { HttpRequest } from './types.js';

export class RequestTooLargeError extends Error {}

// `req.stream` stays in place after reading: headerPairs() takes the raw header lines from it.
const read = new WeakSet<HttpRequest>();

/** Fills `req.body` from `req.stream` (once); throws RequestTooLargeError past `limit` bytes. */
export async function readRequestBody(req: HttpRequest, limit: number): Promise<Buffer> {
  const stream = req.stream;
  if (!stream || read.has(req)) return req.body;
  read.add(req);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      stream.resume(); // drain the rest so the connection can still carry the answer
      throw new RequestTooLargeError(`body larger than ${limit} bytes`);
    }
    chunks.push(buf);
  }
  req.body = Buffer.concat(chunks, size);
  return req.body;
}
