// AddPermission, RemovePermission and GetPolicy through @aws-sdk/client-lambda and `aws lambda
// add-permission`: the policy document, its RevisionId, qualifiers and every error AWS answers
// (texts as recorded against AWS in LocalStack's test_lambda_api snapshots, TestLambdaPermissions).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  LambdaClient,
  PublishVersionCommand,
  RemovePermissionCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const ACCOUNT = '000000000000';
const arn = (name: string, q?: string): string =>
  `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${q === undefined ? '' : `:${q}`}`;

let server: CumuloProcess;
let lambda: LambdaClient;

before(async () => {
  server = await startCumulo();
  lambda = new LambdaClient(server.clientConfig);
});
after(async () => {
  lambda?.destroy();
  await server?.dispose();
});

async function createFunction(name: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: await handlerZip() },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
}

async function rejects(p: Promise<unknown>, name: string, message: string, status: number): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name);
    assert.equal(e.message, message);
    assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

const s3Permission = (name: string, sid = 's3', extra: Record<string, string> = {}) =>
  new AddPermissionCommand({
    FunctionName: name,
    StatementId: sid,
    Action: 'lambda:InvokeFunction',
    Principal: 's3.amazonaws.com',
    SourceArn: 'arn:aws:s3:::photos',
    SourceAccount: ACCOUNT,
    ...extra,
  });

