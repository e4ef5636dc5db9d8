// Content.Location: a plain-GET download URL for a layer's zip on Cumulo's own endpoint, standing in
// for the presigned S3 URL AWS returns ("a link to download the layer archive that's valid for 10
// minutes", https://docs.aws.amazon.com/lambda/latest/api/API_GetLayerVersion.html). It is unguessable
// and expires: an HMAC over the zip's hash and the expiry, keyed by a random secret kept in the Store
// (so every node of a cluster and every restart accepts it until it expires).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { ServiceDefinition } from '../../service.js';
import type { Store } from '../../../storage/store.js';
import { LAYERS_META_NS, zipPath } from './keys.js';

export type RawRoute = NonNullable<ServiceDefinition['rawRoutes']>[number];

export const DOWNLOAD_PATH_PREFIX = '/_cumulo/lambda/layers/';
export const URL_LIFETIME_SECONDS = 600;
const KEY_NAME = 'download-url-key';

export class DownloadUrls {
  private key?: Promise<Buffer>;

  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
  ) {}

  async sign(endpoint: string, sha256: string, now = Date.now()): Promise<string> {
    const expires = Math.floor(now / 1000) + URL_LIFETIME_SECONDS;
    const signature = await this.signature(sha256, expires);
    return `${endpoint}${DOWNLOAD_PATH_PREFIX}${sha256}.zip?Expires=${expires}&Signature=${signature}`;
  }

  /** The raw route serving those URLs; passes (undefined) on every other path. */
  readonly route: RawRoute = async (req) => {
    if (!req.path.startsWith(DOWNLOAD_PATH_PREFIX)) return undefined;
    const m = /^([0-9a-f]{64})\.zip$/.exec(req.path.slice(DOWNLOAD_PATH_PREFIX.length));
    if (!m || (req.method !== 'GET' && req.method !== 'HEAD')) return denied('AccessDenied', 'Access Denied');
    const sha256 = m[1]!;
    const params = new Map(req.query);
    const expires = Number(params.get('Expires'));
    const given = Buffer.from(params.get('Signature') ?? '', 'hex');
    const expected = Buffer.from(await this.signature(sha256, expires), 'hex');
    if (!Number.isInteger(expires) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return denied('AccessDenied', 'Access Denied');
    }
    if (expires < Date.now() / 1000) return denied('AccessDenied', 'Request has expired');
    const file = zipPath(this.dataDir, sha256);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat) return denied('NoSuchKey', 'The specified key does not exist.', 404);
    return {
      status: 200,
      headers: { 'content-type': 'application/zip', 'content-length': String(stat.size) },
      body: req.method === 'HEAD' ? '' : createReadStream(file),
    };
  };

  private async signature(sha256: string, expires: number): Promise<string> {
    const key = await this.secret();
    return createHmac('sha256', key).update(`${sha256}\n${expires}`).digest('hex');
  }

  private secret(): Promise<Buffer> {
    this.key ??= this.store
      .write(async (tx) => {
        const stored = await tx.get<{ key: string }>(LAYERS_META_NS, KEY_NAME);
        if (stored) return stored.key;
        const key = randomBytes(32).toString('base64');
        await tx.put(LAYERS_META_NS, KEY_NAME, { key });
        return key;
      })
      .then((k) => Buffer.from(k, 'base64'));
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }
}

// S3's error document, since AWS's Location is an S3 URL.
function denied(code: string, message: string, status = 403) {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}
