// Signature Version 2 for S3's presigned URLs and POST forms. AWS deprecates it, but S3 in us-east-1 still
// accepts it, and botocore signs every presigned URL and POST policy with it there unless the client is
// configured with signature_version 's3v4' (botocore's `_default_s3_presign_to_sigv2`): boto3's
// generate_presigned_url, generate_presigned_post and `aws s3 presign` produce SigV2 by default.
//   Signature = Base64(HMAC-SHA1(secret, StringToSign))
//   StringToSign = VERB \n Content-MD5 \n Content-Type \n Expires \n CanonicalizedAmzHeaders CanonicalizedResource
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html (query string authentication,
// browser-based POST with the signature over the base64 policy)
import { createHmac } from 'node:crypto';
import type { HttpRequest } from '../server/http-types.js';
import {
  expiredToken,
  invalidToken,
  presignExpired,
  unknownAccessKey,
  type ErrorContext,
} from './auth-errors.js';
import { signaturesEqual } from './crypto.js';
import { UNSIGNED_PAYLOAD } from './payload-hash.js';
import { postSignatureMismatch } from './post-signature.js';
import type { Credentials, LookupSecret, VerifiedRequest } from './verify-request.js';

const S3: ErrorContext = { style: 's3', jsonStatus: 403 };

/**
 * The sub-resources and response overrides that belong to the CanonicalizedResource (RESTAuthentication.html
 * lists acl … website and the response-* overrides; later sub-resources such as tagging and cors are signed
 * the same way by the SDKs).
 */
const SIGNED_SUBRESOURCES = new Set([
  'accelerate',
  'acl',
  'analytics',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'location',
  'logging',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'partNumber',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'retention',
  'select',
  'select-type',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
]);

export interface SigV2Query {
  accessKeyId: string;
  signature: string;
  /** Epoch seconds, as sent. */
  expires: string;
  securityToken: string | undefined;
}

function queryParam(req: HttpRequest, name: string): string | undefined {
  for (const [k, v] of req.query) if (k === name) return v;
  return undefined;
}

/** The SigV2 parameters of a presigned URL (`AWSAccessKeyId`, `Signature`, `Expires`), when it has them. */
export function parseSigV2Query(req: HttpRequest): SigV2Query | undefined {
  const accessKeyId = queryParam(req, 'AWSAccessKeyId');
  const signature = queryParam(req, 'Signature');
  const expires = queryParam(req, 'Expires');
  if (accessKeyId === undefined || signature === undefined || expires === undefined) return undefined;
  return { accessKeyId, signature, expires, securityToken: queryParam(req, 'x-amz-security-token') };
}

/**
 * The x-amz-* headers, lower-cased, sorted, one `name:value` line each. botocore moves them into the query
 * of a presigned URL, where they count as if sent as headers.
 */
function canonicalAmzHeaders(req: HttpRequest): string {
  const values = new Map<string, string>();
  for (const [name, value] of req.query) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-amz-')) values.set(lower, value);
  }
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-')) values.set(name, value);
  }
  return [...values.keys()]
    .sort()
    .map((name) => `${name}:${values.get(name)!.trim().replace(/\s+/g, ' ')}\n`)
    .join('');
}

/**
 * `/bucket/key` as sent (still percent-encoded), the bucket added for a virtual-hosted request, then the
 * signed sub-resources sorted by name with their values decoded.
 */
function canonicalResource(req: HttpRequest, virtualHostBucket: string | undefined): string {
  const path = req.path === '' ? '/' : req.path;
  const resource = virtualHostBucket !== undefined ? `/${virtualHostBucket}${path}` : path;
  const subresources = req.query
    .filter(([name]) => SIGNED_SUBRESOURCES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`));
  return subresources.length > 0 ? `${resource}?${subresources.join('&')}` : resource;
}

export function sigV2StringToSign(
  req: HttpRequest,
  expires: string,
  virtualHostBucket: string | undefined,
): string {
  const header = (name: string) => req.headers[name] ?? queryParam(req, name) ?? '';
  return [
    req.method,
    header('content-md5'),
    header('content-type'),
    expires,
    `${canonicalAmzHeaders(req)}${canonicalResource(req, virtualHostBucket)}`,
  ].join('\n');
}

export function hmacSha1Base64(secret: string, data: string): string {
  return createHmac('sha1', secret).update(data, 'utf8').digest('base64');
}

async function signer(
  accessKeyId: string,
  securityToken: string | undefined,
  lookupSecret: LookupSecret,
  now: number,
): Promise<Credentials> {
  const creds = await lookupSecret(accessKeyId);
  if (!creds) throw unknownAccessKey(S3, accessKeyId);
  if ((creds.sessionToken ?? undefined) !== (securityToken || undefined)) throw invalidToken(S3);
  if (creds.expiration && creds.expiration.getTime() <= now) throw expiredToken(S3);
  return creds;
}

/** Verifies a SigV2 presigned S3 request; throws S3's errors. The body is never signed. */
export async function verifySigV2Query(
  req: HttpRequest,
  parsed: SigV2Query,
  lookupSecret: LookupSecret,
  now: number,
  virtualHostBucket: string | undefined,
): Promise<VerifiedRequest> {
  const creds = await signer(parsed.accessKeyId, parsed.securityToken, lookupSecret, now);
  const toSign = sigV2StringToSign(req, parsed.expires, virtualHostBucket);
  if (!signaturesEqual(hmacSha1Base64(creds.secretAccessKey, toSign), parsed.signature)) {
    throw postSignatureMismatch(parsed.accessKeyId, toSign, parsed.signature);
  }
  const expiresAt = Number(parsed.expires) * 1000;
  if (!/^\d+$/.test(parsed.expires) || now > expiresAt) {
    throw presignExpired(undefined, Number.isFinite(expiresAt) ? expiresAt : 0, now);
  }
  return {
    accessKeyId: parsed.accessKeyId,
    sessionToken: parsed.securityToken,
    form: 'query',
    region: '',
    service: 's3',
    payloadHash: UNSIGNED_PAYLOAD,
    payload: 'unsigned',
  };
}

/** Verifies a POST form's SigV2 signature (`signature` = Base64(HMAC-SHA1(secret, policy))). */
export async function verifySigV2Post(
  fields: { policy: string; accessKeyId: string; signature: string; securityToken?: string },
  lookupSecret: LookupSecret,
  now: number,
): Promise<void> {
  const creds = await signer(fields.accessKeyId, fields.securityToken, lookupSecret, now);
  if (!signaturesEqual(hmacSha1Base64(creds.secretAccessKey, fields.policy), fields.signature)) {
    throw postSignatureMismatch(fields.accessKeyId, fields.policy, fields.signature);
  }
}
