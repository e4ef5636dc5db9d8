// Verifies a parsed SigV4 request: request time, credentials, session token, payload hash and signature.
// Nothing of the request may run unless this resolves. Order of checks follows the services: malformed
// authorization, date and clock skew, unknown key, token, signature, then (S3) payload hash and expiry.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
import type { HttpRequest } from '../server/http-types.js';
import { ServiceError } from '../server/service-error.js';
import type { AuthErrorStyle, ErrorContext } from './auth-errors.js';
import {
  amzDateToMs,
  expiredToken,
  invalidToken,
  malformedAuth,
  missingDate,
  presignExpired,
  presignParamError,
  scopeDateMismatch,
  signatureMismatch,
  skewed,
  unknownAccessKey,
} from './auth-errors.js';
import type { AwsChunkedContext } from './aws-chunked.js';
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUriDoubleEncoded,
  canonicalUrisS3,
  stringToSign,
} from './canonical.js';
import { hmacSha256, signaturesEqual, signingKey } from './crypto.js';
import { resolvePayload } from './payload-hash.js';
import type { ParsedAuth } from './parse-auth.js';

export interface Credentials {
  secretAccessKey: string;
  /** Set for temporary credentials: the request must carry this exact X-Amz-Security-Token. */
  sessionToken?: string;
  /** Temporary credentials stop working at this time. */
  expiration?: Date;
}

export type LookupSecret = (accessKeyId: string) => Promise<Credentials | undefined>;

export interface VerifyOptions {
  /** Current time, milliseconds since the epoch. */
  now: number;
  /** Error shapes of the target service. */
  style: AuthErrorStyle;
  /** Status of JSON-style auth errors: 403 (default; Lambda, API Gateway) or 400 (DynamoDB, Kinesis). */
  jsonStatus?: number;
}

/**
 * What the body still needs after verifyRequest:
 * - 'verified': the buffered body matched the signed hash (or was hashed into the signature);
 * - 'unsigned': UNSIGNED-PAYLOAD, nothing to check;
 * - 'sha256': the streamed body must hash to `payloadHash` (use verifiedBody);
 * - 'aws-chunked': the streamed body is aws-chunked (use verifiedBody / decodeAwsChunked with `chunked`).
 */
export type PayloadMode = 'verified' | 'unsigned' | 'sha256' | 'aws-chunked';

export interface VerifiedRequest {
  accessKeyId: string;
  sessionToken: string | undefined;
  form: 'header' | 'query';
  region: string;
  service: string;
  /** The x-amz-content-sha256 value signed (or the computed body hash). */
  payloadHash: string;
  payload: PayloadMode;
  /** Present when payload is 'aws-chunked'. */
  chunked?: AwsChunkedContext;
}

const FIVE_MINUTES = 5 * 60_000;
const FIFTEEN_MINUTES = 15 * 60_000;
const ONE_WEEK_SECONDS = 604_800;

/** Headers S3 does not require a presigned URL to have signed (the SDKs add it unsigned). */
const PRESIGN_UNSIGNED_OK = new Set(['x-amz-content-sha256']);

function checkTime(parsed: ParsedAuth, ctx: ErrorContext, now: number): number {
  const amzDate = parsed.amzDate ?? '';
  const requestMs = amzDateToMs(amzDate);
  const presignedS3 = parsed.form === 'query' && ctx.style === 's3';
  if (requestMs === undefined) {
    throw presignedS3
      ? presignParamError('X-Amz-Date must be in the ISO8601 Long Format')
      : missingDate(ctx, parsed.authorization);
  }
  if (parsed.date !== amzDate.slice(0, 8)) throw scopeDateMismatch(ctx, parsed.date, amzDate, parsed.form);
  if (presignedS3) {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html: 1 to 604800 seconds.
    const expires = parsed.expires ?? '';
    if (!/^-?\d+$/.test(expires)) throw presignParamError('X-Amz-Expires should be a number');
    const seconds = Number(expires);
    if (seconds < 0) throw presignParamError('X-Amz-Expires must be non-negative');
    if (seconds > ONE_WEEK_SECONDS) {
      throw presignParamError(
        `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${ONE_WEEK_SECONDS} seconds`,
      );
    }
    return requestMs;
  }
  // S3 and IAM/STS allow 15 minutes of skew, the JSON services 5. STS applies this window to presigned
  // requests too, whatever their X-Amz-Expires (aws/aws-sdk-go#2167).
  const skew = ctx.style === 'json' ? FIVE_MINUTES : FIFTEEN_MINUTES;
  if (Math.abs(now - requestMs) > skew) throw skewed(ctx, amzDate, now, skew);
  return requestMs;
}

