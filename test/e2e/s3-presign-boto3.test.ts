// Presigned URLs and POST forms as boto3 makes them. In us-east-1, botocore signs presigned URLs and POST
// policies with Signature Version 2 unless the client asks for 's3v4' (botocore's
// `_default_s3_presign_to_sigv2`), and S3 there accepts them
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html). The URLs are used by a
// plain HTTP client that holds no credentials.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runBoto3, startCumulo, type CumuloProcess } from './harness.js';

let server: CumuloProcess;
let s3: S3Client;
const BUCKET = 'boto-presigned';

/** What the Python side presigned, made with boto3's defaults (no signature_version configured). */
interface Presigned {
  get: string;
  expired: string;
  put: string;
  post: { url: string; fields: Record<string, string> };
  postV4: { url: string; fields: Record<string, string> };
  v2HeaderError: [number, string, string];
}
let presigned: Presigned;

const PRESIGN = `
import boto3, botocore, json, os
s3 = boto3.client('s3', endpoint_url=os.environ['CUMULO_ENDPOINT'])
def v2_header_error():
  v2 = boto3.client('s3', endpoint_url=os.environ['CUMULO_ENDPOINT'], config=boto3.session.Config(signature_version='s3'))
  try:
    v2.list_buckets()
  except botocore.exceptions.ClientError as e:
    return [e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Code'], e.response['Error']['Message']]
print(json.dumps({
  'v2HeaderError': v2_header_error(),
  'get': s3.generate_presigned_url('get_object', Params={'Bucket': '${BUCKET}', 'Key': 'notes/a b.txt'}),
  'expired': s3.generate_presigned_url('get_object', Params={'Bucket': '${BUCKET}', 'Key': 'notes/a b.txt'}, ExpiresIn=-60),
  'put': s3.generate_presigned_url('put_object', Params={'Bucket': '${BUCKET}', 'Key': 'up.txt', 'ContentType': 'text/plain'}),
  'post': s3.generate_presigned_post('${BUCKET}', 'forms/\${filename}', Conditions=[['content-length-range', 1, 100]]),
  'postV4': boto3.client('s3', endpoint_url=os.environ['CUMULO_ENDPOINT'],
      config=boto3.session.Config(signature_version='s3v4')).generate_presigned_post('${BUCKET}', 'v4.txt'),
}))
`;

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

async function readObject(Key: string): Promise<{ body: string; type?: string }> {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
  return { body: await out.Body!.transformToString(), type: out.ContentType };
}

function form(fields: Record<string, string>, content: string): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([content], { type: 'text/plain' }), 'hello.txt');
  return data;
}

before(async () => {
  server = await startCumulo();
  s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'notes/a b.txt', Body: 'from the sdk' }));
  const out = await runBoto3(server, PRESIGN);
  assert.equal(out.code, 0, out.stderr);
  presigned = JSON.parse(out.stdout) as Presigned;
});

after(async () => {
  await server?.dispose();
});

describe('boto3 presigned URLs (Signature Version 2)', () => {
  it('reads the object with generate_presigned_url, and refuses the URL once tampered with', async () => {
    assert.match(presigned.get, /AWSAccessKeyId=test&Signature=[^&]+&Expires=\d+$/);
    const r = await fetch(presigned.get);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'from the sdk');
    const bad = await fetch(presigned.get.replace('a%20b.txt', 'a%20c.txt'));
    assert.equal(bad.status, 403);
    const xml = await bad.text();
    assert.equal(tag(xml, 'Code'), 'SignatureDoesNotMatch');
    assert.match(tag(xml, 'StringToSign') ?? '', /^GET\n\n\n\d+\n\/boto-presigned\/notes\/a%20c.txt$/);
  });

  it('refuses a URL past its Expires with AccessDenied "Request has expired"', async () => {
    const r = await fetch(presigned.expired);
    assert.equal(r.status, 403);
    const xml = await r.text();
    assert.equal(tag(xml, 'Code'), 'AccessDenied');
    assert.equal(tag(xml, 'Message'), 'Request has expired');
    assert.ok(tag(xml, 'ServerTime'));
  });

  it('uploads with a presigned PUT sent with the Content-Type it was signed for', async () => {
    const r = await fetch(presigned.put, {
      method: 'PUT',
      body: 'put by url',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(r.status, 200, await r.text());
    assert.deepEqual(await readObject('up.txt'), { body: 'put by url', type: 'text/plain' });
  });
});

describe("boto3 with signature_version 's3' (a SigV2 Authorization header)", () => {
  it("gets S3's InvalidRequest, as users recorded it from S3 regions without SigV2", () => {
    assert.deepEqual(presigned.v2HeaderError, [
      400,
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    ]);
  });
});

describe('boto3 generate_presigned_post', () => {
  it('uploads through a SigV2 form (AWSAccessKeyId, policy, signature) and answers 204', async () => {
    assert.ok(presigned.post.fields['AWSAccessKeyId']);
    const r = await fetch(presigned.post.url, {
      method: 'POST',
      body: form(presigned.post.fields, 'posted'),
    });
    assert.equal(r.status, 204, await r.text());
    assert.equal((await readObject('forms/hello.txt')).body, 'posted');
  });

  it("still checks the policy's conditions and the signature", async () => {
    const tooBig = await fetch(presigned.post.url, {
      method: 'POST',
      body: form(presigned.post.fields, 'x'.repeat(101)),
    });
    assert.equal(tooBig.status, 400);
    assert.equal(tag(await tooBig.text(), 'Code'), 'EntityTooLarge');
    const forged = {
      ...presigned.post.fields,
      signature: 'A' + presigned.post.fields['signature']!.slice(1),
    };
    const bad = await fetch(presigned.post.url, { method: 'POST', body: form(forged, 'posted') });
    assert.equal(bad.status, 403);
    assert.equal(tag(await bad.text(), 'Code'), 'SignatureDoesNotMatch');
  });

  it("uploads through the SigV4 form of a client configured with signature_version='s3v4'", async () => {
    assert.equal(presigned.postV4.fields['x-amz-algorithm'], 'AWS4-HMAC-SHA256');
    const r = await fetch(presigned.postV4.url, {
      method: 'POST',
      body: form(presigned.postV4.fields, 'v4'),
    });
    assert.equal(r.status, 204, await r.text());
    assert.equal((await readObject('v4.txt')).body, 'v4');
  });
});
