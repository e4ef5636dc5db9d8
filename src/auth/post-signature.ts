// SigV4 for browser-based POST uploads: the signature is not over a canonical request but over the
// base64 policy document itself, with the same signing key as every SigV4 request:
//   signature = Hex(HMAC-SHA256(kSigning(secret, date, region, service), base64 policy))
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html
import { ServiceError } from '../server/service-error.js';
import { expiredToken, hexBytes, invalidToken, unknownAccessKey, type ErrorContext } from './auth-errors.js';
import { hmacSha256, signaturesEqual, signingKey } from './crypto.js';
import { ALGORITHM } from './parse-auth.js';
import type { LookupSecret } from './verify-request.js';

/** The form fields that sign a POST (names as the form sends them, any case). */
export interface PostAuthFields {
  /** The base64 policy document: the string to sign. */
  policy: string;
  algorithm: string;
  /** `<access key id>/<YYYYMMDD>/<region>/<service>/aws4_request`. */
  credential: string;
  date: string;
  signature: string;
  securityToken?: string;
}

export interface VerifiedPost {
  accessKeyId: string;
  region: string;
  service: string;
}

const S3: ErrorContext = { style: 's3', jsonStatus: 403 };

const CREDENTIAL_MALFORMED =
  'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';

/**
 * S3's SignatureDoesNotMatch for a POST: what was signed is the policy, so that is the StringToSign
 * it shows (there is no canonical request).
 */
export function postSignatureMismatch(accessKeyId: string, policy: string, provided: string): ServiceError {
  return new ServiceError(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    403,
    {
      AWSAccessKeyId: accessKeyId,
      StringToSign: policy,
      SignatureProvided: provided,
      StringToSignBytes: hexBytes(policy),
    },
  );
}

/** Verifies a POST form's SigV4 signature over its policy; throws S3's errors. */
export async function verifyPostSignature(
  fields: PostAuthFields,
  lookupSecret: LookupSecret,
  now: number,
): Promise<VerifiedPost> {
  const parts = fields.credential.split('/');
  const [accessKeyId, date, region, service, terminator] = parts;
  if (
    parts.length !== 5 ||
    !accessKeyId ||
    !/^\d{8}$/.test(date ?? '') ||
    !region ||
    !service ||
    terminator !== 'aws4_request'
  ) {
    throw new ServiceError('InvalidArgument', CREDENTIAL_MALFORMED, 400, {
      ArgumentName: 'x-amz-credential',
      ArgumentValue: fields.credential,
    });
  }
  const creds = await lookupSecret(accessKeyId);
  if (!creds) throw unknownAccessKey(S3, accessKeyId);
  if ((creds.sessionToken ?? undefined) !== (fields.securityToken || undefined)) throw invalidToken(S3);
  if (creds.expiration && creds.expiration.getTime() <= now) throw expiredToken(S3);
  const key = signingKey(creds.secretAccessKey, date!, region, service);
  const expected = hmacSha256(key, fields.policy).toString('hex');
  if (fields.algorithm !== ALGORITHM || !signaturesEqual(expected, fields.signature)) {
    throw postSignatureMismatch(accessKeyId, fields.policy, fields.signature);
  }
  return { accessKeyId, region, service };
}
