// The errors a failed SigV4 check produces, in the three shapes AWS services use. Codes, messages and
// statuses follow what the services answer (Common Errors pages of each API reference, S3's error code
// list in its API reference, and the messages AWS returns as reported by SDK users); each protocol's codec
// serializes the ServiceError.
import { ServiceError } from '../server/service-error.js';
import type { AuthProblem } from './parse-auth.js';

/**
 * 'json': Lambda, Kinesis, DynamoDB, API Gateway (…Exception codes);
 * 's3': S3's own codes with their extra XML members; 'query': IAM and STS.
 */
export type AuthErrorStyle = 'json' | 's3' | 'query';

export interface ErrorContext {
  style: AuthErrorStyle;
  /**
   * HTTP status of the JSON style's auth errors: 403 for Lambda and API Gateway; DynamoDB and Kinesis answer
   * 400 (their error-handling docs list UnrecognizedClientException / InvalidSignatureException under 400).
   */
  jsonStatus: number;
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const S3_SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const TOKEN_INVALID = 'The security token included in the request is invalid.';
const TOKEN_EXPIRED = 'The security token included in the request is expired';
const HEADER_MALFORMED = 'The authorization header is malformed; ';

/** One style's error: code, message, and the status and extra members where the style has its own. */
type Variant = [code: string, message: string, status?: number, fields?: Record<string, string>];

/**
 * The error in the caller's style. JSON services answer their own status (ctx.jsonStatus), the query
 * services 403 unless the variant says otherwise; S3 names its status and members in each variant.
 */
function byStyle(ctx: ErrorContext, variants: Record<AuthErrorStyle, Variant>): ServiceError {
  const [code, message, status, fields] = variants[ctx.style];
  const fallback = ctx.style === 'json' ? ctx.jsonStatus : 403;
  return new ServiceError(code, message, status ?? fallback, fields);
}
const CREDENTIAL_SHAPE = '"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request"';

/** S3 shows the signed strings as space-separated hex bytes next to the text. */
export function hexBytes(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
}

/** `20240101T000000Z` from a millisecond time. */
export function toAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function unknownAccessKey(ctx: ErrorContext, accessKeyId: string): ServiceError {
  return byStyle(ctx, {
    json: ['UnrecognizedClientException', TOKEN_INVALID],
    query: ['InvalidClientTokenId', TOKEN_INVALID],
    s3: [
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      403,
      { AWSAccessKeyId: accessKeyId },
    ],
  });
}

export function invalidToken(ctx: ErrorContext): ServiceError {
  return byStyle(ctx, {
    json: ['UnrecognizedClientException', TOKEN_INVALID],
    query: ['InvalidClientTokenId', TOKEN_INVALID],
    s3: ['InvalidToken', 'The provided token is malformed or otherwise invalid.', 400],
  });
}

export function expiredToken(ctx: ErrorContext): ServiceError {
  return byStyle(ctx, {
    json: ['ExpiredTokenException', TOKEN_EXPIRED],
    query: ['ExpiredToken', TOKEN_EXPIRED],
    s3: ['ExpiredToken', 'The provided token has expired.', 400],
  });
}

export interface MismatchDetail {
  accessKeyId: string;
  signatureProvided: string;
  stringToSign: string;
  canonicalRequest: string;
}

export function signatureMismatch(ctx: ErrorContext, d: MismatchDetail): ServiceError {
  if (ctx.style !== 's3') return signatureInvalid(ctx, SIGNATURE_MISMATCH);
  return new ServiceError('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH, 403, {
    AWSAccessKeyId: d.accessKeyId,
    StringToSign: d.stringToSign,
    SignatureProvided: d.signatureProvided,
    StringToSignBytes: hexBytes(d.stringToSign),
    CanonicalRequest: d.canonicalRequest,
    CanonicalRequestBytes: hexBytes(d.canonicalRequest),
  });
}

/** A signature that does not verify, in the JSON and query styles. */
function signatureInvalid(ctx: ErrorContext, message: string): ServiceError {
  return ctx.style === 'json'
    ? new ServiceError('InvalidSignatureException', message, ctx.jsonStatus)
    : new ServiceError('SignatureDoesNotMatch', message, 403);
}

/**
 * Request time outside the allowed skew. JSON services allow 5 minutes, IAM/STS and S3 15 minutes:
 * "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)".
 */
export function skewed(ctx: ErrorContext, amzDate: string, nowMs: number, skewMs: number): ServiceError {
  const minutes = skewMs / 60_000;
  const requestMs = amzDateToMs(amzDate) ?? 0;
  const now = toAmzDate(nowMs);
  const message =
    requestMs < nowMs
      ? `Signature expired: ${amzDate} is now earlier than ${toAmzDate(nowMs - skewMs)} (${now} - ${minutes} min.)`
      : `Signature not yet current: ${amzDate} is still later than ${toAmzDate(nowMs + skewMs)} (${now} + ${minutes} min.)`;
  if (ctx.style !== 's3') return signatureInvalid(ctx, message);
  return new ServiceError(
    'RequestTimeTooSkewed',
    'The difference between the request time and the current time is too large.',
    403,
    {
      RequestTime: amzDate,
      ServerTime: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      MaxAllowedSkewMilliseconds: String(skewMs),
    },
  );
}

