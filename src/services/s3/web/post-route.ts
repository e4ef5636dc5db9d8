// Browser-based uploads: `POST /` on a bucket with an HTML form (multipart/form-data) that carries a
// POST policy and its SigV4 (or legacy SigV2) signature instead of an Authorization header
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-UsingHTTPPOST.html, RESTObjectPOST.html).
// The checks run in S3's order: the key field, the signature fields, the signature over the policy,
// the policy (expiry, conditions, fields it does not name), then the file as it streams. The answer
// is a 303 to success_action_redirect, or success_action_status 200/201/204 (204 by default).
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { verifyPostSignature, verifySigV2Post } from '../../../auth/index.js';
import { signingSecrets } from '../../../iam/credentials.js';
import type { Codec } from '../../../protocols/index.js';
import { BodyIdleTimeout, guardBodyIdle } from '../../../server/body-idle.js';
import { ServiceError, isServiceError } from '../../../server/service-error.js';
import type { Principal, RequestContext } from '../../service.js';
import { requestTimeout } from '../errors.js';
import { discardBody } from '../objects/ingest.js';
import { formBoundary, readForm } from '../post/multipart-form.js';
import type { PostObjectInput, PostObjectOutput } from '../post/post-object.js';
import { checkPolicy, parsePolicy } from '../post/post-policy.js';
import type { ResponseDecorator } from './cors-response.js';
import type { HttpRequest, HttpResponse, RawRoute } from './raw-route.js';
import { s3Address } from './s3-address.js';

/** Who holds an access key (the server's credential store). */
export interface PostSigner {
  secretAccessKey: string;
  sessionToken?: string;
  /** Epoch ms; absent for long-term keys. */
  expiresAt?: number;
  principal: Principal;
}

export interface PostUploadDeps {
  region: string;
  credentials(accessKeyId: string): Promise<PostSigner | undefined>;
  /** Stores the file (the S3 service's postObject). */
  store(ctx: RequestContext, input: PostObjectInput): Promise<PostObjectOutput>;
}

/** Bytes of form fields allowed before the file. The exact figure S3 applies is not documented. */
const MAX_PRE_DATA = 64 * 1024;

/** The SigV4 fields of a form, in the order S3 asks for a missing one. */
const SIGV4_FIELDS: Array<[string, string]> = [
  ['x-amz-signature', 'X-Amz-Signature'],
  ['x-amz-algorithm', 'X-Amz-Algorithm'],
  ['x-amz-credential', 'X-Amz-Credential'],
  ['x-amz-date', 'X-Amz-Date'],
];

const missingField = (name: string) =>
  new ServiceError(
    'InvalidArgument',
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    400,
    { ArgumentName: name, ArgumentValue: '' },
  );

