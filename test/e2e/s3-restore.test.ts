// Archived objects (GLACIER, DEEP_ARCHIVE) through @aws-sdk/client-s3: unreadable until RestoreObject
// made a temporary copy (InvalidObjectState), readable while the copy lasts, HeadObject's x-amz-restore,
// 202 for a new restore and 200 for one already done, and the s3:ObjectRestore:Post and :Completed
// notifications in that order, the second with glacierEventData.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Sink, type Report } from '../unit/invoke/report-sink.js';
import { createNotifiedFunction, notifiedBucket } from '../unit/notifications/e2e-helpers.js';
import { pathClient, s3Error } from '../unit/s3/e2e-helpers.js';
import { startCumulo, type CumuloProcess } from './harness.js';

const B = 'archive';
const DAY_MS = 24 * 60 * 60 * 1000;
let server: CumuloProcess;
let s3: S3Client;
let lambda: LambdaClient;
const sink = new Sink();

before(async () => {
  await sink.start();
  server = await startCumulo();
  s3 = pathClient(server);
  lambda = new LambdaClient(server.clientConfig);
  await createNotifiedFunction(lambda, 'restores', sink.url);
  await notifiedBucket(s3, lambda, B, 'restores', ['s3:ObjectRestore:*']);
});

after(async () => {
  s3?.destroy();
  lambda?.destroy();
  await server?.dispose();
  sink.close();
});

describe('archived objects and RestoreObject', () => {
  it('refuses to read or copy a GLACIER object before it is restored, and HEAD still answers', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'cold', Body: 'frozen', StorageClass: 'GLACIER' }));
    const got = await s3Error(
      s3.send(new GetObjectCommand({ Bucket: B, Key: 'cold' })),
      'InvalidObjectState',
      403,
    );
    assert.equal(got.message, "The operation is not valid for the object's storage class");
    assert.equal(got.StorageClass, 'GLACIER');
    await s3Error(
      s3.send(new CopyObjectCommand({ Bucket: B, Key: 'copy', CopySource: `${B}/cold` })),
      'InvalidObjectState',
      403,
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'cold' }));
    assert.equal(head.StorageClass, 'GLACIER');
    assert.equal(head.Restore, undefined);
  });

  it('restores for the days asked (202, then 200), serves the copy and notifies Post then Completed', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: B, Key: 'deep', Body: 'abyss', StorageClass: 'DEEP_ARCHIVE' }),
    );
    const started = Date.now();
    const first = await s3.send(
      new RestoreObjectCommand({ Bucket: B, Key: 'deep', RestoreRequest: { Days: 2 } }),
    );
    assert.equal(first.$metadata.httpStatusCode, 202);

    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'deep' }));
    const m = /^ongoing-request="false", expiry-date="(.+)"$/.exec(head.Restore ?? '');
    assert.ok(m, head.Restore);
    const expiry = Date.parse(m[1]!);
    assert.equal(expiry % DAY_MS, 0, 'the copy expires at midnight UTC');
    assert.ok(expiry > started + 2 * DAY_MS && expiry <= started + 3 * DAY_MS);
    const got = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'deep' }));
    assert.equal(await got.Body!.transformToString(), 'abyss');

    const again = await s3.send(
      new RestoreObjectCommand({ Bucket: B, Key: 'deep', RestoreRequest: { Days: 5 } }),
    );
    assert.equal(again.$metadata.httpStatusCode, 200);
    const later = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'deep' }));
    assert.ok(Date.parse(/expiry-date="(.+)"/.exec(later.Restore!)![1]!) > expiry);

    const reports = await sink.waitFor((r: Report) => r.event?.Records?.[0]?.s3?.object?.key === 'deep', 2);
    // Deliveries may arrive in either order (as S3's do); the sequencer orders the changes.
    const records = reports
      .map((r) => r.event.Records[0])
      .sort((a, b) => a.s3.object.sequencer.localeCompare(b.s3.object.sequencer));
    assert.deepEqual(
      records.map((r) => r.eventName),
      ['ObjectRestore:Post', 'ObjectRestore:Completed'],
    );
    assert.equal(records[0].glacierEventData, undefined);
    assert.deepEqual(records[1].glacierEventData, {
      restoreEventData: {
        lifecycleRestorationExpiryTime: new Date(expiry).toISOString(),
        lifecycleRestoreStorageClass: 'DEEP_ARCHIVE',
      },
    });
  });

  it('refuses to restore an object that is not archived', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'warm', Body: 'x' }));
    const e = await s3Error(
      s3.send(new RestoreObjectCommand({ Bucket: B, Key: 'warm', RestoreRequest: { Days: 1 } })),
      'InvalidObjectState',
      403,
    );
    assert.equal(e.message, "Restore is not allowed for the object's current storage class");
  });
});
