// Versioned buckets end to end: version ids everywhere, delete markers, reads and deletes of named
// versions, ListObjectVersions, and suspension (the 'null' version).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CopyObjectCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { s3Error, s3Suite } from '../unit/s3/e2e-helpers.js';

const B = 'versioned';

describe('S3 versioning (e2e)', () => {
  let s3: S3Client;
  const text = async (p: Promise<{ Body?: { transformToString(): Promise<string> } }>) =>
    (await p).Body!.transformToString();

  s3Suite(B, (started) => ({ s3 } = started));

  it('enables versioning and keeps every version of a key', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'pre', Body: 'before versioning' }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: B }))).Status, 'Enabled');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'doc', Body: 'one' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'doc', Body: 'two' }));
    assert.match(v1.VersionId ?? '', /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(v1.VersionId, v2.VersionId);
    const current = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'doc' }));
    assert.equal(current.VersionId, v2.VersionId);
    assert.equal(await current.Body!.transformToString(), 'two');
    assert.equal(
      await text(s3.send(new GetObjectCommand({ Bucket: B, Key: 'doc', VersionId: v1.VersionId }))),
      'one',
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'doc', VersionId: v1.VersionId }));
    assert.equal(head.VersionId, v1.VersionId);
    // The object written before versioning is the 'null' version.
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'pre' }))).VersionId, 'null');
    await s3Error(
      s3.send(new GetObjectCommand({ Bucket: B, Key: 'doc', VersionId: 'A'.repeat(32) })),
      'NoSuchVersion',
      404,
    );
    // An id that cannot be a version id is refused before any lookup.
    for (const send of [
      () => s3.send(new GetObjectCommand({ Bucket: B, Key: 'doc', VersionId: 'not-a-version' })),
      () => s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'doc', VersionId: 'not-a-version' })),
      () => s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'doc', VersionId: 'not-a-version' })),
    ]) {
      const e = await s3Error(send(), 'InvalidArgument', 400);
      assert.equal(e.message, 'Invalid version id specified');
      assert.equal(e.ArgumentName, 'versionId');
      assert.equal(e.ArgumentValue, 'not-a-version');
    }
  });

  it('hides a key behind a delete marker and brings it back when the marker is deleted', async () => {
    const del = await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'doc' }));
    assert.equal(del.DeleteMarker, true);
    assert.ok(del.VersionId);
    await s3Error(s3.send(new GetObjectCommand({ Bucket: B, Key: 'doc' })), 'NoSuchKey', 404);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: B }));
    assert.deepEqual(
      listed.Contents?.map((c) => c.Key),
      ['pre'],
    );
    await s3Error(
      s3.send(new GetObjectCommand({ Bucket: B, Key: 'doc', VersionId: del.VersionId })),
      'MethodNotAllowed',
      405,
    );
    const undo = await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'doc', VersionId: del.VersionId }));
    assert.equal(undo.DeleteMarker, true);
    assert.equal(undo.VersionId, del.VersionId);
    assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: B, Key: 'doc' }))), 'two');
  });

  it('lists versions and delete markers newest first, with IsLatest and paging markers', async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'pre' }));
    const r = await s3.send(new ListObjectVersionsCommand({ Bucket: B }));
    const versions = r.Versions ?? [];
    assert.deepEqual(
      versions.map((v) => [v.Key, v.IsLatest]),
      [
        ['doc', true],
        ['doc', false],
        ['pre', false],
      ],
    );
    assert.equal(versions[2]?.VersionId, 'null');
    assert.equal(r.DeleteMarkers?.length, 1);
    assert.equal(r.DeleteMarkers?.[0]?.Key, 'pre');
    assert.equal(r.DeleteMarkers?.[0]?.IsLatest, true);
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: B, MaxKeys: 1 }));
    assert.equal(page.IsTruncated, true);
    assert.equal(page.NextKeyMarker, 'doc');
    const next = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: B,
        KeyMarker: page.NextKeyMarker,
        VersionIdMarker: page.NextVersionIdMarker,
      }),
    );
    assert.equal(next.Versions?.[0]?.Key, 'doc');
    assert.equal(next.Versions?.[0]?.IsLatest, false);
    const prefixed = await s3.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'pre' }));
    assert.equal(prefixed.Versions?.length, 1);
  });

  it('tags and copies named versions', async () => {
    const list = await s3.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'doc' }));
    const old = list.Versions!.find((v) => !v.IsLatest)!.VersionId!;
    const tagged = await s3.send(
      new PutObjectTaggingCommand({
        Bucket: B,
        Key: 'doc',
        VersionId: old,
        Tagging: { TagSet: [{ Key: 'v', Value: '1' }] },
      }),
    );
    assert.equal(tagged.VersionId, old);
    assert.deepEqual(
      (await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'doc', VersionId: old }))).TagSet,
      [{ Key: 'v', Value: '1' }],
    );
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: B, Key: 'doc' }))).TagSet, []);
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket: B, Key: 'restored', CopySource: `${B}/doc?versionId=${old}` }),
    );
    assert.equal(copy.CopySourceVersionId, old);
    assert.ok(copy.VersionId);
    assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: B, Key: 'restored' }))), 'one');
  });

  it('deletes named versions for good, in one call or many', async () => {
    const list = await s3.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'doc' }));
    const [latest, older] = list.Versions!;
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'doc', VersionId: latest!.VersionId }));
    assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: B, Key: 'doc' }))), 'one');
    const many = await s3.send(
      new DeleteObjectsCommand({
        Bucket: B,
        Delete: { Objects: [{ Key: 'doc', VersionId: older!.VersionId }, { Key: 'restored' }] },
      }),
    );
    assert.equal(many.Deleted?.[0]?.VersionId, older!.VersionId);
    assert.equal(many.Deleted?.[1]?.DeleteMarker, true);
    assert.ok(many.Deleted?.[1]?.DeleteMarkerVersionId);
    await s3Error(s3.send(new GetObjectCommand({ Bucket: B, Key: 'doc' })), 'NoSuchKey', 404);
    const e = await s3Error(s3.send(new DeleteBucketCommand({ Bucket: B })), 'BucketNotEmpty', 409);
    assert.equal(
      e.message,
      'The bucket you tried to delete is not empty. You must delete all versions in the bucket.',
    );
  });

  it('writes the null version while suspended, replacing the previous null version', async () => {
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Suspended' } }),
    );
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: B }))).Status, 'Suspended');
    const a = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'sus', Body: 'a' }));
    assert.equal(a.VersionId, 'null');
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'sus', Body: 'b' }));
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: B, Prefix: 'sus' }));
    assert.deepEqual(
      versions.Versions?.map((v) => v.VersionId),
      ['null'],
    );
    assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: B, Key: 'sus' }))), 'b');
  });
});
