// A web page in headless Chromium uploads to Cumulo's S3 with a presigned PUT URL, the way a web
// app uploads straight to S3: the page (its own origin, another port) asks its backend for the
// URL, then `fetch(url, { method: 'PUT', body })`. The browser's preflight and the actual request
// succeed only where the bucket's CORS configuration allows the page's origin
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Page } from 'playwright-core';
import { startCumulo, type CumuloProcess } from '../e2e/harness.js';
import { launchChromium, serveOrigin, type Browser, type WebOrigin } from './chromium.js';

// The page: fetches a presigned URL from its own backend, then calls S3 with it.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>upload</title></head><body>
<script>
  async function presigned(op, bucket, key, type) {
    const q = new URLSearchParams({ op, bucket, key, type: type || '' });
    return (await fetch('/presign?' + q)).text();
  }
  function bytes(n) { return new Uint8Array(n).map((_, i) => (i * 7) % 251); }
  window.upload = async (bucket, key, type, size) => {
    const url = await presigned('put', bucket, key, type);
    try {
      const res = await fetch(url, { method: 'PUT', body: bytes(size), headers: { 'Content-Type': type } });
      return { ok: res.ok, status: res.status, etag: res.headers.get('ETag') };
    } catch (e) {
      return { error: String(e) };
    }
  };
  // A browser-based POST upload: the backend hands out the form's url and fields (a signed POST
  // policy), the page posts them with the file last, as an HTML form does.
  window.postUpload = async (bucket, key, type, size) => {
    const q = new URLSearchParams({ bucket, key, type });
    const { url, fields } = await (await fetch('/presign-post?' + q)).json();
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([bytes(size)], { type }), 'from-page.bin');
    try {
      const res = await fetch(url, { method: 'POST', body: form });
      return { ok: res.ok, status: res.status, etag: res.headers.get('ETag'), text: await res.text() };
    } catch (e) {
      return { error: String(e) };
    }
  };
  window.download = async (bucket, key) => {
    const url = await presigned('get', bucket, key);
    try {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('Content-Type'), text: await res.text() };
    } catch (e) {
      return { error: String(e) };
    }
  };