const accessDenied = () => new ServiceError('AccessDenied', 'Access Denied', 403);

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function createPostRoute(codec: Codec, deps: PostUploadDeps, decorate: ResponseDecorator): RawRoute {
  return async (req) => {
    if (req.method !== 'POST' || req.rawQuery !== '' || req.headers.authorization) return undefined;
    const boundary = formBoundary(req.headers['content-type']);
    const address = boundary ? s3Address(codec, req) : undefined;
    if (!boundary || !address || address.key !== undefined || !req.stream) return undefined;
    const requestId = randomUUID();
    // A form whose bytes stop arriving fails as an S3 upload's body does (RequestTimeout).
    const source = req.stream as Parameters<typeof guardBodyIdle>[0];
    const guarded = guardBodyIdle(source, source, req.bodyIdleMs ?? 0);
    let response: HttpResponse;
    try {
      response = await upload(req, guarded.body, address.bucket, boundary, requestId);
    } catch (e) {
      const error = e instanceof BodyIdleTimeout ? requestTimeout() : e;
      if (!isServiceError(error)) throw error;
      response = codec.serializeError(error, requestId);
    } finally {
      guarded.stop();
    }
    await decorate(req, response);
    return response;
  };

  async function upload(
    req: HttpRequest,
    body: Readable,
    bucket: string,
    boundary: string,
    requestId: string,
  ) {
    const form = await readForm(body, boundary, MAX_PRE_DATA);
    try {
      const fields = new Map<string, string>();
      for (const [name, value] of form.fields) {
        if (!fields.has(name.toLowerCase())) fields.set(name.toLowerCase(), value);
      }
      const rawKey = fields.get('key');
      if (!rawKey) throw missingField('key');
      const policy = fields.get('policy');
      // SigV2 forms (AWSAccessKeyId, signature) are what boto3's generate_presigned_post makes in us-east-1.
      const sigV2 = fields.has('awsaccesskeyid');
      if (!sigV2 && !SIGV4_FIELDS.some(([f]) => fields.has(f))) throw accessDenied();
      if (sigV2 && !fields.has('signature')) throw missingField('Signature');
      if (!sigV2) for (const [field, name] of SIGV4_FIELDS) if (!fields.has(field)) throw missingField(name);
      // Without a policy only a publicly writable bucket takes a POST; Cumulo has no public buckets.
      if (!policy) throw accessDenied();
      let principal: Principal | undefined;
      const lookup = signingSecrets({ lookup: deps.credentials }, (p) => (principal = p));
      const securityToken = fields.get('x-amz-security-token');
      if (sigV2) {
        const signature = fields.get('signature')!;
        await verifySigV2Post(
          { policy, accessKeyId: fields.get('awsaccesskeyid')!, signature, securityToken },
          lookup,
          Date.now(),
        );
      } else {
        await verifyPostSignature(
          {
            policy,
            algorithm: fields.get('x-amz-algorithm')!,
            credential: fields.get('x-amz-credential')!,
            date: fields.get('x-amz-date')!,
            signature: fields.get('x-amz-signature')!,
            securityToken,
          },
          lookup,
          Date.now(),
        );
      }
      if (!form.file) {
        throw new ServiceError('InvalidArgument', 'POST requires exactly one file upload per request.', 400, {
          ArgumentName: 'file',
          ArgumentValue: '0',
        });
      }
      // "To use the file name provided by the user, use the ${filename} variable" (RESTObjectPOST).
      const key = rawKey.split('${filename}').join(form.file.filename);
      const values = new Map(fields);
      values.set('bucket', bucket);
      values.set('key', key);
      const size = checkPolicy(parsePolicy(policy), values, Date.now());
      const ctx: RequestContext = {
        requestId,
        accountId: principal!.accountId,
        region: deps.region,
        principal: principal!,
        sourceIp: req.sourceIp,
        userAgent: req.headers['user-agent'] ?? '',
        headers: req.headers,
      };
      const out = await deps.store(ctx, { bucket, key, fields, file: form.file.stream, size });
      return success(req, bucket, key, fields, out, requestId);
    } finally {
      if (form.file) discardBody(form.file.stream);
    }
  }
}

function success(
  req: HttpRequest,
  bucket: string,
  key: string,
  fields: ReadonlyMap<string, string>,
  out: PostObjectOutput,
  requestId: string,
): HttpResponse {
  const host = req.headers.host ?? 'localhost';
  const virtualHosted = host.toLowerCase().startsWith(`${bucket}.`);
  const location = `http://${host}/${virtualHosted ? '' : `${bucket}/`}${encodeURIComponent(key)}`;
  const headers: Record<string, string> = {
    'x-amz-request-id': requestId,
    'x-amz-id-2': Buffer.from(requestId).toString('base64'),
    etag: out.ETag,
    location,
  };
  if (out.VersionId) headers['x-amz-version-id'] = out.VersionId;
  // "Amazon S3 appends the bucket, key, and etag values as query string parameters to the URL"; a
  // URL it cannot interpret is as if the field were absent.
  const redirect = redirectUrl(fields.get('success_action_redirect') ?? fields.get('redirect'));
  if (redirect) {
    const q = new URLSearchParams({ bucket, key, etag: out.ETag }).toString().replace(/\+/g, '%20');
    headers.location = `${redirect}${redirect.includes('?') ? '&' : '?'}${q}`;
    return { status: 303, headers, body: '' };
  }
  // "If the value is not set or if it is set to an invalid value, Amazon S3 returns an empty
  // document with a 204 status code."
  const status = fields.get('success_action_status');
  if (status === '201') {
    headers['content-type'] = 'application/xml';
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<PostResponse><Location>${xmlEscape(location)}</Location><Bucket>${xmlEscape(bucket)}</Bucket>` +
      `<Key>${xmlEscape(key)}</Key><ETag>${xmlEscape(out.ETag)}</ETag></PostResponse>`;
    return { status: 201, headers, body };
  }
  return { status: status === '200' ? 200 : 204, headers, body: '' };
}

function redirectUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}
