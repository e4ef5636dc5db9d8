// S3 buckets end to end: create/head/delete/list, location, CORS, policy, tagging, versioning
// configuration, listings with every parameter, and persistence across a restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketCorsCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  GetBucketCorsCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startCumulo, type CumuloProcess } from './harness.js';
import { pathClient, rawS3, s3Error } from '../unit/s3/e2e-helpers.js';

describe('S3 buckets (e2e)', () => {
  let server: CumuloProcess;
  let s3: S3Client;

  before(async () => {
    server = await startCumulo();
    s3 = pathClient(server);
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('creates, heads, lists and locates buckets', async () => {
    const created = await s3.send(new CreateBucketCommand({ Bucket: 'alpha' }));
    assert.equal(created.Location, '/alpha');
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'beta.eu',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'alpha' }));
    assert.equal(head.$metadata.httpStatusCode, 200);
    const list = await s3.send(new ListBucketsCommand({}));
    assert.deepEqual(
      list.Buckets?.map((b) => b.Name),
      ['alpha', 'beta.eu'],
    );
    assert.ok(list.Buckets?.[0]?.CreationDate instanceof Date);
    assert.match(list.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
    assert.equal(
      (await s3.send(new GetBucketLocationCommand({ Bucket: 'alpha' }))).LocationConstraint,
      undefined,
    );
    assert.equal(
      (await s3.send(new GetBucketLocationCommand({ Bucket: 'beta.eu' }))).LocationConstraint,
      'eu-west-1',
    );
  });

  it('refuses invalid names, taken names and us-east-1 as a location constraint', async () => {
    for (const name of ['ab', 'has_underscore', 'ends-', '192.168.1.1', 'xn--punycode', 'a..b']) {
      const e = await s3Error(s3.send(new CreateBucketCommand({ Bucket: name })), 'InvalidBucketName', 400);
      assert.equal(e.message, 'The specified bucket is not valid.');
      assert.equal(e.BucketName, name);
    }
    const owned = await s3Error(
      s3.send(new CreateBucketCommand({ Bucket: 'alpha' })),
      'BucketAlreadyOwnedByYou',
      409,
    );
    assert.equal(
      owned.message,
      'Your previous request to create the named bucket succeeded and you already own it.',
    );
    await s3Error(
      s3.send(
        new CreateBucketCommand({
          Bucket: 'gamma',
          CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as any },
        }),
      ),
      'InvalidLocationConstraint',
      400,
    );
    await s3Error(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })), 'NotFound', 404);
  });

  it('deletes only empty buckets', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'full' }));
    await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'k', Body: 'v' }));
    const e = await s3Error(s3.send(new DeleteBucketCommand({ Bucket: 'full' })), 'BucketNotEmpty', 409);
    assert.equal(e.message, 'The bucket you tried to delete is not empty');
    await rawS3(server, 'DELETE', '/full/k', {}, Buffer.alloc(0));
    const del = await s3.send(new DeleteBucketCommand({ Bucket: 'full' }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    await s3Error(s3.send(new DeleteBucketCommand({ Bucket: 'full' })), 'NoSuchBucket', 404);
  });

  it('stores, returns and deletes CORS rules', async () => {
    await s3Error(s3.send(new GetBucketCorsCommand({ Bucket: 'alpha' })), 'NoSuchCORSConfiguration', 404);
    const rules = [
      {
        ID: 'web',
        AllowedOrigins: ['https://example.com'],
        AllowedMethods: ['GET', 'PUT'],
        AllowedHeaders: ['*'],
        ExposeHeaders: ['ETag'],
        MaxAgeSeconds: 300,
      },
    ];
    await s3.send(new PutBucketCorsCommand({ Bucket: 'alpha', CORSConfiguration: { CORSRules: rules } }));
    assert.deepEqual((await s3.send(new GetBucketCorsCommand({ Bucket: 'alpha' }))).CORSRules, rules);
    const bad = await s3Error(
      s3.send(
        new PutBucketCorsCommand({
          Bucket: 'alpha',
          CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }] },
        }),
      ),
      'InvalidRequest',
      400,
    );
    assert.equal(bad.message, 'Found unsupported HTTP method in CORS config. Unsupported method is PATCH');
    await s3.send(new DeleteBucketCorsCommand({ Bucket: 'alpha' }));
    await s3Error(s3.send(new GetBucketCorsCommand({ Bucket: 'alpha' })), 'NoSuchCORSConfiguration', 404);
  });

  it('stores and returns bucket policies, refusing what is not JSON', async () => {
    await s3Error(s3.send(new GetBucketPolicyCommand({ Bucket: 'alpha' })), 'NoSuchBucketPolicy', 404);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::alpha/*' },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'alpha', Policy: policy }));
    assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: 'alpha' }))).Policy, policy);
    const bad = await s3Error(
      s3.send(new PutBucketPolicyCommand({ Bucket: 'alpha', Policy: 'not json' })),
      'MalformedPolicy',
      400,
    );
    assert.equal(bad.message, "Policies must be valid JSON and the first byte must be '{'");
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'alpha' }));
    await s3Error(s3.send(new GetBucketPolicyCommand({ Bucket: 'alpha' })), 'NoSuchBucketPolicy', 404);
  });

  it('stores, returns and deletes bucket tags', async () => {
    const e = await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: 'alpha' })), 'NoSuchTagSet', 404);
    assert.equal(e.message, 'The TagSet does not exist');
    const TagSet = [
      { Key: 'env', Value: 'test' },
      { Key: 'team', Value: 'core' },
    ];
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'alpha', Tagging: { TagSet } }));
    assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: 'alpha' }))).TagSet, TagSet);
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: 'alpha' }));
    await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: 'alpha' })), 'NoSuchTagSet', 404);
  });

  it('answers an empty versioning configuration for a bucket never versioned', async () => {
    const v = await s3.send(new GetBucketVersioningCommand({ Bucket: 'alpha' }));
    assert.equal(v.Status, undefined);
  });

  it('refuses malformed XML bodies with MalformedXML and changes nothing', async () => {
    const res = await rawS3(
      server,
      'PUT',
      '/alpha',
      { 'content-type': 'application/xml' },
      Buffer.from('<Tagging><TagSet><Tag>'),
      {
        tagging: '',
      },
    );
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>MalformedXML<\/Code>/);
    await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: 'alpha' })), 'NoSuchTagSet', 404);
  });

  describe('listings', () => {
    const keys = ['a.txt', 'dir/1.txt', 'dir/2.txt', 'dir/sub/3.txt', 'e f.txt', 'z/last', 'zz'];
    before(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
      for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key, Body: Key }));
    });

    it('lists all keys in binary order with sizes, ETags and storage class (v2)', async () => {
      const r = await s3.send(new ListObjectsV2Command({ Bucket: 'listing' }));
      assert.deepEqual(
        r.Contents?.map((c) => c.Key),
        keys,
      );
      assert.equal(r.KeyCount, keys.length);
      assert.equal(r.IsTruncated, false);
      assert.equal(r.Contents?.[0]?.Size, 5);
      assert.equal(r.Contents?.[0]?.StorageClass, 'STANDARD');
      assert.match(r.Contents?.[0]?.ETag ?? '', /^"[0-9a-f]{32}"$/);
      assert.equal(r.Contents?.[0]?.Owner, undefined);
      const owned = await s3.send(
        new ListObjectsV2Command({ Bucket: 'listing', FetchOwner: true, MaxKeys: 1 }),
      );
      assert.match(owned.Contents?.[0]?.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
    });

    it('rolls keys up into CommonPrefixes with a delimiter and a prefix', async () => {
      const top = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
      assert.deepEqual(
        top.Contents?.map((c) => c.Key),
        ['a.txt', 'e f.txt', 'zz'],
      );
      assert.deepEqual(
        top.CommonPrefixes?.map((p) => p.Prefix),
        ['dir/', 'z/'],
      );
      assert.equal(top.KeyCount, 5);
      const dir = await s3.send(
        new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/', Prefix: 'dir/' }),
      );
      assert.deepEqual(
        dir.Contents?.map((c) => c.Key),
        ['dir/1.txt', 'dir/2.txt'],
      );
      assert.deepEqual(
        dir.CommonPrefixes?.map((p) => p.Prefix),
        ['dir/sub/'],
      );
      assert.equal(dir.Prefix, 'dir/');
    });

    it('pages with max-keys and continuation tokens, never repeating a common prefix', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const r = await s3.send(
          new ListObjectsV2Command({
            Bucket: 'listing',
            Delimiter: '/',
            MaxKeys: 2,
            ContinuationToken: token,
          }),
        );
        pages++;
        seen.push(
          ...(r.Contents ?? []).map((c) => c.Key!),
          ...(r.CommonPrefixes ?? []).map((p) => p.Prefix!),
        );
        assert.ok((r.KeyCount ?? 0) <= 2);
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
        if (r.IsTruncated) assert.ok(token);
      } while (token);
      assert.equal(pages, 3);
      assert.deepEqual(seen.sort(), ['a.txt', 'dir/', 'e f.txt', 'z/', 'zz']);
      const after = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'dir/2.txt' }));
      assert.deepEqual(
        after.Contents?.map((c) => c.Key),
        ['dir/sub/3.txt', 'e f.txt', 'z/last', 'zz'],
      );
      assert.equal(after.StartAfter, 'dir/2.txt');
      await s3Error(
        s3.send(new ListObjectsV2Command({ Bucket: 'listing', ContinuationToken: 'garbage' })),
        'InvalidArgument',
        400,
      );
    });

    it('URL-encodes keys and prefixes with encoding-type=url', async () => {
      const r = await s3.send(
        new ListObjectsV2Command({ Bucket: 'listing', EncodingType: 'url', Prefix: 'e ' }),
      );
      assert.equal(r.EncodingType, 'url');
      // The SDK hands encoded values through: S3 leaves the decoding to the caller.
      assert.deepEqual(
        r.Contents?.map((c) => c.Key),
        ['e%20f.txt'],
      );
    });

    it('lists with v1 markers; NextMarker only with a delimiter', async () => {
      const p1 = await s3.send(new ListObjectsCommand({ Bucket: 'listing', MaxKeys: 3 }));
      assert.deepEqual(
        p1.Contents?.map((c) => c.Key),
        keys.slice(0, 3),
      );
      assert.equal(p1.IsTruncated, true);
      assert.equal(p1.NextMarker, undefined);
      assert.match(p1.Contents?.[0]?.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
      const p2 = await s3.send(new ListObjectsCommand({ Bucket: 'listing', Marker: 'dir/2.txt' }));
      assert.deepEqual(
        p2.Contents?.map((c) => c.Key),
        keys.slice(3),
      );
      assert.equal(p2.Marker, 'dir/2.txt');
      const d = await s3.send(new ListObjectsCommand({ Bucket: 'listing', Delimiter: '/', MaxKeys: 2 }));
      assert.deepEqual(
        d.Contents?.map((c) => c.Key),
        ['a.txt'],
      );
      assert.deepEqual(
        d.CommonPrefixes?.map((p) => p.Prefix),
        ['dir/'],
      );
      assert.equal(d.NextMarker, 'dir/');
      const d2 = await s3.send(
        new ListObjectsCommand({ Bucket: 'listing', Delimiter: '/', Marker: d.NextMarker }),
      );
      assert.deepEqual(
        d2.Contents?.map((c) => c.Key),
        ['e f.txt', 'zz'],
      );
      assert.deepEqual(
        d2.CommonPrefixes?.map((p) => p.Prefix),
        ['z/'],
      );
    });
  });

  it('keeps buckets, configuration and objects across a restart', async () => {
    await s3.send(
      new PutBucketTaggingCommand({ Bucket: 'alpha', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'alpha', Key: 'persist', Body: 'still here' }));
    await server.kill();
    server = await server.restart();
    s3.destroy();
    s3 = pathClient(server);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'persist' }));
    assert.equal(await got.Body!.transformToString(), 'still here');
    assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: 'alpha' }))).TagSet, [
      { Key: 'k', Value: 'v' },
    ]);
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'listing' }));
    assert.equal(list.KeyCount, 7);
  });
});