</script></body></html>`;

/** The bytes the page uploads, computed the same way on this side. */
const pageBytes = (n: number) => Buffer.from(new Uint8Array(n).map((_, i) => (i * 7) % 251));

let server: CumuloProcess;
let s3: S3Client;
/** The page's backend presigns as AWS advises for uploads: no SDK-computed checksum in the URL. */
let presigner: S3Client;
let web: WebOrigin;
let browser: Browser;
let page: Page;

before(async () => {
  server = await startCumulo();
  s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true });
  presigner = new S3Client({
    ...server.clientConfig,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  web = await serveOrigin({
    '/': async () => ({ type: 'text/html; charset=utf-8', body: PAGE }),
    '/presign': async (url) => {
      const Bucket = url.searchParams.get('bucket')!;
      const Key = url.searchParams.get('key')!;
      const type = url.searchParams.get('type') || undefined;
      const command =
        url.searchParams.get('op') === 'put'
          ? new PutObjectCommand({ Bucket, Key, ContentType: type })
          : new GetObjectCommand({ Bucket, Key });
      return { type: 'text/plain', body: await getSignedUrl(presigner, command, { expiresIn: 300 }) };
    },
    '/presign-post': async (url) => {
      const type = url.searchParams.get('type')!;
      const post = await createPresignedPost(presigner, {
        Bucket: url.searchParams.get('bucket')!,
        Key: url.searchParams.get('key')!,
        Fields: { 'Content-Type': type, success_action_status: '201' },
        Conditions: [['content-length-range', 0, 1_000_000]],
        Expires: 300,
      });
      return { type: 'application/json', body: JSON.stringify(post) };
    },
  });
  for (const Bucket of ['page-uploads', 'no-cors', 'other-origin']) {
    await s3.send(new CreateBucketCommand({ Bucket }));
  }
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: 'page-uploads',
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [web.origin],
            AllowedMethods: ['PUT', 'GET', 'POST'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 60,
          },
        ],
      },
    }),
  );
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: 'other-origin',
      CORSConfiguration: {
        CORSRules: [
          { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['*'] },
        ],
      },
    }),
  );
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(web.origin + '/');
});

after(async () => {
  await browser?.close();
  await web?.close();
  s3?.destroy();
  presigner?.destroy();
  await server?.dispose();
});

type Upload = { ok?: boolean; status?: number; etag?: string | null; error?: string };
type Download = { status?: number; type?: string | null; text?: string; error?: string };

const upload = (bucket: string, key: string, type: string, size: number) =>
  page.evaluate(([b, k, t, n]) => (window as any).upload(b, k, t, n), [
    bucket,
    key,
    type,
    size,
  ] as const) as Promise<Upload>;
const download = (bucket: string, key: string) =>
  page.evaluate(([b, k]) => (window as any).download(b, k), [bucket, key] as const) as Promise<Download>;

const exists = async (Bucket: string, Key: string) =>
  s3.send(new HeadObjectCommand({ Bucket, Key })).then(
    () => true,
    (e: { name?: string }) => {
      if (e.name === 'NotFound') return false;
      throw e;
    },
  );

describe('S3 from a browser page', () => {
  it('uploads with a presigned PUT where the bucket allows the page origin, and reads the exposed ETag', async () => {
    const result = await upload('page-uploads', 'photos/cat.png', 'image/png', 70_000);
    assert.equal(result.error, undefined);
    assert.equal(result.status, 200);
    const object = await s3.send(new GetObjectCommand({ Bucket: 'page-uploads', Key: 'photos/cat.png' }));
    const body = Buffer.from(await object.Body!.transformToByteArray());
    assert.deepEqual(body, pageBytes(70_000));
    assert.equal(object.ContentType, 'image/png');
    // ETag is readable from script only because the rule exposes it.
    assert.equal(result.etag, object.ETag);
  });

  it('uploads with an HTML form POST and a signed POST policy where the bucket allows the page origin', async () => {
    const result = (await page.evaluate(([b, k, t, n]) => (window as any).postUpload(b, k, t, n), [
      'page-uploads',
      'forms/${filename}',
      'image/gif',
      30_000,
    ] as const)) as Upload & { text?: string };
    assert.equal(result.error, undefined);
    assert.equal(result.status, 201, result.text);
    assert.match(result.text ?? '', /<Key>forms\/from-page\.bin<\/Key>/);
    const object = await s3.send(
      new GetObjectCommand({ Bucket: 'page-uploads', Key: 'forms/from-page.bin' }),
    );
    assert.deepEqual(Buffer.from(await object.Body!.transformToByteArray()), pageBytes(30_000));
    assert.equal(object.ContentType, 'image/gif');
    assert.equal(result.etag, object.ETag);
    // Without a CORS rule for the page the browser hides S3's answer from the script.
    const refused = (await page.evaluate(([b, k, t, n]) => (window as any).postUpload(b, k, t, n), [
      'no-cors',
      'forms/x.bin',
      'image/gif',
      10,
    ] as const)) as Upload;
    assert.match(refused.error ?? '', /Failed to fetch/);
    // A form POST is a simple CORS request (no preflight), so it reached S3 and was stored, as on
    // AWS: CORS guards what the page can read, not what it can send.
    assert.equal(await exists('no-cors', 'forms/x.bin'), true);
  });

  it('reads an object and an S3 error through the CORS headers of the actual response', async () => {
    const ok = await download('page-uploads', 'photos/cat.png');
    assert.equal(ok.status, 200);
    assert.equal(ok.type, 'image/png');
    const missing = await download('page-uploads', 'photos/dog.png');
    assert.equal(missing.error, undefined);
    assert.equal(missing.status, 404);
    assert.match(missing.text ?? '', /<Code>NoSuchKey<\/Code>/);
  });

  it('fails in the browser when the bucket has no CORS configuration, and nothing is stored', async () => {
    const result = await upload('no-cors', 'x.png', 'image/png', 10);
    assert.match(result.error ?? '', /Failed to fetch/);
    assert.equal(await exists('no-cors', 'x.png'), false);
  });

  it('fails in the browser when no CORS rule allows the page origin, and nothing is stored', async () => {
    const result = await upload('other-origin', 'x.png', 'image/png', 10);
    assert.match(result.error ?? '', /Failed to fetch/);
    assert.equal(await exists('other-origin', 'x.png'), false);
  });
});
