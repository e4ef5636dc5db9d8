// Which payload hash a request signed, and what its body needs because of it. S3 requires the
// x-amz-content-sha256 header on header-signed requests and names the allowed values; the other services
// hash the body when the header is absent. Presigned S3 URLs sign UNSIGNED-PAYLOAD.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
import type { HttpRequest } from '../server/http-types.js';
import { ServiceError } from '../server/service-error.js';
import type { ErrorContext } from './auth-errors.js';
import { signatureMismatch } from './auth-errors.js';
import type { ChunkMode } from './aws-chunked.js';
import { sha256Hex } from './crypto.js';
import type { ParsedAuth } from './parse-auth.js';
import type { PayloadMode } from './verify-request.js';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

const STREAMING: Record<string, ChunkMode> = {
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': 'signed',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': 'signed-trailer',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': 'unsigned-trailer',
};

const BAD_VALUE =
  'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.';

export interface ResolvedPayload {
  payloadHash: string;
  mode: PayloadMode;
  /** SHA-256 of the buffered body, when it has to be compared with payloadHash after the signature. */
  bodyHash?: string;
  mismatchError: (bodyHash: string) => ServiceError;
  chunkMode?: ChunkMode;
  decodedContentLength?: number;
  trailerNames: string[];
}

/** A query parameter by case-insensitive name: the SDKs hoist headers into presigned URLs in lower case. */
function queryParam(req: HttpRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of req.query) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function resolvePayload(req: HttpRequest, parsed: ParsedAuth, ctx: ErrorContext): ResolvedPayload {
  const s3 = ctx.style === 's3';
  const declared =
    req.headers['x-amz-content-sha256'] ??
    (parsed.form === 'query' ? queryParam(req, 'X-Amz-Content-Sha256') : undefined);
  const mismatchError = (bodyHash: string): ServiceError =>
    s3
      ? new ServiceError(
          'XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
          400,
          {
            ClientComputedContentSHA256: declared ?? '',
            S3ComputedContentSHA256: bodyHash,
          },
        )
      : signatureMismatch(ctx, {
          accessKeyId: parsed.accessKeyId,
          signatureProvided: parsed.signature,
          stringToSign: '',
          canonicalRequest: '',
        });
  const base = { mismatchError, trailerNames: [] as string[] };

  if (declared === undefined) {
    if (s3 && parsed.form === 'header') {
      throw new ServiceError(
        'InvalidRequest',
        'Missing required header for this request: x-amz-content-sha256',
        400,
      );
    }
    if (s3) return { ...base, payloadHash: UNSIGNED_PAYLOAD, mode: 'unsigned' };
    return { ...base, payloadHash: sha256Hex(req.body), mode: 'verified' };
  }
  if (declared === UNSIGNED_PAYLOAD) return { ...base, payloadHash: declared, mode: 'unsigned' };
  const chunkMode = STREAMING[declared];
  if (chunkMode) {
    const decodedHeader = req.headers['x-amz-decoded-content-length'];
    const decoded =
      decodedHeader !== undefined && /^\d+$/.test(decodedHeader) ? Number(decodedHeader) : undefined;
    if (decoded === undefined && s3) {
      // S3 needs the decoded length of an aws-chunked body (sigv4-streaming.html: "For all requests, you
      // must include the x-amz-decoded-content-length header"); its answer when it is missing is the
      // missing-length error.
      throw new ServiceError('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
    }
    const trailerNames = (req.headers['x-amz-trailer'] ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== '');
    return {
      ...base,
      payloadHash: declared,
      mode: 'aws-chunked',
      chunkMode,
      decodedContentLength: decoded,
      trailerNames,
    };
  }
  if (!/^[0-9a-fA-F]{64}$/.test(declared)) {
    if (s3)
      throw new ServiceError('InvalidArgument', BAD_VALUE, 400, {
        ArgumentName: 'x-amz-content-sha256',
        ArgumentValue: declared,
      });
    // Other services just sign what the client declared; a bogus value cannot match a body.
    return { ...base, payloadHash: declared, mode: 'verified', bodyHash: sha256Hex(req.body) };
  }
  // A streamed body is checked as it flows (verifiedBody); a buffered one right after the signature.
  if (req.stream) return { ...base, payloadHash: declared, mode: 'sha256' };
  return { ...base, payloadHash: declared, mode: 'verified', bodyHash: sha256Hex(req.body) };
}