/** Presigned S3 URL past X-Amz-Date + X-Amz-Expires. */
/** A presigned URL past its time; a SigV2 URL (no X-Amz-Expires) shows only Expires and ServerTime. */
export function presignExpired(
  expires: string | undefined,
  expiresAtMs: number,
  nowMs: number,
): ServiceError {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return new ServiceError('AccessDenied', 'Request has expired', 403, {
    ...(expires !== undefined ? { 'X-Amz-Expires': expires } : {}),
    Expires: iso(expiresAtMs),
    ServerTime: iso(nowMs),
  });
}

export function presignParamError(message: string): ServiceError {
  return new ServiceError('AuthorizationQueryParametersError', message, 400);
}

/** Neither X-Amz-Date nor Date, or one that is not ISO 8601 basic format. */
export function missingDate(ctx: ErrorContext, authorization: string): ServiceError {
  if (ctx.style === 's3') {
    return new ServiceError(
      'AccessDenied',
      'AWS authentication requires a valid Date or x-amz-date header',
      403,
    );
  }
  return incompleteSignature(
    ctx,
    `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`,
  );
}

function incompleteSignature(ctx: ErrorContext, message: string): ServiceError {
  return ctx.style === 'json'
    ? new ServiceError('IncompleteSignatureException', message, ctx.jsonStatus)
    : new ServiceError('IncompleteSignature', message, 400);
}

/** Credential scope date differs from the request date. */
export function scopeDateMismatch(
  ctx: ErrorContext,
  scopeDate: string,
  amzDate: string,
  form: 'header' | 'query',
): ServiceError {
  if (ctx.style === 's3') {
    const message = 'Invalid credential date. Date is not the same as X-Amz-Date.';
    return form === 'query'
      ? presignParamError(message)
      : new ServiceError('AuthorizationHeaderMalformed', HEADER_MALFORMED + message, 400);
  }
  return signatureInvalid(
    ctx,
    `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
  );
}

/** A signature attempt that cannot be verified at all (see AuthProblem). */
export function malformedAuth(ctx: ErrorContext, problem: AuthProblem, authorization: string): ServiceError {
  if (ctx.style === 's3') return malformedS3(problem, authorization);
  switch (problem.kind) {
    case 'unsupported-algorithm':
      return incompleteSignature(
        ctx,
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
          `Authorization header requires 'SignedHeaders' parameter. Authorization=${authorization}`,
      );
    case 'incomplete-header':
      if (problem.malformedPair !== undefined) {
        return incompleteSignature(
          ctx,
          `'${problem.malformedPair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
        );
      }
      return incompleteSignature(
        ctx,
        `${problem.missing.map((k) => `Authorization header requires '${k}' parameter.`).join(' ')} Authorization=${authorization}`,
      );
    case 'malformed-credential': {
      const parts = problem.credential.split('/');
      if (parts.length !== 5) {
        return incompleteSignature(
          ctx,
          `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${problem.credential}'`,
        );
      }
      return signatureInvalid(
        ctx,
        `Credential should be scoped with a valid terminator: 'aws4_request', not '${parts[4] ?? ''}'. `,
      );
    }
    case 'missing-query-params':
      return incompleteSignature(
        ctx,
        `${problem.missing.map((k) => `AWS query-string parameters must include '${k}'.`).join(' ')} Re-examine the query-string parameters.`,
      );
    case 'both-forms':
      // Only S3 rejects this combination; verifyRequest checks the header and treats the parameters as
      // ordinary query parameters for the other services, so this is never reached for them.
      return incompleteSignature(ctx, SIGNATURE_MISMATCH);
  }
}

function malformedS3(problem: AuthProblem, authorization: string): ServiceError {
  switch (problem.kind) {
    case 'unsupported-algorithm':
      return authorization === ''
        ? presignParamError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"')
        : // As users recorded S3's answer to a SigV2 `AWS key:signature` header (and boto3's
          // signature_version 's3'): Cumulo verifies SigV2 only in presigned URLs and POST forms.
          new ServiceError(
            'InvalidRequest',
            'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
            400,
          );
    case 'incomplete-header':
      return new ServiceError(
        'AuthorizationHeaderMalformed',
        `${HEADER_MALFORMED}the authorization header requires three components: Credential, SignedHeaders, and Signature.`,
        400,
      );
    case 'malformed-credential':
      return authorization === ''
        ? presignParamError(
            `Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting ${CREDENTIAL_SHAPE}.`,
          )
        : new ServiceError(
            'AuthorizationHeaderMalformed',
            `${HEADER_MALFORMED}the Credential is mal-formed; expecting ${CREDENTIAL_SHAPE}.`,
            400,
          );
    case 'missing-query-params':
      return presignParamError(
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    case 'both-forms':
      return new ServiceError(
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
        400,
        { ArgumentName: 'Authorization', ArgumentValue: authorization },
      );
  }
}

/** An unsigned request to a service that has no anonymous access (everything but S3). */
export function missingAuthentication(ctx: ErrorContext): ServiceError {
  return byStyle(ctx, {
    json: ['MissingAuthenticationTokenException', 'Missing Authentication Token'],
    query: ['MissingAuthenticationToken', 'Request is missing Authentication Token'],
    s3: ['AccessDenied', 'Access Denied', 403],
  });
}

export function amzDateToMs(amzDate: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  return Number.isNaN(ms) ? undefined : ms;
}
