// S3 bucket notifications to Lambda through @aws-sdk/client-s3, @aws-sdk/client-lambda and the aws
// CLI: configuration round trips, the destination and overlap checks S3 makes, every event type the
// S3 service emits, key filters, and the event document field by field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectTaggingCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { Sink, type Report } from '../unit/invoke/report-sink.js';
import {
  ACCOUNT,
  allowBucket,
  createNotifiedFunction,
  fnArn,
  notifiedBucket,
  s3Rejects,
} from '../unit/notifications/e2e-helpers.js';
import { postForm } from '../unit/s3/post-form.js';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';

let server: CumuloProcess;
let lambda: LambdaClient;
let s3: S3Client;
const sink = new Sink();

before(async () => {
  await sink.start();
  server = await startCumulo({ args: ['--retry-delay-scale', '0.001'] });
  lambda = new LambdaClient(server.clientConfig);
  s3 = new S3Client({ ...server.clientConfig, forcePathStyle: true });
  await createNotifiedFunction(lambda, 'notified', sink.url);
  await createNotifiedFunction(lambda, 'other', sink.url);
});

after(async () => {
  lambda?.destroy();
  s3?.destroy();
  await server?.dispose();
  sink.close();
});

const recordsFor = (bucket: string) => (r: Report) => r.event?.Records?.[0]?.s3?.bucket?.name === bucket;
const record = (r: Report) => r.event.Records[0];

describe('Put/GetBucketNotificationConfiguration', () => {
  it('stores the configuration, generating Ids and naming filter rules as S3 does', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'cfg-roundtrip' }));
    await allowBucket(lambda, 'notified', 'cfg-roundtrip');
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'cfg-roundtrip',
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            {
              LambdaFunctionArn: fnArn('notified'),
              Events: ['s3:ObjectCreated:*'],
              Filter: {
                Key: {
                  FilterRules: [
                    { Name: 'prefix', Value: 'images/' },
                    { Name: 'suffix', Value: '.jpg' },
                  ],
                },
              },
            },
            { Id: 'removals', LambdaFunctionArn: fnArn('notified'), Events: ['s3:ObjectRemoved:*'] },
          ],
        },
      }),
    );
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'cfg-roundtrip' }));
    const [first, second] = got.LambdaFunctionConfigurations!;
    // S3's generated Ids are base64-encoded UUIDs.
    assert.match(
      Buffer.from(first!.Id!, 'base64').toString(),
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    assert.deepEqual(
      { ...first, Id: undefined },
      {
        Id: undefined,
        LambdaFunctionArn: fnArn('notified'),
        Events: ['s3:ObjectCreated:*'],
        Filter: {
          Key: {
            FilterRules: [
              { Name: 'Prefix', Value: 'images/' },
              { Name: 'Suffix', Value: '.jpg' },
            ],
          },
        },
      },
    );
    assert.deepEqual(second, {
      Id: 'removals',
      LambdaFunctionArn: fnArn('notified'),
      Events: ['s3:ObjectRemoved:*'],
    });
    assert.equal(got.TopicConfigurations, undefined);
  });

  it('an empty configuration turns notifications off', async () => {
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'cfg-roundtrip',
        NotificationConfiguration: {},
      }),
    );
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'cfg-roundtrip' }));
    assert.equal(got.LambdaFunctionConfigurations, undefined);
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    await s3Rejects(
      s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'no-such-bucket-here' })),
      'NoSuchBucket',
      'The specified bucket does not exist',
      { BucketName: 'no-such-bucket-here' },
      404,
    );
  });

  it('round-trips through aws s3api, the legacy put-bucket-notification included', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'cfg-cli' }));
    await allowBucket(lambda, 'notified', 'cfg-cli');
    const config = {
      LambdaFunctionConfigurations: [
        { Id: 'cli', LambdaFunctionArn: fnArn('notified'), Events: ['s3:ObjectCreated:Put'] },
      ],
    };
    const put = await awsCli(server, [
      's3api',
      'put-bucket-notification-configuration',
      '--bucket',
      'cfg-cli',
      '--notification-configuration',
      JSON.stringify(config),
    ]);
    assert.equal(put.code, 0, put.stderr);
    const got = await awsCli(server, [
      's3api',
      'get-bucket-notification-configuration',
      '--bucket',
      'cfg-cli',
    ]);
    assert.equal(got.code, 0, got.stderr);
    assert.deepEqual(got.json, config);
    // The deprecated operation's CloudFunctionConfiguration is the same XML on the wire.
    const legacy = await awsCli(server, [
      's3api',
      'put-bucket-notification',
      '--bucket',
      'cfg-cli',
      '--notification-configuration',
      JSON.stringify({
        CloudFunctionConfiguration: {
          Id: 'legacy',
          CloudFunction: fnArn('notified'),
          Events: ['s3:ObjectRemoved:*'],
        },
      }),
    ]);
    assert.equal(legacy.code, 0, legacy.stderr);
    const old = await awsCli(server, ['s3api', 'get-bucket-notification', '--bucket', 'cfg-cli']);
    assert.equal(old.code, 0, old.stderr);
    assert.deepEqual(old.json.CloudFunctionConfiguration, {
      Id: 'legacy',
      Events: ['s3:ObjectRemoved:*'],
      Event: 's3:ObjectRemoved:*',
      CloudFunction: fnArn('notified'),
    });
  });
});

