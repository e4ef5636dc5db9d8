// S3's CORS over the wire, as a browser sends it: unsigned OPTIONS preflights to a bucket or an
// object, and the Access-Control-* headers on actual (signed) requests that carry Origin, errors
// included. Buckets and CORS configurations are made with the real S3 client and the AWS CLI.
// Expected values are AWS's (LocalStack's AWS-validated test_s3_cors.snapshot.json).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';

const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';
const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

let server: CumuloProcess;
let s3: S3Client;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One plain HTTP request, as a browser would send it (node:http: no SDK in the way). */
function send(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const tag = (xml: string, name: string) =>
  new RegExp(`<${name}>([^<]*)</${name}>`)
    .exec(xml)?.[1]
    ?.replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const accessControl = (r: Reply) => Object.keys(r.headers).filter((h) => h.startsWith('access-control-'));

before(async () => {
  server = await startCumulo();
  s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true });
  for (const Bucket of ['cors-site', 'cors-none', 'cors-wild'])
    await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: 'cors-site',
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: ['https://localhost:4200'],
            AllowedMethods: ['GET', 'PUT'],
            AllowedHeaders: ['content-type', 'x-amz-*'],
            ExposeHeaders: ['ETag', 'x-amz-request-id'],
            MaxAgeSeconds: 3000,
          },
          { AllowedOrigins: ['http://*.example.com'], AllowedMethods: ['GET'] },
        ],
      },
    }),
  );
  // The second configuration goes in through the CLI, as a user would write it.
  const cli = await awsCli(server, [
    's3api',
    'put-bucket-cors',
    '--bucket',
    'cors-wild',
    '--cors-configuration',
    JSON.stringify({ CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD'] }] }),
  ]);
  assert.equal(cli.code, 0, cli.stderr);
  await s3.send(new PutObjectCommand({ Bucket: 'cors-site', Key: 'dir/page.html', Body: '<p>hi</p>' }));
  await s3.send(new PutObjectCommand({ Bucket: 'cors-wild', Key: 'a.txt', Body: 'a' }));
});

after(async () => {
  s3?.destroy();
  await server?.dispose();
});

describe('S3 CORS preflight (OPTIONS)', () => {
  it('answers a matching preflight with the rule, the requested headers lower-cased, and no body', async () => {
    const r = await send('OPTIONS', `${server.endpoint}/cors-site/dir/page.html`, {
      Origin: 'https://localhost:4200',
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'Content-Type, X-Amz-Meta-Owner',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body, '');
    assert.equal(r.headers['access-control-allow-origin'], 'https://localhost:4200');
    assert.equal(r.headers['access-control-allow-credentials'], 'true');
    assert.equal(r.headers['access-control-allow-methods'], 'GET, PUT');
    assert.equal(r.headers['access-control-allow-headers'], 'content-type, x-amz-meta-owner');
    assert.equal(r.headers['access-control-expose-headers'], 'ETag, x-amz-request-id');
    assert.equal(r.headers['access-control-max-age'], '3000');
    assert.equal(r.headers.vary, VARY);
    assert.ok(r.headers['x-amz-request-id']);
  });

  it('uses the first rule that matches: a one-wildcard origin, and * for any origin', async () => {
    const sub = await send('OPTIONS', `${server.endpoint}/cors-site/dir/page.html`, {
      Origin: 'http://shop.example.com',
      'Access-Control-Request-Method': 'GET',
    });
    assert.equal(sub.status, 200);
    assert.equal(sub.headers['access-control-allow-origin'], 'http://shop.example.com');
    assert.equal(sub.headers['access-control-allow-methods'], 'GET');
    assert.equal(sub.headers['access-control-max-age'], undefined);
    const any = await send('OPTIONS', `${server.endpoint}/cors-wild/a.txt`, {
      Origin: 'http://random:1234',
      'Access-Control-Request-Method': 'HEAD',
    });
    assert.equal(any.status, 200);
    assert.equal(any.headers['access-control-allow-origin'], '*');
    assert.equal(any.headers['access-control-allow-credentials'], undefined);
  });

  it('rejects a request no rule allows: origin, method or header (403 AccessForbidden)', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ Origin: 'http://localhost:4200', 'Access-Control-Request-Method': 'PUT' }, 'PUT'],
      [{ Origin: 'https://localhost:4200', 'Access-Control-Request-Method': 'DELETE' }, 'DELETE'],
      [
        {
          Origin: 'https://localhost:4200',
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'authorization',
        },
        'PUT',
      ],
    ];
    for (const [headers, method] of cases) {
      const r = await send('OPTIONS', `${server.endpoint}/cors-site/dir/page.html`, headers);
      assert.equal(r.status, 403, JSON.stringify(headers));
      assert.equal(tag(r.body, 'Code'), 'AccessForbidden');
      assert.equal(tag(r.body, 'Message'), NOT_ALLOWED);
      assert.equal(tag(r.body, 'Method'), method);
      assert.equal(tag(r.body, 'ResourceType'), 'OBJECT');
      assert.deepEqual(accessControl(r), []);
    }
  });

  it('rejects with S3 texts when the bucket has no CORS configuration, does not exist, or Origin is missing', async () => {
    const none = await send('OPTIONS', `${server.endpoint}/cors-none/k`, {
      Origin: 'https://localhost:4200',
      'Access-Control-Request-Method': 'PUT',
    });
    assert.equal(none.status, 403);
    assert.equal(tag(none.body, 'Code'), 'AccessForbidden');
    assert.equal(tag(none.body, 'Message'), 'CORSResponse: CORS is not enabled for this bucket.');
    assert.equal(tag(none.body, 'Method'), 'PUT');
    assert.equal(tag(none.body, 'ResourceType'), 'BUCKET');
    const missing = await send('OPTIONS', `${server.endpoint}/no-such-bucket-here/k`, {
      Origin: 'https://a.test',
    });
    assert.equal(missing.status, 403);
    assert.equal(tag(missing.body, 'Code'), 'AccessForbidden');
    assert.equal(tag(missing.body, 'Message'), 'CORSResponse: Bucket not found');
    assert.equal(tag(missing.body, 'Method'), 'OPTIONS');
    assert.equal(tag(missing.body, 'ResourceType'), 'BUCKET');
    const noOrigin = await send('OPTIONS', `${server.endpoint}/cors-site/dir/page.html`, {
      'Access-Control-Request-Method': 'GET',
    });
    assert.equal(noOrigin.status, 400);
    assert.equal(tag(noOrigin.body, 'Code'), 'BadRequest');
    assert.equal(tag(noOrigin.body, 'Message'), 'Insufficient information. Origin request header needed.');
  });

  it('answers preflights to the bucket itself and to virtual-hosted addresses', async () => {
    const bucket = await send('OPTIONS', `${server.endpoint}/cors-site`, {
      Origin: 'https://localhost:4200',
      'Access-Control-Request-Method': 'GET',
    });
    assert.equal(bucket.status, 200);
    const denied = await send('OPTIONS', `${server.endpoint}/cors-site/`, {
      Origin: 'https://nope.test',
      'Access-Control-Request-Method': 'GET',
    });
    assert.equal(tag(denied.body, 'ResourceType'), 'BUCKET');
    const vhost = await send('OPTIONS', `${server.endpoint}/dir/page.html`, {
      Host: `cors-site.localhost:${server.port}`,
      Origin: 'https://localhost:4200',
      'Access-Control-Request-Method': 'PUT',
    });
    assert.equal(vhost.status, 200);
    assert.equal(vhost.headers['access-control-allow-origin'], 'https://localhost:4200');
  });
});

