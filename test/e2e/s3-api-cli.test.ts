// The AWS CLI's low-level `aws s3api` commands against a started Cumulo (botocore's own request
// building, checksums and error parsing).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';

describe('aws s3api (e2e)', () => {
  let server: CumuloProcess;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cumulo-s3api-'));
  const api = async (...args: string[]) => {
    const r = await awsCli(server, ['s3api', ...args]);
    assert.equal(r.code, 0, `aws s3api ${args.join(' ')}\n${r.stderr}`);
    return r.json;
  };

  before(async () => {
    server = await startCumulo();
  });
  after(async () => {
    await server?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('creates a bucket, puts, heads, lists and gets an object', async () => {
    assert.deepEqual(await api('create-bucket', '--bucket', 'cli-api'), { Location: '/cli-api' });
    const file = path.join(tmp, 'in.txt');
    writeFileSync(file, 'from the cli');
    const put = await api(
      'put-object',
      '--bucket',
      'cli-api',
      '--key',
      'dir/in.txt',
      '--body',
      file,
      '--content-type',
      'text/plain',
      '--metadata',
      'origin=cli',
    );
    assert.match(put.ETag, /^"[0-9a-f]{32}"$/);
    const head = await api('head-object', '--bucket', 'cli-api', '--key', 'dir/in.txt');
    assert.equal(head.ContentLength, 12);
    assert.equal(head.ContentType, 'text/plain');
    assert.deepEqual(head.Metadata, { origin: 'cli' });
    const list = await api('list-objects-v2', '--bucket', 'cli-api', '--delimiter', '/');
    assert.deepEqual(list.CommonPrefixes, [{ Prefix: 'dir/' }]);
    const out = path.join(tmp, 'out.txt');
    const got = await api(
      'get-object',
      '--bucket',
      'cli-api',
      '--key',
      'dir/in.txt',
      '--range',
      'bytes=5-7',
      out,
    );
    assert.equal(got.ContentRange, 'bytes 5-7/12');
    assert.equal(readFileSync(out, 'utf8'), 'the');
  });

  it("prints S3's error for a missing key and bucket", async () => {
    const r = await awsCli(server, [
      's3api',
      'get-object',
      '--bucket',
      'cli-api',
      '--key',
      'nope',
      path.join(tmp, 'x'),
    ]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /NoSuchKey/);
    assert.match(r.stderr, /The specified key does not exist\./);
    const nb = await awsCli(server, ['s3api', 'head-bucket', '--bucket', 'nowhere-bucket']);
    assert.notEqual(nb.code, 0);
    assert.match(nb.stderr, /404/);
  });

  it('versions, tags and deletes objects in batches', async () => {
    await api('put-bucket-versioning', '--bucket', 'cli-api', '--versioning-configuration', 'Status=Enabled');
    assert.deepEqual(await api('get-bucket-versioning', '--bucket', 'cli-api'), { Status: 'Enabled' });
    const file = path.join(tmp, 'v.txt');
    writeFileSync(file, 'v');
    const v = await api(
      'put-object',
      '--bucket',
      'cli-api',
      '--key',
      'v',
      '--body',
      file,
      '--tagging',
      'a=b',
    );
    assert.ok(v.VersionId);
    const tags = await api('get-object-tagging', '--bucket', 'cli-api', '--key', 'v');
    assert.deepEqual(tags, { VersionId: v.VersionId, TagSet: [{ Key: 'a', Value: 'b' }] });
    const del = await api(
      'delete-objects',
      '--bucket',
      'cli-api',
      '--delete',
      JSON.stringify({ Objects: [{ Key: 'v' }, { Key: 'dir/in.txt' }] }),
    );
    assert.equal(del.Deleted.length, 2);
    assert.ok(del.Deleted.every((d: { DeleteMarker: boolean }) => d.DeleteMarker));
    const versions = await api('list-object-versions', '--bucket', 'cli-api');
    assert.equal(versions.DeleteMarkers.length, 2);
    assert.equal(versions.Versions.length, 2);
  });
  it('reads and writes bucket configurations as the CLI sends them', async () => {
    await api('create-bucket', '--bucket', 'cli-config');
    const enc = await api('get-bucket-encryption', '--bucket', 'cli-config');
    assert.deepEqual(enc.ServerSideEncryptionConfiguration.Rules, [
      { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
    ]);
    await api(
      'put-public-access-block',
      '--bucket',
      'cli-config',
      '--public-access-block-configuration',
      'BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    );
    const pab = await api('get-public-access-block', '--bucket', 'cli-config');
    assert.deepEqual(pab.PublicAccessBlockConfiguration, {
      BlockPublicAcls: false,
      IgnorePublicAcls: false,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    await api(
      'put-bucket-ownership-controls',
      '--bucket',
      'cli-config',
      '--ownership-controls',
      'Rules=[{ObjectOwnership=BucketOwnerPreferred}]',
    );
    await api('put-bucket-acl', '--bucket', 'cli-config', '--acl', 'public-read');
    const acl = await api('get-bucket-acl', '--bucket', 'cli-config');
    assert.deepEqual(acl.Grants[1], {
      Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
      Permission: 'READ',
    });
    const lifecycle = await awsCli(server, [
      's3api',
      'get-bucket-lifecycle-configuration',
      '--bucket',
      'cli-config',
    ]);
    assert.notEqual(lifecycle.code, 0);
    assert.match(lifecycle.stderr, /NoSuchLifecycleConfiguration/);
    assert.match(lifecycle.stderr, /The lifecycle configuration does not exist/);
    await api(
      'put-bucket-encryption',
      '--bucket',
      'cli-config',
      '--server-side-encryption-configuration',
      JSON.stringify({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] }),
    );
    const kms = await api('get-bucket-encryption', '--bucket', 'cli-config');
    assert.equal(
      kms.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm,
      'aws:kms',
    );
  });
});