describe('destination validation', () => {
  before(() => s3.send(new CreateBucketCommand({ Bucket: 'validate-me' })));
  const put = (fn: string, extra: Record<string, unknown> = {}) =>
    s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'validate-me',
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [{ LambdaFunctionArn: fnArn(fn), Events: ['s3:ObjectCreated:*'] }],
        },
        ...extra,
      }),
    );
  const notAuthorized = (fn: string) => ({
    ArgumentName1: `${fnArn(fn)}, null`,
    ArgumentValue1: `Not authorized to invoke function [${fnArn(fn)}]`,
  });

  it('refuses a function whose policy does not let S3 invoke it for this bucket', async () => {
    await s3Rejects(
      put('other'),
      'InvalidArgument',
      'Unable to validate the following destination configurations',
      notAuthorized('other'),
    );
    // A permission for another bucket does not help.
    await allowBucket(lambda, 'other', 'some-other-bucket');
    await s3Rejects(
      put('other'),
      'InvalidArgument',
      'Unable to validate the following destination configurations',
      notAuthorized('other'),
    );
  });

  it('refuses a function that does not exist, the same way', async () => {
    await s3Rejects(
      put('ghost'),
      'InvalidArgument',
      'Unable to validate the following destination configurations',
      notAuthorized('ghost'),
    );
  });

  it('names every destination that failed', async () => {
    await s3Rejects(
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: 'validate-me',
          NotificationConfiguration: {
            LambdaFunctionConfigurations: [
              { LambdaFunctionArn: fnArn('ghost'), Events: ['s3:ObjectCreated:*'] },
              { LambdaFunctionArn: fnArn('other'), Events: ['s3:ObjectRemoved:*'] },
            ],
          },
        }),
      ),
      'InvalidArgument',
      'Unable to validate the following destination configurations',
      {
        ArgumentName1: `${fnArn('ghost')}, null`,
        ArgumentName2: `${fnArn('other')}, null`,
        ArgumentValue2: `Not authorized to invoke function [${fnArn('other')}]`,
      },
    );
  });

  it('x-amz-skip-destination-validation stores it anyway', async () => {
    await put('ghost', { SkipDestinationValidation: true });
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'validate-me' }));
    assert.equal(got.LambdaFunctionConfigurations![0]!.LambdaFunctionArn, fnArn('ghost'));
  });

  it('accepts the function once AddPermission names the bucket', async () => {
    await allowBucket(lambda, 'other', 'validate-me');
    await put('other');
  });

  it('shows the refusal through the aws CLI', async () => {
    const out = await awsCli(server, [
      's3api',
      'put-bucket-notification-configuration',
      '--bucket',
      'validate-me',
      '--notification-configuration',
      JSON.stringify({
        LambdaFunctionConfigurations: [{ LambdaFunctionArn: fnArn('ghost'), Events: ['s3:ObjectCreated:*'] }],
      }),
    ]);
    assert.equal(out.code, 254);
    assert.match(
      out.stderr,
      /An error occurred \(InvalidArgument\) when calling the PutBucketNotificationConfiguration operation.*?: Unable to validate the following destination configurations/,
    );
  });
});