describe('AddPermission and GetPolicy', () => {
  before(() => createFunction('perm-basic'));

  it('adds a statement in AWS form and answers 201 with it', async () => {
    const out = await lambda.send(s3Permission('perm-basic'));
    assert.equal(out.$metadata.httpStatusCode, 201);
    assert.deepEqual(JSON.parse(out.Statement!), {
      Sid: 's3',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: arn('perm-basic'),
      Condition: {
        StringEquals: { 'AWS:SourceAccount': ACCOUNT },
        ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::photos' },
      },
    });
  });

  it('GetPolicy returns the document and the function RevisionId, which each change renews', async () => {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'perm-basic' }));
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'perm-basic' }));
    assert.equal(policy.RevisionId, config.RevisionId);
    const doc = JSON.parse(policy.Policy!);
    assert.equal(doc.Version, '2012-10-17');
    assert.equal(doc.Id, 'default');
    assert.deepEqual(
      doc.Statement.map((s: any) => s.Sid),
      ['s3'],
    );
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: arn('perm-basic'),
        StatementId: 'account',
        Action: 'lambda:InvokeFunction',
        Principal: '111122223333',
      }),
    );
    const after2 = await lambda.send(new GetPolicyCommand({ FunctionName: 'perm-basic' }));
    assert.notEqual(after2.RevisionId, policy.RevisionId);
    const config2 = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'perm-basic' }));
    assert.equal(config2.RevisionId, after2.RevisionId);
    assert.equal(config2.State, 'Active');
    assert.deepEqual(JSON.parse(after2.Policy!).Statement[1], {
      Sid: 'account',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'lambda:InvokeFunction',
      Resource: arn('perm-basic'),
    });
  });

  it('writes every principal form and optional condition as AWS does', async () => {
    await createFunction('perm-fields');
    const add = async (input: Record<string, string>) =>
      JSON.parse(
        (
          await lambda.send(
            new AddPermissionCommand({
              FunctionName: 'perm-fields',
              Action: 'lambda:InvokeFunction',
              ...input,
            } as any),
          )
        ).Statement!,
      );
    assert.deepEqual(await add({ StatementId: 'wildcard', Principal: '*', SourceAccount: ACCOUNT }), {
      Sid: 'wildcard',
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:InvokeFunction',
      Resource: arn('perm-fields'),
      Condition: { StringEquals: { 'AWS:SourceAccount': ACCOUNT } },
    });
    assert.deepEqual(
      (await add({ StatementId: 'user-arn', Principal: 'arn:aws:iam::111122223333:user/alice' })).Principal,
      { AWS: 'arn:aws:iam::111122223333:user/alice' },
    );
    assert.deepEqual(
      await add({
        StatementId: 'urlPermission',
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        FunctionUrlAuthType: 'NONE',
        PrincipalOrgID: 'o-1234567890',
        SourceAccount: ACCOUNT,
        SourceArn: 'arn:aws:s3:::photos',
      }),
      {
        Sid: 'urlPermission',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        Resource: arn('perm-fields'),
        Condition: {
          StringEquals: {
            'lambda:FunctionUrlAuthType': 'NONE',
            'aws:PrincipalOrgID': 'o-1234567890',
            'AWS:SourceAccount': ACCOUNT,
          },
          ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::photos' },
        },
      },
    );
    assert.deepEqual(
      (
        await add({
          StatementId: 'alexa',
          Principal: 'alexa-appkit.amazon.com',
          EventSourceToken: 'amzn1.ask.skill.x',
        })
      ).Condition,
      { StringEquals: { 'lambda:EventSourceToken': 'amzn1.ask.skill.x' } },
    );
  });

  it('keeps policies per qualifier: versions and aliases have their own, with qualified Resources', async () => {
    await createFunction('perm-versions');
    await lambda.send(s3Permission('perm-versions'));
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'perm-versions' }));
    // A new version starts without a policy.
    await rejects(
      lambda.send(new GetPolicyCommand({ FunctionName: 'perm-versions', Qualifier: v1.Version })),
      'ResourceNotFoundException',
      'The resource you requested does not exist.',
      404,
    );
    await lambda.send(s3Permission('perm-versions', 's3', { Qualifier: '1' }));
    const onVersion = await lambda.send(new GetPolicyCommand({ FunctionName: arn('perm-versions', '1') }));
    assert.equal(JSON.parse(onVersion.Policy!).Statement[0].Resource, arn('perm-versions', '1'));
    const v1Config = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'perm-versions', Qualifier: '1' }),
    );
    assert.equal(onVersion.RevisionId, v1Config.RevisionId);

    const alias = await lambda.send(
      new CreateAliasCommand({ FunctionName: 'perm-versions', Name: 'live', FunctionVersion: '1' }),
    );
    await rejects(
      lambda.send(s3Permission('perm-versions', 's3', { Qualifier: 'live', RevisionId: 'stale' })),
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      412,
    );
    await lambda.send(
      s3Permission('perm-versions', 's3', { Qualifier: 'live', RevisionId: alias.RevisionId! }),
    );
    const onAlias = await lambda.send(new GetPolicyCommand({ FunctionName: 'perm-versions:live' }));
    assert.equal(JSON.parse(onAlias.Policy!).Statement[0].Resource, arn('perm-versions', 'live'));
    assert.notEqual(onAlias.RevisionId, alias.RevisionId);
  });

  it('answers AWS errors', async () => {
    await createFunction('perm-errors');
    await lambda.send(s3Permission('perm-errors'));
    await rejects(
      lambda.send(s3Permission('perm-errors')),
      'ResourceConflictException',
      'The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.',
      409,
    );
    await rejects(
      lambda.send(s3Permission('perm-errors', 'other', { RevisionId: 'not-the-revision' })),
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      412,
    );
    await rejects(
      lambda.send(s3Permission('does-not-exist')),
      'ResourceNotFoundException',
      `Function not found: ${arn('does-not-exist')}`,
      404,
    );
    await rejects(
      lambda.send(s3Permission('perm-errors', 'v9', { Qualifier: '9' })),
      'ResourceNotFoundException',
      `Function not found: ${arn('perm-errors', '9')}`,
      404,
    );
    await rejects(
      lambda.send(s3Permission('perm-errors', 'latest', { Qualifier: '$LATEST' })),
      'InvalidParameterValueException',
      'We currently do not support adding policies for $LATEST.',
      400,
    );
    await rejects(
      lambda.send(
        new AddPermissionCommand({
          FunctionName: 'perm-errors',
          StatementId: 'bad',
          Action: 'lambda:InvokeFunction',
          Principal: 'not a principal',
        }),
      ),
      'ValidationException',
      "1 validation error detected: Value 'not a principal' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+",
      400,
    );
    await rejects(
      lambda.send(
        new AddPermissionCommand({
          FunctionName: 'perm-errors',
          StatementId: 'bad',
          Action: 'lambda:InvokeFunction',
          Principal: 'someone',
        }),
      ),
      'InvalidParameterValueException',
      'The provided principal was invalid. Please check the principal and try again.',
      400,
    );
    await rejects(
      lambda.send(new GetPolicyCommand({ FunctionName: 'does-not-exist' })),
      'ResourceNotFoundException',
      `Function not found: ${arn('does-not-exist')}`,
      404,
    );
  });

  it('refuses a policy beyond 20 KB', async () => {
    await createFunction('perm-size');
    let i = 0;
    await assert.rejects(
      (async () => {
        for (;;) await lambda.send(s3Permission('perm-size', `statement-${String(i++).padStart(40, '0')}`));
      })(),
      (e: any) => {
        assert.equal(e.name, 'PolicyLengthExceededException');
        assert.match(e.message, /^The final policy size \(\d+\) is bigger than the limit \(20480\)\.$/);
        return true;
      },
    );
    assert.ok(i > 10);
  });
});

