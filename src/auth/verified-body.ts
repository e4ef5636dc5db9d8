// The request body as a stream of verified bytes, whatever the signed payload hash asked for: decoded
// aws-chunked, hashed against x-amz-content-sha256 as it flows, or passed through when unsigned or
// already checked. Never buffers the body.
import type { TransformCallback } from 'node:stream';
import { Readable, Transform } from 'node:stream';
import { INLINE_HASHING, type Hashing, type StreamHasher } from '../server/hashing/hasher.js';
import type { HttpRequest } from '../server/http-types.js';
import { ServiceError } from '../server/service-error.js';
import { decodeAwsChunked } from './aws-chunked.js';
import type { AwsChunkedContext } from './aws-chunked.js';
import { PAYLOAD_HASHER } from './crypto.js';
import type { VerifiedRequest } from './verify-request.js';

/** Passes bytes through and fails at the end unless they hash to `expected` (S3's XAmzContentSHA256Mismatch). */
export class Sha256Verifier extends Transform {
  private readonly hash: StreamHasher;

  constructor(
    private readonly expected: string,
    hashing: Hashing = INLINE_HASHING,
  ) {
    super();
    this.hash = hashing.hasher(PAYLOAD_HASHER, ['SHA256']);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.push(chunk);
    const wait = this.hash.update(chunk);
    if (wait) wait.then(() => callback(), callback);
    else callback();
  }

  override _flush(callback: TransformCallback): void {
    this.hash.digests().then(([digest]) => {
      const computed = digest!.toString('hex');
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
    }, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.hash.abort();
    callback(error);
  }
}

/**
 * The verified body of a request that verifyRequest accepted. `extra` lets the caller add a trailer
 * check (e.g. compare x-amz-checksum-crc32 with what it computed) to an aws-chunked body; `hashing`
 * says where the payload hash is computed.
 */
export function verifiedBody(
  req: HttpRequest,
  verified: VerifiedRequest,
  extra: Pick<AwsChunkedContext, 'verifyTrailers'> = {},
  hashing: Hashing = INLINE_HASHING,
): Readable {
  const source = req.stream ?? Readable.from(req.body.length > 0 ? [req.body] : []);
  if (verified.payload === 'aws-chunked' && verified.chunked) {
    return decodeAwsChunked(source, { ...verified.chunked, ...extra });
  }
  if (verified.payload === 'sha256') {
    const verifier = new Sha256Verifier(verified.payloadHash, hashing);
    source.on('error', (err) => verifier.destroy(err));
    return source.pipe(verifier);
  }
  return source;
}
