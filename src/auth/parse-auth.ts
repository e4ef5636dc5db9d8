// Cheap, crypto-free reading of a request's SigV4 credentials, so the server can route by the credential
// scope's service before anything else happens. Verification is verify-request.ts.
// Header form: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
// Query form:  https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
import type { HttpRequest } from '../server/http-types.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** The presigned-URL parameters every SigV4 query-string request must carry. */
export const PRESIGN_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-Date',
  'X-Amz-SignedHeaders',
  'X-Amz-Expires',
] as const;

/** Why a signature attempt cannot even be verified; verify-request.ts turns it into the AWS error. */
export type AuthProblem =
  /** Authorization header of another scheme (SigV2 `AWS key:sig`, SigV4A, a bearer token…). */
  | { kind: 'unsupported-algorithm'; algorithm: string }
  /** Header form lacking Credential, SignedHeaders and/or Signature, or not `key=value` pairs. */
  | { kind: 'incomplete-header'; missing: string[]; malformedPair?: string }
  /** Credential not `AKID/YYYYMMDD/region/service/aws4_request`. */
  | { kind: 'malformed-credential'; credential: string }
  /** Query form lacking some of PRESIGN_PARAMS. */
  | { kind: 'missing-query-params'; missing: string[] }
  /** Both an Authorization header and presigned query parameters. */
  | { kind: 'both-forms' };

export interface ParsedAuth {
  form: 'header' | 'query';
  accessKeyId: string;
  /** Credential scope: YYYYMMDD, region and service ('' when the credential could not be parsed). */
  date: string;
  region: string;
  service: string;
  /** `date/region/service/aws4_request`. */
  scope: string;
  /** Lower-case header names, in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
  /** The request time: X-Amz-Date (header or query), else the Date header; undefined when neither. */
  amzDate: string | undefined;
  /** X-Amz-Security-Token (header or query), when present. */
  securityToken: string | undefined;
  /** Raw X-Amz-Expires of a presigned request. */
  expires: string | undefined;
  /** Raw value of the Authorization header (header form), for error messages. */
  authorization: string;
  problem?: AuthProblem;
}

function queryParam(req: HttpRequest, name: string): string | undefined {
  for (const [k, v] of req.query) if (k === name) return v;
  return undefined;
}

/** `Mon, 01 Jan 2024 00:00:00 GMT` → `20240101T000000Z`; undefined when unparsable. */
function httpDateToAmz(date: string | undefined): string | undefined {
  if (!date) return undefined;
  const ms = Date.parse(date);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function splitCredential(credential: string): Pick<
  ParsedAuth,
  'accessKeyId' | 'date' | 'region' | 'service' | 'scope'
> & {
  ok: boolean;
} {
  const parts = credential.split('/');
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = parts;
  const ok =
    parts.length === 5 &&
    accessKeyId !== '' &&
    /^\d{8}$/.test(date) &&
    region !== '' &&
    service !== '' &&
    terminator === 'aws4_request';
  return { ok, accessKeyId, date, region, service, scope: parts.slice(1).join('/') };
}

function parseHeaderForm(req: HttpRequest, authorization: string): ParsedAuth {
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  const base: ParsedAuth = {
    form: 'header',
    accessKeyId: '',
    date: '',
    region: '',
    service: '',
    scope: '',
    signedHeaders: [],
    signature: '',
    amzDate: req.headers['x-amz-date'] ?? httpDateToAmz(req.headers['date']),
    securityToken: req.headers['x-amz-security-token'],
    expires: undefined,
    authorization,
  };
  if (algorithm !== ALGORITHM) return { ...base, problem: { kind: 'unsupported-algorithm', algorithm } };

  const fields: Record<string, string> = {};
  let malformedPair: string | undefined;
  // AWS separates the parameters by commas and/or spaces: a stray space inside the credential shows up as
  // "'/20240101/…' not a valid key=value pair (missing equal-sign)".
  for (const pair of authorization.slice(space + 1).split(/[\s,]+/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) {
      malformedPair ??= pair;
      continue;
    }
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((k) => fields[k] === undefined);
  const credential = fields['Credential'] ?? '';
  const scope = splitCredential(credential);
  const parsed: ParsedAuth = {
    ...base,
    accessKeyId: scope.accessKeyId,
    date: scope.date,
    region: scope.region,
    service: scope.service,
    scope: scope.scope,
    signedHeaders: (fields['SignedHeaders'] ?? '').split(';').filter((h) => h !== ''),
    signature: fields['Signature'] ?? '',
  };
  if (malformedPair !== undefined || missing.length > 0) {
    return { ...parsed, problem: { kind: 'incomplete-header', missing, malformedPair } };
  }
  if (!scope.ok) return { ...parsed, problem: { kind: 'malformed-credential', credential } };
  return parsed;
}

function parseQueryForm(req: HttpRequest): ParsedAuth {
  const credential = queryParam(req, 'X-Amz-Credential') ?? '';
  const scope = splitCredential(credential);
  const parsed: ParsedAuth = {
    form: 'query',
    accessKeyId: scope.accessKeyId,
    date: scope.date,
    region: scope.region,
    service: scope.service,
    scope: scope.scope,
    signedHeaders: (queryParam(req, 'X-Amz-SignedHeaders') ?? '').split(';').filter((h) => h !== ''),
    signature: queryParam(req, 'X-Amz-Signature') ?? '',
    amzDate: queryParam(req, 'X-Amz-Date'),
    securityToken: queryParam(req, 'X-Amz-Security-Token'),
    expires: queryParam(req, 'X-Amz-Expires'),
    authorization: '',
  };
  const missing = PRESIGN_PARAMS.filter((p) => queryParam(req, p) === undefined);
  if (missing.length > 0) return { ...parsed, problem: { kind: 'missing-query-params', missing } };
  const algorithm = queryParam(req, 'X-Amz-Algorithm') ?? '';
  if (algorithm !== ALGORITHM) return { ...parsed, problem: { kind: 'unsupported-algorithm', algorithm } };
  if (!scope.ok) return { ...parsed, problem: { kind: 'malformed-credential', credential } };
  return parsed;
}

/**
 * Which form of SigV4 a request uses, who signed it and for which scope. Undefined when the request
 * carries no signature at all (anonymous). A signature attempt that is malformed comes back with
 * `problem` set and whatever could be read; verifyRequest rejects it with the target service's error.
 */
export function parseAuth(req: HttpRequest): ParsedAuth | undefined {
  const authorization = req.headers['authorization'];
  const presigned = req.query.some(
    ([k]) => k === 'X-Amz-Algorithm' || k === 'X-Amz-Credential' || k === 'X-Amz-Signature',
  );
  if (authorization !== undefined && authorization !== '') {
    const parsed = parseHeaderForm(req, authorization);
    return presigned && !parsed.problem ? { ...parsed, problem: { kind: 'both-forms' } } : parsed;
  }
  return presigned ? parseQueryForm(req) : undefined;
}