describe('RemovePermission', () => {
  before(() => createFunction('perm-remove'));

  it('removes statements one by one, then the whole policy', async () => {
    await lambda.send(s3Permission('perm-remove', 's3'));
    await lambda.send(s3Permission('perm-remove', 'sqs'));
    await rejects(
      lambda.send(new RemovePermissionCommand({ FunctionName: 'perm-remove', StatementId: 'non-existent' })),
      'ResourceNotFoundException',
      'Statement non-existent is not found in resource policy.',
      404,
    );
    const before = await lambda.send(new GetPolicyCommand({ FunctionName: 'perm-remove' }));
    await rejects(
      lambda.send(
        new RemovePermissionCommand({ FunctionName: 'perm-remove', StatementId: 'sqs', RevisionId: 'stale' }),
      ),
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      412,
    );
    const removed = await lambda.send(
      new RemovePermissionCommand({
        FunctionName: 'perm-remove',
        StatementId: 'sqs',
        RevisionId: before.RevisionId!,
      }),
    );
    assert.equal(removed.$metadata.httpStatusCode, 204);
    const left = await lambda.send(new GetPolicyCommand({ FunctionName: 'perm-remove' }));
    assert.deepEqual(
      JSON.parse(left.Policy!).Statement.map((s: any) => s.Sid),
      ['s3'],
    );
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'perm-remove', StatementId: 's3' }));
    await rejects(
      lambda.send(new GetPolicyCommand({ FunctionName: 'perm-remove' })),
      'ResourceNotFoundException',
      'The resource you requested does not exist.',
      404,
    );
    await rejects(
      lambda.send(new RemovePermissionCommand({ FunctionName: 'perm-remove', StatementId: 's3' })),
      'ResourceNotFoundException',
      'No policy is associated with the given resource.',
      404,
    );
    await rejects(
      lambda.send(new RemovePermissionCommand({ FunctionName: 'does-not-exist', StatementId: 's3' })),
      'ResourceNotFoundException',
      `No policy found for: ${arn('does-not-exist')}`,
      404,
    );
  });

  it('a function created again under the same name starts without a policy', async () => {
    await createFunction('perm-again');
    await lambda.send(s3Permission('perm-again'));
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'perm-again' }));
    await createFunction('perm-again');
    await rejects(
      lambda.send(new GetPolicyCommand({ FunctionName: 'perm-again' })),
      'ResourceNotFoundException',
      'The resource you requested does not exist.',
      404,
    );
    await lambda.send(s3Permission('perm-again'));
  });

  it('policies survive a restart', async () => {
    await createFunction('perm-restart');
    await lambda.send(s3Permission('perm-restart'));
    const before = await lambda.send(new GetPolicyCommand({ FunctionName: 'perm-restart' }));
    server = await server.restart();
    lambda.destroy();
    lambda = new LambdaClient(server.clientConfig);
    const after = await lambda.send(new GetPolicyCommand({ FunctionName: 'perm-restart' }));
    assert.deepEqual(after, { ...before, $metadata: after.$metadata });
  });
});

describe('aws lambda add-permission / get-policy / remove-permission', () => {
  before(() => createFunction('perm-cli'));

  it('adds, reads and removes a permission', async () => {
    const added = await awsCli(server, [
      'lambda',
      'add-permission',
      '--function-name',
      'perm-cli',
      '--statement-id',
      's3invoke',
      '--action',
      'lambda:InvokeFunction',
      '--principal',
      's3.amazonaws.com',
      '--source-arn',
      'arn:aws:s3:::photos',
      '--source-account',
      ACCOUNT,
    ]);
    assert.equal(added.code, 0, added.stderr);
    assert.equal(JSON.parse(added.json.Statement).Sid, 's3invoke');
    const got = await awsCli(server, ['lambda', 'get-policy', '--function-name', 'perm-cli']);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(
      JSON.parse(got.json.Policy).Statement[0].Condition.ArnLike['AWS:SourceArn'],
      'arn:aws:s3:::photos',
    );
    assert.match(got.json.RevisionId, /^[0-9a-f-]{36}$/);
    const removed = await awsCli(server, [
      'lambda',
      'remove-permission',
      '--function-name',
      'perm-cli',
      '--statement-id',
      's3invoke',
    ]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout.trim(), '');
  });

  it('prints AWS errors', async () => {
    const args = ['lambda', 'add-permission', '--function-name', 'perm-cli', '--statement-id', 'dup'];
    const rest = ['--action', 'lambda:InvokeFunction', '--principal', 's3.amazonaws.com'];
    assert.equal((await awsCli(server, [...args, ...rest])).code, 0);
    const dup = await awsCli(server, [...args, ...rest]);
    assert.equal(dup.code, 254);
    assert.match(
      dup.stderr,
      /An error occurred \(ResourceConflictException\) when calling the AddPermission operation.*?: The statement id \(dup\) provided already exists\. Please provide a new statement id, or remove the existing statement\./,
    );
    const missing = await awsCli(server, [
      'lambda',
      'remove-permission',
      '--function-name',
      'perm-cli',
      '--statement-id',
      'nope',
    ]);
    assert.equal(missing.code, 254);
    assert.match(
      missing.stderr,
      /\(ResourceNotFoundException\) when calling the RemovePermission operation.*?: Statement nope is not found in resource policy\./,
    );
    const nofn = await awsCli(server, ['lambda', 'get-policy', '--function-name', 'nofn']);
    assert.equal(nofn.code, 254);
    assert.match(
      nofn.stderr,
      /\(ResourceNotFoundException\) when calling the GetPolicy operation.*?: Function not found/,
    );
  });
});
