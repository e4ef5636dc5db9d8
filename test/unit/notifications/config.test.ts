// The pure parts of bucket notifications: configuration normalization and its checks, event and key
// matching, key encoding and the event document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeFilterValue,
  destinationsOf,
  normalizeConfiguration,
  type NotificationConfiguration,
} from '../../../src/services/s3/notifications/config.js';
import { encodeEventKey, eventDocument } from '../../../src/services/s3/notifications/event-record.js';
import {
  destinationFires,
  eventCovers,
  eventsOverlap,
} from '../../../src/services/s3/notifications/matching.js';
import type { ObjectEvent } from '../../../src/services/s3/object-events.js';

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:f';

function invalid(fn: () => unknown, message: string, fields: Record<string, string> = {}): void {
  assert.throws(fn, (e: any) => {
    assert.equal(e.code, 'InvalidArgument');
    assert.equal(e.message, message);
    for (const [k, v] of Object.entries(fields)) assert.equal(e.fields[k], v, k);
    return true;
  });
}

const lambda = (events: string[], rules?: Array<{ Name: string; Value: string }>, id?: string) => ({
  ...(id ? { Id: id } : {}),
  LambdaFunctionArn: FN,
  Events: events,
  ...(rules ? { Filter: { Key: { FilterRules: rules } } } : {}),
});

