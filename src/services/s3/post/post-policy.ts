// A browser POST upload's policy: a base64 JSON document with an `expiration` and `conditions` that
// every form field must satisfy ("Creating a POST policy",
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html):
//   {"acl": "public-read"} / ["eq", "$acl", "public-read"]   exact match
//   ["starts-with", "$key", "user/"]                          prefix ("" matches anything)
//   ["content-length-range", 1, 10485760]                     size of the file, checked as it uploads
// Each form field except x-amz-signature (SigV2: AWSAccessKeyId, signature), file, policy and x-ignore-*
// must be named by a condition.
// Field names compare without case; values with. The error texts are AWS's (recorded by LocalStack's
// AWS-validated tests, and seen in S3's answers quoted in public bug reports).
import { ServiceError } from '../../../server/service-error.js';

export type Condition =
  | { op: 'eq' | 'starts-with'; field: string; value: string; text: string }
  | { op: 'content-length-range'; min: number; max: number; text: string };

export interface PostPolicy {
  expiration: number;
  conditions: Condition[];
}

const invalidPolicy = (message: string): ServiceError =>
  new ServiceError('InvalidPolicyDocument', `Invalid Policy: ${message}`, 400);

const denied = (message: string): ServiceError =>
  new ServiceError('AccessDenied', `Invalid according to Policy: ${message}`, 403);

/** AWS quotes a failed condition as JSON with `", "` between items: ["eq", "$key", "a.txt"]. */
const quote = (items: unknown[]): string => `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;

/** Decodes and checks the policy's form; InvalidPolicyDocument when it is not a policy. */
export function parsePolicy(base64: string): PostPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalidPolicy('Invalid JSON.');
  const { expiration, conditions } = doc as { expiration?: unknown; conditions?: unknown };
  if (typeof expiration !== 'string') throw invalidPolicy('Policy missing expiration.');
  const expires = Date.parse(expiration);
  if (Number.isNaN(expires)) throw invalidPolicy(`Invalid 'expiration' value: '${expiration}'`);
  if (!Array.isArray(conditions)) throw invalidPolicy('Policy missing conditions.');
  return { expiration: expires, conditions: conditions.map(parseCondition) };
}

function parseCondition(c: unknown): Condition {
  if (Array.isArray(c)) {
    const [op, a, b] = c as unknown[];
    const name = typeof op === 'string' ? op.toLowerCase() : '';
    if (name === 'content-length-range' && c.length === 3) {
      const min = Number(a);
      const max = Number(b);
      if (!Number.isInteger(min) || !Number.isInteger(max)) {
        throw invalidPolicy('Invalid content-length-range condition.');
      }
      return { op: 'content-length-range', min, max, text: quote(c) };
    }
    if ((name === 'eq' || name === 'starts-with') && c.length === 3) {
      if (typeof a !== 'string' || !a.startsWith('$') || typeof b !== 'string') {
        throw invalidPolicy(`Invalid ${name} condition.`);
      }
      return { op: name, field: a.slice(1).toLowerCase(), value: b, text: quote(c) };
    }
    throw invalidPolicy(`Invalid Condition: ${quote(c)}`);
  }
  if (typeof c === 'object' && c !== null) {
    const entries = Object.entries(c);
    if (entries.length !== 1) {
      throw invalidPolicy(
        'Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
      );
    }
    const [field, value] = entries[0]!;
    if (typeof value !== 'string') throw invalidPolicy('Invalid Simple-Condition: value must be a string.');
    return { op: 'eq', field: field.toLowerCase(), value, text: JSON.stringify({ [field]: value }) };
  }
  throw invalidPolicy('Invalid Condition.');
}

/** Form fields the policy need not name. */
function exempt(name: string): boolean {
  // SigV2 forms sign with AWSAccessKeyId and signature, which the policy need not name either.
  return (
    ['x-amz-signature', 'awsaccesskeyid', 'signature', 'file', 'policy'].includes(name) ||
    name.startsWith('x-ignore-')
  );
}

/**
 * Checks the form against the policy: expiry, then each condition, then fields no condition names.
 * `values` are the form's fields with lower-cased names, plus `bucket` and the effective `key`.
 * Returns the size range the file must fall in.
 */
export function checkPolicy(
  policy: PostPolicy,
  values: ReadonlyMap<string, string>,
  now: number,
): { min: number; max: number } {
  if (now > policy.expiration) throw denied('Policy expired.');
  let range = { min: 0, max: Number.MAX_SAFE_INTEGER };
  const named = new Set<string>();
  for (const c of policy.conditions) {
    if (c.op === 'content-length-range') {
      range = { min: c.min, max: c.max };
      continue;
    }
    named.add(c.field);
    const value = values.get(c.field);
    // `["starts-with", "$field", ""]` allows any content, an absent field included.
    const ok = c.op === 'eq' ? value === c.value : c.value === '' || (value ?? '').startsWith(c.value);
    if (!ok) throw denied(`Policy Condition failed: ${c.text}`);
  }
  const extra = [...values.keys()].filter((k) => k !== 'bucket' && !exempt(k) && !named.has(k));
  if (extra.length > 0) throw denied(`Extra input fields: ${extra.join(', ')}`);
  return range;
}

/** S3's errors for a file outside the policy's content-length-range. */
export function checkSize(size: number, range: { min: number; max: number }): void {
  if (size > range.max) {
    throw new ServiceError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
      ProposedSize: String(size),
      MaxSizeAllowed: String(range.max),
    });
  }
  if (size < range.min) {
    throw new ServiceError(
      'EntityTooSmall',
      'Your proposed upload is smaller than the minimum allowed size',
      400,
      {
        ProposedSize: String(size),
        MinSizeAllowed: String(range.min),
      },
    );
  }
}