describe('configuration checks', () => {
  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'overlaps' }));
    await allowBucket(lambda, 'notified', 'overlaps');
  });
  type Rule = { Name: 'prefix' | 'suffix'; Value: string };
  const config = (...rules: Array<{ events: string[]; filter?: Rule[] }>) =>
    s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'overlaps',
        NotificationConfiguration: {
          LambdaFunctionConfigurations: rules.map((r) => ({
            LambdaFunctionArn: fnArn('notified'),
            Events: r.events as any,
            ...(r.filter ? { Filter: { Key: { FilterRules: r.filter } } } : {}),
          })),
        },
      }),
    );
  const OVERLAP =
    'Configurations overlap. Configurations on the same bucket cannot share a common event type.';
  const AMBIGUOUS =
    'Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.';

  it('refuses two unfiltered configurations sharing an event type', async () => {
    await s3Rejects(
      config({ events: ['s3:ObjectCreated:*'] }, { events: ['s3:ObjectCreated:Put'] }),
      'InvalidArgument',
      OVERLAP,
      { ArgumentName: 'Event', ArgumentValue: 's3:ObjectCreated:*, s3:ObjectCreated:Put' },
    );
    await s3Rejects(
      config({ events: ['s3:ObjectCreated:Put'] }, { events: ['s3:ObjectCreated:Put'] }),
      'InvalidArgument',
      OVERLAP,
      { ArgumentName: 'Event', ArgumentValue: 's3:ObjectCreated:Put, s3:ObjectCreated:Put' },
    );
  });

  it('refuses overlapping prefixes with overlapping suffixes for a shared event type', async () => {
    const p = (v: string): Rule => ({ Name: 'prefix', Value: v });
    const s = (v: string): Rule => ({ Name: 'suffix', Value: v });
    await s3Rejects(
      config(
        { events: ['s3:ObjectCreated:*'], filter: [p('images/')] },
        { events: ['s3:ObjectCreated:Put'], filter: [p('images/thumbs/')] },
      ),
      'InvalidArgument',
      AMBIGUOUS,
    );
    await s3Rejects(
      config(
        { events: ['s3:ObjectCreated:*'], filter: [s('.jpg')] },
        { events: ['s3:ObjectCreated:*'], filter: [p('a/'), s('.jpg')] },
      ),
      'InvalidArgument',
      AMBIGUOUS,
    );
  });

  it('accepts disjoint prefixes, disjoint suffixes, or different event types', async () => {
    const p = (v: string): Rule => ({ Name: 'prefix', Value: v });
    const s = (v: string): Rule => ({ Name: 'suffix', Value: v });
    await config(
      { events: ['s3:ObjectCreated:*'], filter: [p('images/')] },
      { events: ['s3:ObjectCreated:*'], filter: [p('docs/')] },
    );
    await config(
      { events: ['s3:ObjectCreated:*'], filter: [p('images/'), s('.jpg')] },
      { events: ['s3:ObjectCreated:*'], filter: [p('images/'), s('.png')] },
    );
    await config({ events: ['s3:ObjectCreated:*'] }, { events: ['s3:ObjectRemoved:*'] });
  });

  it('refuses bad filter rules', async () => {
    await s3Rejects(
      config({
        events: ['s3:ObjectCreated:*'],
        filter: [
          { Name: 'prefix', Value: 'a' },
          { Name: 'prefix', Value: 'b' },
        ],
      }),
      'InvalidArgument',
      'Cannot specify more than one prefix rule in a filter.',
    );
    await s3Rejects(
      config({
        events: ['s3:ObjectCreated:*'],
        filter: [
          { Name: 'suffix', Value: 'a' },
          { Name: 'suffix', Value: 'b' },
        ],
      }),
      'InvalidArgument',
      'Cannot specify more than one suffix rule in a filter.',
    );
    // AWS names the field and the rule name given (LocalStack's AWS-validated snapshot).
    await s3Rejects(
      config({
        events: ['s3:ObjectCreated:*'],
        filter: [{ Name: 'INVALID' as 'prefix', Value: 'does not matter' }],
      }),
      'InvalidArgument',
      'filter rule name must be either prefix or suffix',
      { ArgumentName: 'FilterRule.Name', ArgumentValue: 'INVALID' },
    );
  });

  it('refuses ARNs of another region, and unparseable ones', async () => {
    const put = (arn: string) =>
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: 'overlaps',
          NotificationConfiguration: {
            LambdaFunctionConfigurations: [{ LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*'] }],
          },
        }),
      );
    const west = `arn:aws:lambda:us-west-2:${ACCOUNT}:function:notified`;
    await s3Rejects(
      put(west),
      'InvalidArgument',
      'The notification destination service region is not valid for the bucket location constraint',
      { ArgumentName: 'CloudFunction', ArgumentValue: west },
    );
    await s3Rejects(put('not-an-arn'), 'InvalidArgument', 'The ARN could not be parsed', {
      ArgumentName: 'CloudFunction',
      ArgumentValue: 'not-an-arn',
    });
  });
});

