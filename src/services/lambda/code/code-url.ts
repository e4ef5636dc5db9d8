// GetFunction's Code.Location: on AWS a presigned S3 URL valid for 10 minutes
// (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCodeLocation.html). Cumulo serves
// the zip itself at `<endpoint>/_cumulo/lambda/code/<sha256hex>.zip?Expires=…&Signature=…`, a plain
// GET with no AWS signature: the HMAC of the path and expiry under a secret kept in the Store makes
// the URL unguessable, and the secret surviving restarts keeps issued URLs valid until they expire.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServiceDefinition } from '../../service.js';
import type { Store } from '../../../storage/store.js';
import { META_NS } from '../store/keys.js';
import type { CodeStore } from './code-store.js';

// The raw-route types, taken from ServiceDefinition: services do not import the HTTP layer.
type RawRoute = NonNullable<ServiceDefinition['rawRoutes']>[number];
type HttpRequest = Parameters<RawRoute>[0];
type HttpResponse = NonNullable<Awaited<ReturnType<RawRoute>>>;

export const CODE_URL_TTL_SECONDS = 600;
const PREFIX = '/_cumulo/lambda/code/';
const KEY_NAME = 'code-url-key';

export class CodeUrls {
  private key: Buffer | undefined;

  constructor(
    private readonly store: Store,
    private readonly code: CodeStore,
    private readonly now: () => number = Date.now,
  ) {}

  private async secret(): Promise<Buffer> {
    if (this.key) return this.key;
    const hex = await this.store.write(async (tx) => {
      const existing = await tx.get<string>(META_NS, KEY_NAME);
      if (existing) return existing;
      const created = randomBytes(32).toString('hex');
      await tx.put(META_NS, KEY_NAME, created);
      return created;
    });
    this.key = Buffer.from(hex, 'hex');
    return this.key;
  }

  private sign(key: Buffer, hex: string, expires: number): string {
    return createHmac('sha256', key).update(`${hex}\n${expires}`).digest('base64url');
  }

  /** A download URL for the package, valid for 10 minutes. */
  async url(endpointUrl: string, hex: string): Promise<string> {
    const expires = Math.floor(this.now() / 1000) + CODE_URL_TTL_SECONDS;
    const signature = this.sign(await this.secret(), hex, expires);
    return `${endpointUrl}${PREFIX}${hex}.zip?Expires=${expires}&Signature=${signature}`;
  }

  /** The raw route serving those URLs; passes (undefined) on any other path. */
  route = async (req: HttpRequest): Promise<HttpResponse | undefined> => {
    if (!req.path.startsWith(PREFIX)) return undefined;
    const m = /^([0-9a-f]{64})\.zip$/.exec(req.path.slice(PREFIX.length));
    const params = new Map(req.query);
    const expires = Number(params.get('Expires'));
    const signature = params.get('Signature') ?? '';
    if (req.method !== 'GET' && req.method !== 'HEAD') return denied(405, 'MethodNotAllowed');
    if (!m || !Number.isInteger(expires)) return denied(403, 'AccessDenied');
    const hex = m[1]!;
    const expected = Buffer.from(this.sign(await this.secret(), hex, expires));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return denied(403, 'AccessDenied');
    if (expires * 1000 < this.now()) return denied(403, 'AccessDenied', 'Request has expired');
    let body: Buffer;
    try {
      body = await this.code.read(hex);
    } catch {
      return denied(404, 'NoSuchKey', 'The specified key does not exist.');
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/zip', 'content-length': String(body.length) },
      body: req.method === 'HEAD' ? '' : body,
    };
  };
}

/** Errors in the S3 form a client of a presigned URL expects. */
function denied(status: number, code: string, message = 'Access Denied'): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}