describe('normalizeConfiguration', () => {
  it('generates base64 UUID ids and capitalizes rule names', () => {
    const out = normalizeConfiguration({
      LambdaFunctionConfigurations: [lambda(['s3:ObjectCreated:*'], [{ Name: 'PREFIX', Value: 'a/' }])],
    });
    const c = out.LambdaFunctionConfigurations![0]!;
    assert.match(Buffer.from(c.Id!, 'base64').toString(), /^[0-9a-f-]{36}$/);
    assert.deepEqual(c.Filter, { Key: { FilterRules: [{ Name: 'Prefix', Value: 'a/' }] } });
  });

  it('keeps EventBridgeConfiguration and drops empty lists', () => {
    assert.deepEqual(normalizeConfiguration({ EventBridgeConfiguration: {} }), {
      EventBridgeConfiguration: {},
    });
    assert.deepEqual(normalizeConfiguration({ LambdaFunctionConfigurations: [] }), {});
  });

  it('refuses a configuration without events or destination as malformed XML', () => {
    assert.throws(
      () => normalizeConfiguration({ LambdaFunctionConfigurations: [{ LambdaFunctionArn: FN, Events: [] }] }),
      (e: any) => e.code === 'MalformedXML',
    );
  });

  it('refuses duplicate and overlong ids', () => {
    invalid(
      () =>
        normalizeConfiguration({
          LambdaFunctionConfigurations: [
            lambda(['s3:ObjectCreated:*'], undefined, 'x'),
            lambda(['s3:ObjectRemoved:*'], undefined, 'x'),
          ],
        }),
      'Same ID used for multiple configurations. IDs must be unique.',
    );
    invalid(
      () =>
        normalizeConfiguration({
          LambdaFunctionConfigurations: [lambda(['s3:ObjectCreated:*'], undefined, 'i'.repeat(256))],
        }),
      'ID length exceeded allowed limit of 255',
    );
  });

  it('refuses bad filter rules', () => {
    invalid(
      () =>
        normalizeConfiguration({
          LambdaFunctionConfigurations: [lambda(['s3:ObjectCreated:*'], [{ Name: 'infix', Value: 'a' }])],
        }),
      'filter rule name must be either prefix or suffix',
      { ArgumentName: 'FilterRule.Name', ArgumentValue: 'infix' },
    );
    invalid(
      () =>
        normalizeConfiguration({
          LambdaFunctionConfigurations: [
            lambda(['s3:ObjectCreated:*'], [{ Name: 'suffix', Value: 'x'.repeat(1025) }]),
          ],
        }),
      'Size of filter rule value cannot exceed 1024 bytes in UTF-8 representation',
    );
  });

  it('refuses overlapping event types within one configuration and across them', () => {
    const overlap =
      'Configurations overlap. Configurations on the same bucket cannot share a common event type.';
    invalid(
      () =>
        normalizeConfiguration({
          LambdaFunctionConfigurations: [lambda(['s3:ObjectCreated:*', 's3:ObjectCreated:Put'])],
        }),
      overlap,
      { ArgumentName: 'Event', ArgumentValue: 's3:ObjectCreated:*, s3:ObjectCreated:Put' },
    );
    const config: NotificationConfiguration = {
      QueueConfigurations: [
        { QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q', Events: ['s3:ObjectRemoved:Delete'] },
      ],
      LambdaFunctionConfigurations: [lambda(['s3:ObjectRemoved:*'])],
    };
    // S3 names the two event types: <ArgumentName>Event</ArgumentName>
    // <ArgumentValue>s3:ObjectRemoved:*, s3:ObjectRemoved:*</ArgumentValue> (minio/minio#2472).
    invalid(() => normalizeConfiguration(config), overlap, {
      ArgumentName: 'Event',
      ArgumentValue: 's3:ObjectRemoved:Delete, s3:ObjectRemoved:*',
    });
  });

  it('compares filters decoded: "+" is a space', () => {
    const ambiguous =
      'Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.';
    invalid(
      () =>
        normalizeConfiguration({
          LambdaFunctionConfigurations: [
            lambda(['s3:ObjectCreated:*'], [{ Name: 'prefix', Value: 'my+dir/' }]),
            lambda(['s3:ObjectCreated:*'], [{ Name: 'prefix', Value: 'my%20dir/sub' }]),
          ],
        }),
      ambiguous,
    );
    // Only a filter on one side, and the other has none: still ambiguous (everything overlaps '').
    invalid(
      () =>
        normalizeConfiguration({
          LambdaFunctionConfigurations: [
            lambda(['s3:ObjectCreated:*'], [{ Name: 'suffix', Value: '.jpg' }]),
            lambda(['s3:ObjectCreated:Put']),
          ],
        }),
      ambiguous,
    );
  });
});

describe('matching', () => {
  it('wildcards cover their family only', () => {
    assert.equal(eventCovers('s3:ObjectCreated:*', 's3:ObjectCreated:Put'), true);
    assert.equal(eventCovers('s3:ObjectCreated:*', 's3:ObjectCreated:CompleteMultipartUpload'), true);
    assert.equal(eventCovers('s3:ObjectCreated:Put', 's3:ObjectCreated:Copy'), false);
    assert.equal(eventCovers('s3:ObjectRemoved:*', 's3:ObjectCreated:Put'), false);
    assert.equal(eventCovers('s3:ObjectTagging:*', 's3:ObjectTagging:Delete'), true);
    assert.equal(eventsOverlap(['s3:ObjectCreated:Put'], ['s3:ObjectCreated:*']), true);
    assert.equal(eventsOverlap(['s3:ObjectCreated:Put'], ['s3:ObjectCreated:Post']), false);
  });

  it('fires for matching events and keys', () => {
    const [d] = destinationsOf(
      normalizeConfiguration({
        LambdaFunctionConfigurations: [
          lambda(
            ['s3:ObjectCreated:*', 's3:ObjectRestore:Completed'],
            [
              { Name: 'prefix', Value: 'in+box/' },
              { Name: 'suffix', Value: '%2Ejpg' },
            ],
          ),
        ],
      }),
    );
    assert.equal(destinationFires(d!, 'ObjectCreated:Post', 'in box/a.jpg'), true);
    assert.equal(destinationFires(d!, 'ObjectRestore:Completed', 'in box/a.jpg'), true);
    assert.equal(destinationFires(d!, 'ObjectRestore:Post', 'in box/a.jpg'), false);
    assert.equal(destinationFires(d!, 'ObjectCreated:Put', 'in+box/a.jpg'), false);
    assert.equal(destinationFires(d!, 'ObjectCreated:Put', 'in box/a.png'), false);
    assert.equal(destinationFires(d!, 'ObjectRemoved:Delete', 'in box/a.jpg'), false);
  });

  it('decodes filter values, literally when they do not decode', () => {
    assert.equal(decodeFilterValue('a+b%2Bc'), 'a b+c');
    assert.equal(decodeFilterValue('100%'), '100%');
  });
});

describe('event document', () => {
  it('encodes keys as S3 does', () => {
    assert.equal(encodeEventKey('red flower.jpg'), 'red+flower.jpg');
    assert.equal(encodeEventKey('a+b.jpg'), 'a%2Bb.jpg');
    // As recorded from S3 in aws/aws-sdk-js#837.
    assert.equal(encodeEventKey('test/10:47:07.log'), 'test/10%3A47%3A07.log');
    assert.equal(encodeEventKey('dir/sub dir/x=1&y(2).txt'), 'dir/sub+dir/x%3D1%26y%282%29.txt');
    assert.equal(encodeEventKey('café.png'), 'caf%C3%A9.png');
    assert.equal(encodeEventKey("it's~!*.txt"), 'it%27s%7E%21*.txt');
  });

  const event: ObjectEvent = {
    eventName: 'ObjectRemoved:Delete',
    eventTime: '2024-05-01T10:11:12.345Z',
    accountId: '000000000000',
    region: 'us-east-1',
    bucket: 'b',
    key: 'k 1',
    sequencer: '00000000000000002A',
    requestId: 'REQ1',
    sourceIp: '10.0.0.1',
    principalId: 'AWS:AKIDEXAMPLE',
  };

  it('omits size and eTag when the change has none, and versionId outside versioned buckets', () => {
    const [r] = eventDocument(event, 'cfg').Records;
    assert.deepEqual(r, {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2024-05-01T10:11:12.345Z',
      eventName: 'ObjectRemoved:Delete',
      userIdentity: { principalId: 'AWS:AKIDEXAMPLE' },
      requestParameters: { sourceIPAddress: '10.0.0.1' },
      responseElements: { 'x-amz-request-id': 'REQ1', 'x-amz-id-2': Buffer.from('REQ1').toString('base64') },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'cfg',
        bucket: { name: 'b', ownerIdentity: { principalId: '000000000000' }, arn: 'arn:aws:s3:::b' },
        object: { key: 'k+1', sequencer: '00000000000000002A' },
      },
    });
  });

  it('keeps the order key, size, eTag, versionId, sequencer', () => {
    const [r] = eventDocument(
      { ...event, eventName: 'ObjectCreated:Put', size: 5, eTag: 'abc', versionId: 'v1' },
      'c',
    ).Records;
    assert.deepEqual(Object.keys(r!.s3.object), ['key', 'size', 'eTag', 'versionId', 'sequencer']);
  });
});
