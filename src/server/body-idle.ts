// A request body that stops arriving (the client stalled, or promised more bytes than it sends) would
// hold its connection, its temp file and its handler forever. S3 gives such a body 20 seconds
// ("Idle connections will be closed", RequestTimeout); the limit is the server's bodyIdleTimeoutMs.
import { PassThrough, type Readable } from 'node:stream';

/** What the body's reader gets when nothing arrived for the idle limit. */
export class BodyIdleTimeout extends Error {
  constructor(idleMs: number) {
    super(`no request body bytes for ${idleMs} ms`);
    this.name = 'BodyIdleTimeout';
  }
}

interface TimedSource {
  readableEnded: boolean;
  setTimeout(ms: number, callback?: () => void): unknown;
}

/**
 * The body a handler reads: `reader`'s bytes and errors, failed with BodyIdleTimeout when the
 * connection under `source` sees no bytes for `idleMs` before the body's end. Only the handler's
 * stream fails: the request and its connection stay, so the answer can still be sent (destroying the
 * request would close the connection under it). A reader that is a stream of its own (a verifier or
 * decoder piped from the request, which keeps what it learned, e.g. aws-chunked trailers) is failed
 * itself; the bare request gets a stream put in front of it. `stop` ends the watch once the handler is done.
 */
export function guardBodyIdle(
  source: TimedSource & Readable,
  reader: Readable,
  idleMs: number,
): { body: Readable; stop: () => void } {
  if (idleMs <= 0 || source.readableEnded) return { body: reader, stop: () => undefined };
  let body = reader;
  if (reader === source) {
    const front = new PassThrough();
    reader.on('error', (e) => front.destroy(e));
    reader.pipe(front);
    body = front;
  }
  source.setTimeout(idleMs, () => {
    if (source.readableEnded) return;
    source.unpipe();
    body.destroy(new BodyIdleTimeout(idleMs));
  });
  return { body, stop: () => source.setTimeout(0) };
}