describe('delivery', () => {
  it('sends every object event type the S3 API produces', async () => {
    const bucket = 'events-all';
    await notifiedBucket(s3, lambda, bucket, 'notified');
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: 'hello' }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'b.txt', CopySource: `${bucket}/a.txt` }));
    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'c.bin' }));
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: 'c.bin',
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: 'part',
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'c.bin',
        UploadId: upload.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: 'a.txt',
        Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] },
      }),
    );
    await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'a.txt' }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'b.txt' }));
    // A browser's form upload (POST Object).
    const form = await createPresignedPost(s3, { Bucket: bucket, Key: 'd.txt' });
    const posted = await postForm(form.url, form.fields, { filename: 'd.txt', body: Buffer.from('form') });
    assert.equal(posted.status, 204, posted.body);
    const reports = await sink.waitFor(recordsFor(bucket), 7);
    const seen = reports.map((r) => `${record(r).eventName} ${record(r).s3.object.key}`).sort();
    assert.deepEqual(seen, [
      'ObjectCreated:CompleteMultipartUpload c.bin',
      'ObjectCreated:Copy b.txt',
      'ObjectCreated:Post d.txt',
      'ObjectCreated:Put a.txt',
      'ObjectRemoved:Delete b.txt',
      'ObjectTagging:Delete a.txt',
      'ObjectTagging:Put a.txt',
    ]);
    for (const r of reports) assert.equal(record(r).s3.configurationId, 'to-notified');
    const putRecord = record(reports.find((r) => record(r).eventName === 'ObjectCreated:Put')!);
    assert.equal(putRecord.s3.object.eTag, put.ETag!.replace(/"/g, ''));
    assert.equal(putRecord.eventVersion, '2.1');
    const tagRecord = record(reports.find((r) => record(r).eventName === 'ObjectTagging:Put')!);
    assert.equal(tagRecord.eventVersion, '2.3');
    // Sequencers order a key's events: the tagging came after the put.
    assert.ok(tagRecord.s3.object.sequencer > putRecord.s3.object.sequencer);
  });

  it('writes the event document S3 writes, field by field', async () => {
    const bucket = 'events-doc';
    await notifiedBucket(s3, lambda, bucket, 'notified', ['s3:ObjectCreated:Put']);
    const out = await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'photos/red flower+1.jpg', Body: 'x'.repeat(123) }),
    );
    const [report] = await sink.waitFor(recordsFor(bucket));
    assert.equal(report!.fn, 'notified');
    assert.equal(report!.event.Records.length, 1);
    const r = record(report!);
    assert.match(r.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(r.eventTime) - Date.now()) < 60_000);
    assert.deepEqual(
      { ...r, eventTime: undefined },
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: undefined,
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: ACCOUNT },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: {
          'x-amz-request-id': out.$metadata.requestId,
          'x-amz-id-2': out.$metadata.extendedRequestId,
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'to-notified',
          bucket: { name: bucket, ownerIdentity: { principalId: ACCOUNT }, arn: `arn:aws:s3:::${bucket}` },
          object: {
            key: 'photos/red+flower%2B1.jpg',
            size: 123,
            eTag: out.ETag!.replace(/"/g, ''),
            sequencer: r.s3.object.sequencer,
          },
        },
      },
    );
    assert.match(r.s3.object.sequencer, /^[0-9A-F]+$/);
  });

  it('names the version in versioned buckets, and reports delete markers', async () => {
    const bucket = 'events-versioned';
    await notifiedBucket(s3, lambda, bucket, 'notified');
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'v.txt', Body: 'v1' }));
    const del = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'v.txt' }));
    const reports = await sink.waitFor(recordsFor(bucket), 2);
    const created = record(reports.find((r) => record(r).eventName === 'ObjectCreated:Put')!);
    assert.equal(created.s3.object.versionId, put.VersionId);
    const marker = record(reports.find((r) => record(r).eventName === 'ObjectRemoved:DeleteMarkerCreated')!);
    assert.equal(marker.s3.object.versionId, del.VersionId);
    assert.equal(marker.s3.object.key, 'v.txt');
  });

  it('applies event types and key filters per configuration', async () => {
    const bucket = 'events-filtered';
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await allowBucket(lambda, 'notified', bucket);
    await allowBucket(lambda, 'other', bucket);
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            {
              Id: 'jpgs',
              LambdaFunctionArn: fnArn('notified'),
              Events: ['s3:ObjectCreated:Put'],
              Filter: {
                Key: {
                  FilterRules: [
                    { Name: 'prefix', Value: 'in box/' },
                    { Name: 'suffix', Value: '.jpg' },
                  ],
                },
              },
            },
            { Id: 'removals', LambdaFunctionArn: fnArn('other'), Events: ['s3:ObjectRemoved:Delete'] },
          ],
        },
      }),
    );
    for (const key of ['in box/a.jpg', 'in box/a.png', 'elsewhere/b.jpg', 'in box/c.jpg'])
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'in box/a.png' }));
    const got = await sink.waitFor(recordsFor(bucket), 3);
    const seen = got
      .map((r) => `${r.fn} ${record(r).s3.configurationId} ${record(r).eventName} ${record(r).s3.object.key}`)
      .sort();
    assert.deepEqual(seen, [
      'notified jpgs ObjectCreated:Put in+box/a.jpg',
      'notified jpgs ObjectCreated:Put in+box/c.jpg',
      'other removals ObjectRemoved:Delete in+box/a.png',
    ]);
  });

  it('does not invoke for a bucket whose configuration was removed', async () => {
    const bucket = 'events-off';
    await notifiedBucket(s3, lambda, bucket, 'notified', ['s3:ObjectCreated:*']);
    await s3.send(
      new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: {} }),
    );
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'silent.txt', Body: 'x' }));
    // A marker event for the same function, sent after: the silent event, had it been queued, would
    // have been dispatched first (one queue per function, in commit order).
    await notifiedBucket(s3, lambda, 'events-off-marker', 'notified', ['s3:ObjectCreated:*']);
    await s3.send(new PutObjectCommand({ Bucket: 'events-off-marker', Key: 'marker.txt', Body: 'x' }));
    await sink.waitFor(recordsFor('events-off-marker'));
    assert.equal(sink.reports.filter(recordsFor(bucket)).length, 0);
  });
});
