// S3 bucket configurations end to end through @aws-sdk/client-s3: what a new bucket answers (S3's
// defaults since 2023, or its not-found errors), put / get / delete of each, S3's validation
// errors, ACLs under Object Ownership, and persistence across a restart and DeleteBucket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketLifecycleCommand,
  DeleteBucketOwnershipControlsCommand,
  DeleteBucketWebsiteCommand,
  DeleteObjectCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAccelerateConfigurationCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketWebsiteCommand,
  GetObjectAclCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  PutBucketAccelerateConfigurationCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketRequestPaymentCommand,
  PutBucketWebsiteCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startCumulo, type CumuloProcess } from './harness.js';
import { pathClient, s3Error } from '../unit/s3/e2e-helpers.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const SSE_S3_DEFAULT = {
  Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
};

describe('S3 bucket configurations (e2e)', () => {
  let server: CumuloProcess;
  let s3: S3Client;
  const B = 'config-bucket';

  before(async () => {
    server = await startCumulo();
    s3 = pathClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: B }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it("answers a new bucket's defaults and S3's not-found errors", async () => {
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: B }));
    assert.deepEqual(enc.ServerSideEncryptionConfiguration, SSE_S3_DEFAULT);
    const own = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: B }));
    assert.deepEqual(own.OwnershipControls, { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket: B }));
    assert.deepEqual(pab.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const acc = await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: B }));
    assert.equal(acc.Status, undefined);
    assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: B }))).Payer, 'BucketOwner');
    assert.equal((await s3.send(new GetBucketLoggingCommand({ Bucket: B }))).LoggingEnabled, undefined);
    const notFound: Array<[Promise<unknown>, string, string]> = [
      [
        s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: B })),
        'NoSuchLifecycleConfiguration',
        'The lifecycle configuration does not exist',
      ],
      [
        s3.send(new GetBucketWebsiteCommand({ Bucket: B })),
        'NoSuchWebsiteConfiguration',
        'The specified bucket does not have a website configuration',
      ],
      [
        s3.send(new GetBucketReplicationCommand({ Bucket: B })),
        'ReplicationConfigurationNotFoundError',
        'The replication configuration was not found',
      ],
      [
        s3.send(new GetObjectLockConfigurationCommand({ Bucket: B })),
        'ObjectLockConfigurationNotFoundError',
        'Object Lock configuration does not exist for this bucket',
      ],
    ];
    for (const [request, code, message] of notFound) {
      const e = await s3Error(request, code, 404);
      assert.equal(e.message, message);
      assert.equal(e.BucketName, B);
    }
    await s3Error(s3.send(new GetBucketEncryptionCommand({ Bucket: 'no-such-config' })), 'NoSuchBucket', 404);
  });

  it('stores default encryption, resets it to SSE-S3 on delete and refuses bad rules', async () => {
    const kms = {
      Rules: [
        { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' as const }, BucketKeyEnabled: true },
      ],
    };
    await s3.send(new PutBucketEncryptionCommand({ Bucket: B, ServerSideEncryptionConfiguration: kms }));
    const got = await s3.send(new GetBucketEncryptionCommand({ Bucket: B }));
    assert.deepEqual(got.ServerSideEncryptionConfiguration, kms);
    const del = await s3.send(new DeleteBucketEncryptionCommand({ Bucket: B }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    const reset = await s3.send(new GetBucketEncryptionCommand({ Bucket: B }));
    assert.deepEqual(reset.ServerSideEncryptionConfiguration, SSE_S3_DEFAULT);
    await s3Error(
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket: B,
          ServerSideEncryptionConfiguration: { Rules: [...kms.Rules, ...SSE_S3_DEFAULT.Rules] as any },
        }),
      ),
      'MalformedXML',
      400,
    );
    const e = await s3Error(
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket: B,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: 'k' } }],
          },
        }),
      ),
      'InvalidArgument',
      400,
    );
    assert.equal(
      e.message,
      'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
    );
    assert.equal(e.ArgumentName, 'ApplyServerSideEncryptionByDefault');
  });

  it('puts, gets and deletes ownership controls and public access blocks', async () => {
    const bucket = 'ownership-bucket';
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      }),
    );
    const own = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    assert.deepEqual(own.OwnershipControls?.Rules, [{ ObjectOwnership: 'ObjectWriter' }]);
    await s3Error(
      s3.send(
        new PutBucketOwnershipControlsCommand({
          Bucket: bucket,
          OwnershipControls: { Rules: [{ ObjectOwnership: 'Nobody' as any }] },
        }),
      ),
      'MalformedXML',
      400,
    );
    await s3.send(new DeleteBucketOwnershipControlsCommand({ Bucket: bucket }));
    const gone = await s3Error(
      s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })),
      'OwnershipControlsNotFoundError',
      404,
    );
    assert.equal(gone.message, 'The bucket ownership controls were not found');

    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: false },
      }),
    );
    const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    assert.deepEqual(pab.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    });
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    const none = await s3Error(
      s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })),
      'NoSuchPublicAccessBlockConfiguration',
      404,
    );
    assert.equal(none.message, 'The public access block configuration was not found');

    const bad = await s3Error(
      s3.send(new CreateBucketCommand({ Bucket: 'bad-ownership', ObjectOwnership: 'Random' as any })),
      'InvalidArgument',
      400,
    );
    assert.equal(bad.message, 'Invalid x-amz-object-ownership header: Random');
    assert.equal(bad.ArgumentName, 'x-amz-object-ownership');
  });

  it('stores acceleration, requester pays and logging, with their validation', async () => {
    await s3.send(
      new PutBucketAccelerateConfigurationCommand({
        Bucket: B,
        AccelerateConfiguration: { Status: 'Enabled' },
      }),
    );
    assert.equal(
      (await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: B }))).Status,
      'Enabled',
    );
    await s3Error(
      s3.send(
        new PutBucketAccelerateConfigurationCommand({
          Bucket: B,
          AccelerateConfiguration: { Status: 'enabled' as any },
        }),
      ),
      'MalformedXML',
      400,
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'dotted.bucket' }));
    const dotted = await s3Error(
      s3.send(
        new PutBucketAccelerateConfigurationCommand({
          Bucket: 'dotted.bucket',
          AccelerateConfiguration: { Status: 'Enabled' },
        }),
      ),
      'InvalidRequest',
      400,
    );
    assert.equal(
      dotted.message,
      'S3 Transfer Acceleration is not supported for buckets with periods (.) in their names',
    );

    await s3.send(
      new PutBucketRequestPaymentCommand({ Bucket: B, RequestPaymentConfiguration: { Payer: 'Requester' } }),
    );
    assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: B }))).Payer, 'Requester');

    const LoggingEnabled = { TargetBucket: 'dotted.bucket', TargetPrefix: 'logs/' };
    await s3.send(new PutBucketLoggingCommand({ Bucket: B, BucketLoggingStatus: { LoggingEnabled } }));
    assert.deepEqual(
      (await s3.send(new GetBucketLoggingCommand({ Bucket: B }))).LoggingEnabled,
      LoggingEnabled,
    );
    const noTarget = await s3Error(
      s3.send(
        new PutBucketLoggingCommand({
          Bucket: B,
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'no-such-target', TargetPrefix: '' } },
        }),
      ),
      'InvalidTargetBucketForLogging',
      400,
    );
    assert.equal(noTarget.message, 'The target bucket for logging does not exist');
    assert.equal(noTarget.TargetBucket, 'no-such-target');
    await s3.send(new PutBucketLoggingCommand({ Bucket: B, BucketLoggingStatus: {} }));
    assert.equal((await s3.send(new GetBucketLoggingCommand({ Bucket: B }))).LoggingEnabled, undefined);
  });

  it('stores, returns and deletes lifecycle rules', async () => {
    const rule = {
      ID: 'expire-tmp',
      Status: 'Enabled' as const,
      Filter: { Prefix: 'tmp/' },
      Expiration: { Days: 7 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 },
    };
    const put = await s3.send(
      new PutBucketLifecycleConfigurationCommand({ Bucket: B, LifecycleConfiguration: { Rules: [rule] } }),
    );
    assert.equal(put.TransitionDefaultMinimumObjectSize, 'all_storage_classes_128K');
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: B }));
    assert.deepEqual(got.Rules, [rule]);
    assert.equal(got.TransitionDefaultMinimumObjectSize, 'all_storage_classes_128K');
    const e = await s3Error(
      s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: B,
          LifecycleConfiguration: { Rules: [{ ID: 'idle', Status: 'Enabled', Filter: {} }] },
        }),
      ),
      'InvalidRequest',
      400,
    );
    assert.equal(e.message, 'At least one action needs to be specified in a rule');
    const dup = await s3Error(
      s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: B,
          LifecycleConfiguration: { Rules: [rule, rule] },
        }),
      ),
      'InvalidArgument',
      400,
    );
    assert.equal(dup.ArgumentName, 'ID');
    // A rule with neither a Filter nor a Prefix, as recorded from S3.
    await s3Error(
      s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: B,
          LifecycleConfiguration: { Rules: [{ ID: 'all', Status: 'Enabled', Expiration: { Days: 7 } }] },
        }),
      ),
      'MalformedXML',
      400,
    );
    assert.deepEqual((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: B }))).Rules, [
      rule,
    ]);
    const del = await s3.send(new DeleteBucketLifecycleCommand({ Bucket: B }));
    assert.equal(del.$metadata.httpStatusCode, 204);
    await s3Error(
      s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: B })),
      'NoSuchLifecycleConfiguration',
      404,
    );
  });

  it('stores, returns and deletes website configurations', async () => {
    const WebsiteConfiguration = {
      IndexDocument: { Suffix: 'index.html' },
      ErrorDocument: { Key: 'error.html' },
      RoutingRules: [
        { Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documents/' } },
      ],
    };
    await s3.send(new PutBucketWebsiteCommand({ Bucket: B, WebsiteConfiguration }));
    const got = await s3.send(new GetBucketWebsiteCommand({ Bucket: B }));
    assert.deepEqual(
      { IndexDocument: got.IndexDocument, ErrorDocument: got.ErrorDocument, RoutingRules: got.RoutingRules },
      WebsiteConfiguration,
    );
    const e = await s3Error(
      s3.send(
        new PutBucketWebsiteCommand({
          Bucket: B,
          WebsiteConfiguration: { ErrorDocument: { Key: 'e.html' } },
        }),
      ),
      'InvalidArgument',
      400,
    );
    assert.equal(
      e.message,
      'A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty',
    );
    assert.equal(e.ArgumentName, 'IndexDocument');
    await s3.send(new DeleteBucketWebsiteCommand({ Bucket: B }));
    await s3Error(s3.send(new GetBucketWebsiteCommand({ Bucket: B })), 'NoSuchWebsiteConfiguration', 404);
  });

  it('refuses ACLs other than the owner’s full control while ACLs are disabled', async () => {
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: B }));
    assert.match(acl.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(acl.Grants, [
      {
        Grantee: { Type: 'CanonicalUser', ID: acl.Owner?.ID, DisplayName: acl.Owner?.DisplayName },
        Permission: 'FULL_CONTROL',
      },
    ]);
    const refused = await s3Error(
      s3.send(new PutBucketAclCommand({ Bucket: B, ACL: 'public-read' })),
      'AccessControlListNotSupported',
      400,
    );
    assert.equal(refused.message, 'The bucket does not allow ACLs');
    await s3.send(new PutBucketAclCommand({ Bucket: B, ACL: 'private' }));
    await s3Error(
      s3.send(new PutObjectCommand({ Bucket: B, Key: 'public', Body: 'x', ACL: 'public-read' })),
      'AccessControlListNotSupported',
      400,
    );
    await s3.send(
      new PutObjectCommand({ Bucket: B, Key: 'owned', Body: 'x', ACL: 'bucket-owner-full-control' }),
    );
    const objectAcl = await s3.send(new GetObjectAclCommand({ Bucket: B, Key: 'owned' }));
    assert.deepEqual(
      objectAcl.Grants?.map((g) => g.Permission),
      ['FULL_CONTROL'],
    );
    const created = await s3Error(
      s3.send(new CreateBucketCommand({ Bucket: 'public-at-birth', ACL: 'public-read' })),
      'InvalidBucketAclWithObjectOwnership',
      400,
    );
    assert.equal(
      created.message,
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    );
  });

  it('stores and returns ACLs of buckets and objects that allow them', async () => {
    const bucket = 'acl-bucket';
    await s3.send(
      new CreateBucketCommand({ Bucket: bucket, ObjectOwnership: 'ObjectWriter', ACL: 'public-read' }),
    );
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: bucket }));
    assert.deepEqual(acl.Grants?.[1], { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v' }));
    const owner = acl.Owner!;
    await s3.send(
      new PutObjectAclCommand({
        Bucket: bucket,
        Key: 'k',
        AccessControlPolicy: {
          Owner: owner,
          Grants: [
            { Grantee: { Type: 'CanonicalUser', ID: owner.ID }, Permission: 'FULL_CONTROL' },
            { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
          ],
        },
      }),
    );
    const objectAcl = await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'k' }));
    assert.deepEqual(objectAcl.Grants, [
      {
        Grantee: { Type: 'CanonicalUser', ID: owner.ID, DisplayName: owner.DisplayName },
        Permission: 'FULL_CONTROL',
      },
      { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
    ]);
    const e = await s3Error(
      s3.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: 'uri="http://example.com/everyone"' })),
      'InvalidArgument',
      400,
    );
    assert.equal(e.message, 'Invalid group uri');
    assert.equal(e.ArgumentValue, 'http://example.com/everyone');
    // Ownership that disables ACLs is refused while the bucket ACL grants others.
    await s3Error(
      s3.send(
        new PutBucketOwnershipControlsCommand({
          Bucket: bucket,
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        }),
      ),
      'InvalidBucketAclWithObjectOwnership',
      400,
    );
  });

  it('keeps configurations across a restart and drops them with the bucket', async () => {
    await s3.send(
      new PutBucketWebsiteCommand({
        Bucket: B,
        WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } },
      }),
    );
    await server.kill();
    server = await server.restart();
    s3.destroy();
    s3 = pathClient(server);
    assert.equal(
      (await s3.send(new GetBucketWebsiteCommand({ Bucket: B }))).IndexDocument?.Suffix,
      'index.html',
    );
    assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: B }))).Payer, 'Requester');
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    assert.ok(Buckets?.some((b) => b.Name === 'acl-bucket'));
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'owned' }));
    await s3.send(new DeleteBucketCommand({ Bucket: B }));
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    await s3Error(s3.send(new GetBucketWebsiteCommand({ Bucket: B })), 'NoSuchWebsiteConfiguration', 404);
    assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: B }))).Payer, 'BucketOwner');
  });
});
