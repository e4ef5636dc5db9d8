// Reads a whole request body into memory, within a size limit and an idle limit. Used for every body
// that is not streamed to its handler: the AWS APIs' JSON and XML bodies, and raw routes' bodies.
import { finished, type Readable } from 'node:stream';
import { BodyIdleTimeout } from './body-idle.js';

export class BodyTooLargeError extends Error {}

/**
 * What the reader gets when the client went away before the body's end: its connection closed
 * (Node's `aborted`, ECONNRESET) or its HTTP/2 stream was reset (a premature close). Nobody is left to
 * answer, and it is the client's doing, not the server's failure.
 */
export class BodyAbortedError extends Error {
  constructor(cause: Error) {
    super(`request body cut off: ${cause.message}`);
    this.name = 'BodyAbortedError';
  }
}

const CLIENT_GONE = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE']);

const asAborted = (error: Error): Error =>
  CLIENT_GONE.has((error as NodeJS.ErrnoException).code ?? '') ? new BodyAbortedError(error) : error;

/** What a body is read from: a request, whose idle timer is its connection's (or HTTP/2 stream's). */
interface BodySource extends Readable {
  setTimeout(ms: number, callback?: () => void): unknown;
}

/**
 * Reads a whole body into memory. Fails with BodyTooLargeError past `limit` bytes, and with
 * BodyIdleTimeout (body-idle.ts) when no byte arrived for `idleMs` (0: no limit) before its end — a
 * client that promised more than it sends would otherwise hold the request forever — and with
 * BodyAbortedError when the client went away before its end. Either way the
 * unread rest stays paused in the stream, for the caller to answer and discard.
 */
export function readBody(stream: Readable, limit: number, idleMs = 0): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const source = stream as BodySource;
    const watched = idleMs > 0 && typeof source.setTimeout === 'function' && !stream.readableEnded;
    let done = false;
    const settle = (error: Error | null | undefined): void => {
      if (done) return;
      done = true;
      stream.off('data', onData);
      stopFinished();
      if (watched) source.setTimeout(0);
      if (error) {
        stream.pause();
        reject(asAborted(error));
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) settle(new BodyTooLargeError(`body larger than ${limit} bytes`));
      else chunks.push(chunk);
    };
    // finished() also answers for a body that had ended or failed before this call.
    const stopFinished = finished(stream, settle);
    if (watched) source.setTimeout(idleMs, () => settle(new BodyIdleTimeout(idleMs)));
    stream.on('data', onData);
  });
}