describe('S3 CORS headers on actual requests', () => {
  const presignedGet = (Bucket: string, Key: string) =>
    getSignedUrl(s3, new GetObjectCommand({ Bucket, Key }), { expiresIn: 300 });

  it('adds the matching rule headers to a response when the request carries a matching Origin', async () => {
    const r = await send('GET', await presignedGet('cors-site', 'dir/page.html'), {
      Origin: 'https://localhost:4200',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body, '<p>hi</p>');
    assert.equal(r.headers['access-control-allow-origin'], 'https://localhost:4200');
    assert.equal(r.headers['access-control-allow-credentials'], 'true');
    assert.equal(r.headers['access-control-allow-methods'], 'GET, PUT');
    assert.equal(r.headers['access-control-expose-headers'], 'ETag, x-amz-request-id');
    assert.equal(r.headers.vary, VARY);
  });

  it('adds them to error responses too, so the page can read the S3 error', async () => {
    const r = await send('GET', await presignedGet('cors-site', 'dir/missing.html'), {
      Origin: 'https://localhost:4200',
    });
    assert.equal(r.status, 404);
    assert.equal(tag(r.body, 'Code'), 'NoSuchKey');
    assert.equal(r.headers['access-control-allow-origin'], 'https://localhost:4200');
    // Authentication errors too: an expired URL's "Request has expired" is readable by the page.
    const expired = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: 'cors-site', Key: 'dir/page.html' }),
      {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 3_600_000),
      },
    );
    const denied = await send('GET', expired, { Origin: 'https://localhost:4200' });
    assert.equal(denied.status, 403);
    assert.equal(tag(denied.body, 'Message'), 'Request has expired');
    assert.equal(denied.headers['access-control-allow-origin'], 'https://localhost:4200');
  });

  it('adds none without Origin, for an origin or method no rule allows, or without a CORS configuration', async () => {
    const url = await presignedGet('cors-site', 'dir/page.html');
    assert.deepEqual(accessControl(await send('GET', url)), []);
    assert.deepEqual(accessControl(await send('GET', url, { Origin: 'http://localhost:4200' })), []);
    // AWS evaluates a stray Access-Control-Request-Method on an actual request (get-wrong-op).
    const wrongOp = await send('GET', url, {
      Origin: 'https://localhost:4200',
      'Access-Control-Request-Method': 'DELETE',
    });
    assert.equal(wrongOp.status, 200);
    assert.deepEqual(accessControl(wrongOp), []);
    await s3.send(new PutObjectCommand({ Bucket: 'cors-none', Key: 'k', Body: 'k' }));
    const none = await send('GET', await presignedGet('cors-none', 'k'), {
      Origin: 'https://localhost:4200',
    });
    assert.equal(none.status, 200);
    assert.deepEqual(accessControl(none), []);
  });

  it('answers the wildcard rule with * on an object read through the SDK-signed GET', async () => {
    const r = await send('GET', await presignedGet('cors-wild', 'a.txt'), { Origin: 'http://anything.test' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], '*');
  });
});
