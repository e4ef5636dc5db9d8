// The request body as a stream of verified bytes, whatever the signed payload hash asked for: decoded
// aws-chunked, hashed against x-amz-content-sha256 as it flows, or passed through when unsigned or
// already checked. Never buffers the body.
import { createHash } from 'node:crypto';
import type { TransformCallback } from 'node:stream';
import { Readable, Transform } from 'node:stream';
import type { HttpRequest } from '../server/http-types.js';
import { ServiceError } from '../server/service-error.js';
import { decodeAwsChunked } from './aws-chunked.js';
import type { AwsChunkedContext } from './aws-chunked.js';
import type { VerifiedRequest } from './verify-request.js';

/** Passes bytes through and fails at the end unless they hash to `expected` (S3's XAmzContentSHA256Mismatch). */
export class Sha256Verifier extends Transform {
  private readonly hash = createHash('sha256');

  constructor(private readonly expected: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const computed = this.hash.digest('hex');
    if (computed === this.expected.toLowerCase()) {
      callback();
      return;
    }
    callback(
      new ServiceError(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        400,
        {
          ClientComputedContentSHA256: this.expected,
          S3ComputedContentSHA256: computed,
        },
      ),
    );
  }
}

/**
 * The verified body of a request that verifyRequest accepted. `extra` lets the caller add a trailer
 * check (e.g. compare x-amz-checksum-crc32 with what it computed) to an aws-chunked body.
 */
export function verifiedBody(
  req: HttpRequest,
  verified: VerifiedRequest,
  extra: Pick<AwsChunkedContext, 'verifyTrailers'> = {},
): Readable {
  const source = req.stream ?? Readable.from(req.body.length > 0 ? [req.body] : []);
  if (verified.payload === 'aws-chunked' && verified.chunked) {
    return decodeAwsChunked(source, { ...verified.chunked, ...extra });
  }
  if (verified.payload === 'sha256') {
    const verifier = new Sha256Verifier(verified.payloadHash);
    source.on('error', (err) => verifier.destroy(err));
    return source.pipe(verifier);
  }
  return source;
}