function checkToken(parsed: ParsedAuth, creds: Credentials, ctx: ErrorContext, now: number): void {
  if ((creds.sessionToken ?? undefined) !== parsed.securityToken) throw invalidToken(ctx);
  if (creds.expiration && creds.expiration.getTime() <= now) throw expiredToken(ctx);
}

/** S3 refuses a presigned URL sent with x-amz-* headers it did not sign. */
function checkUnsignedHeaders(req: HttpRequest, parsed: ParsedAuth): void {
  const signed = new Set(parsed.signedHeaders);
  const unsigned = Object.keys(req.headers).filter(
    (h) => h.startsWith('x-amz-') && !signed.has(h) && !PRESIGN_UNSIGNED_OK.has(h),
  );
  if (unsigned.length > 0) {
    throw new ServiceError(
      'AccessDenied',
      'There were headers present in the request which were not signed',
      403,
      {
        HeadersNotSigned: unsigned.join(', '),
      },
    );
  }
}

/**
 * Verifies the signature of a request parsed by parseAuth and returns who signed it and what its body
 * still needs. Throws a ServiceError in the target service's style on any failure.
 */
export async function verifyRequest(
  req: HttpRequest,
  parsed: ParsedAuth,
  lookupSecret: LookupSecret,
  options: VerifyOptions,
): Promise<VerifiedRequest> {
  const ctx: ErrorContext = { style: options.style, jsonStatus: options.jsonStatus ?? 403 };
  // Only S3 rejects an Authorization header next to presigned parameters; elsewhere the header is what
  // counts and the parameters are ordinary (signed) query parameters.
  const problem = parsed.problem?.kind === 'both-forms' && ctx.style !== 's3' ? undefined : parsed.problem;
  if (problem) throw malformedAuth(ctx, problem, parsed.authorization);
  const requestMs = checkTime(parsed, ctx, options.now);

  const creds = await lookupSecret(parsed.accessKeyId);
  if (!creds) throw unknownAccessKey(ctx, parsed.accessKeyId);
  checkToken(parsed, creds, ctx, options.now);

  const payload = resolvePayload(req, parsed, ctx);
  const key = signingKey(creds.secretAccessKey, parsed.date, parsed.region, parsed.service);
  const uris = ctx.style === 's3' ? canonicalUrisS3(req.path) : [canonicalUriDoubleEncoded(req.path)];
  const query = canonicalQuery(req.rawQuery, parsed.form === 'query');
  const amzDate = parsed.amzDate ?? '';
  let first: { canonical: string; toSign: string } | undefined;
  let matched = false;
  for (const uri of uris) {
    const canonical = canonicalRequest({
      method: req.method,
      uri,
      query,
      headers: req.headers,
      signedHeaders: parsed.signedHeaders,
      payloadHash: payload.payloadHash,
    });
    const toSign = stringToSign(amzDate, parsed.scope, canonical);
    first ??= { canonical, toSign };
    if (signaturesEqual(hmacSha256(key, toSign).toString('hex'), parsed.signature)) {
      matched = true;
      break;
    }
  }
  if (!matched) {
    throw signatureMismatch(ctx, {
      accessKeyId: parsed.accessKeyId,
      signatureProvided: parsed.signature,
      stringToSign: first?.toSign ?? '',
      canonicalRequest: first?.canonical ?? '',
    });
  }

  // The signature covers the declared hash; now the buffered body must match it.
  if (
    payload.mode === 'verified' &&
    payload.bodyHash !== undefined &&
    payload.bodyHash !== payload.payloadHash.toLowerCase()
  ) {
    throw payload.mismatchError(payload.bodyHash);
  }

  if (parsed.form === 'query' && ctx.style === 's3') {
    checkUnsignedHeaders(req, parsed);
    const expiresAt = requestMs + Number(parsed.expires) * 1000;
    if (options.now > expiresAt) throw presignExpired(parsed.expires ?? '', expiresAt, options.now);
  }

  const verified: VerifiedRequest = {
    accessKeyId: parsed.accessKeyId,
    sessionToken: parsed.securityToken,
    form: parsed.form,
    region: parsed.region,
    service: parsed.service,
    payloadHash: payload.payloadHash,
    payload: payload.mode,
  };
  if (payload.mode === 'aws-chunked' && payload.chunkMode) {
    verified.chunked = {
      mode: payload.chunkMode,
      seedSignature: parsed.signature,
      signingKey: key,
      amzDate,
      scope: parsed.scope,
      accessKeyId: parsed.accessKeyId,
      decodedContentLength: payload.decodedContentLength,
      trailerNames: payload.trailerNames,
    };
  }
  return verified;
}
