// The application/vnd.awslambda.http-integration-response content type a streaming function writes
// through `awslambda.HttpResponseStream.from(stream, { statusCode, headers, cookies })`: a JSON
// prelude, 8 NUL bytes, then the body
// (aws-lambda-nodejs-runtime-interface-client, HttpResponseStream.js; "JSON.stringify is required.
// NULL byte is not allowed in metadataPrelude").
import { PassThrough, type Readable } from 'node:stream';

export const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const DELIMITER = Buffer.alloc(8);

export interface HttpPrelude {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

/** Splits a whole buffered response into its prelude and body; undefined when there is no delimiter. */
export function splitPreludeBuffer(payload: Buffer): { prelude: HttpPrelude; body: Buffer } | undefined {
  const at = payload.indexOf(DELIMITER);
  if (at < 0) return undefined;
  return { prelude: parsePrelude(payload.subarray(0, at)), body: payload.subarray(at + DELIMITER.length) };
}

function parsePrelude(bytes: Buffer): HttpPrelude {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as HttpPrelude) : {};
  } catch {
    return {};
  }
}

/**
 * Reads a streamed response up to the delimiter and resolves with the prelude and the rest of the
 * body as a stream, so the body keeps flowing as the function writes it. A stream that ends before
 * the delimiter resolves with no prelude and what was read as the body.
 */
export function splitPreludeStream(stream: Readable): Promise<{ prelude?: HttpPrelude; body: Readable }> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const at = head.indexOf(DELIMITER);
      if (at < 0) return;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', reject);
      stream.pause();
      const body = new PassThrough();
      const rest = head.subarray(at + DELIMITER.length);
      if (rest.length > 0) body.write(rest);
      stream.pipe(body);
      stream.on('error', (e) => body.destroy(e));
      body.on('close', () => stream.resume());
      resolve({ prelude: parsePrelude(head.subarray(0, at)), body });
    };
    const onEnd = (): void => {
      const body = new PassThrough();
      body.end(head);
      resolve({ body });
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', reject);
  });
}
