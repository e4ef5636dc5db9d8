// Function URL configurations through @aws-sdk/client-lambda and the AWS CLI: create, get, update,
// list (with paging), delete, AWS's errors for qualifiers, missing functions and duplicates, and the
// configurations going away with their function or alias.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  LambdaClient,
  ListFunctionUrlConfigsCommand,
  PublishVersionCommand,
  UpdateFunctionUrlConfigCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';
const URL_FORM = /^http:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+\/$/;

let server: CumuloProcess;
let lambda: LambdaClient;

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
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 15 }, { FunctionName: name });
}

async function rejects(p: Promise<unknown>, name: string, status: number, message: string): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, status);
    assert.equal(e.message, message);
    return true;
  });
}

before(async () => {
  server = await startCumulo();
  lambda = new LambdaClient(server.clientConfig);
  await createFunction('web');
  await lambda.send(new PublishVersionCommand({ FunctionName: 'web' }));
  await lambda.send(new CreateAliasCommand({ FunctionName: 'web', Name: 'live', FunctionVersion: '1' }));
});

after(async () => {
  lambda?.destroy();
  await server?.dispose();
});

describe('function URL configurations', () => {
  it('creates, gets, updates and deletes the URL of the unqualified function', async () => {
    const created = await lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: 'web',
        AuthType: 'NONE',
        Cors: { AllowOrigins: ['https://example.com'], MaxAge: 60 },
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.match(created.FunctionUrl!, URL_FORM);
    assert.equal(created.FunctionArn, `${ARN}web`);
    assert.equal(created.AuthType, 'NONE');
    assert.equal(created.InvokeMode, undefined, 'AWS answers InvokeMode only when the request names it');
    assert.deepEqual(created.Cors, { AllowOrigins: ['https://example.com'], MaxAge: 60 });
    assert.ok(!Number.isNaN(Date.parse(created.CreationTime!)));

    const got = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web' }));
    assert.equal(got.FunctionUrl, created.FunctionUrl);
    assert.equal(got.CreationTime, created.CreationTime);
    assert.equal(got.LastModifiedTime, created.CreationTime);
    assert.equal(got.InvokeMode, 'BUFFERED');

    const updated = await lambda.send(
      new UpdateFunctionUrlConfigCommand({
        FunctionName: 'web',
        AuthType: 'AWS_IAM',
        InvokeMode: 'RESPONSE_STREAM',
      }),
    );
    assert.equal(updated.FunctionUrl, created.FunctionUrl);
    assert.equal(updated.AuthType, 'AWS_IAM');
    assert.equal(updated.InvokeMode, 'RESPONSE_STREAM');
    assert.deepEqual(updated.Cors, created.Cors, 'settings not named are kept');
    assert.ok(updated.LastModifiedTime! >= created.CreationTime!);

    await rejects(
      lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' })),
      'ResourceConflictException',
      409,
      `Failed to create function url config for [functionArn = ${ARN}web]. Error message:  FunctionUrlConfig exists for this Lambda function`,
    );

    const deleted = await lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'web' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await rejects(
      lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web' })),
      'ResourceNotFoundException',
      404,
      'The resource you requested does not exist.',
    );
    const again = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' }),
    );
    assert.notEqual(again.FunctionUrl, created.FunctionUrl, 'a new URL gets a new address');
    await lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'web' }));
  });

  it('gives an alias its own URL and lists both, page by page', async () => {
    const latest = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' }),
    );
    const live = await lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: `${ARN}web`,
        Qualifier: 'live',
        AuthType: 'AWS_IAM',
      }),
    );
    assert.equal(live.FunctionArn, `${ARN}web:live`);
    assert.notEqual(live.FunctionUrl, latest.FunctionUrl);
    const viaSuffix = await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web:live' }));
    assert.equal(viaSuffix.FunctionUrl, live.FunctionUrl);

    const all = await lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web' }));
    assert.deepEqual(all.FunctionUrlConfigs!.map((c) => c.FunctionArn).sort(), [
      `${ARN}web`,
      `${ARN}web:live`,
    ]);
    assert.equal(all.NextMarker, undefined);
    const first = await lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web', MaxItems: 1 }));
    assert.equal(first.FunctionUrlConfigs!.length, 1);
    assert.ok(first.NextMarker);
    const second = await lambda.send(
      new ListFunctionUrlConfigsCommand({ FunctionName: 'web', MaxItems: 1, Marker: first.NextMarker }),
    );
    assert.equal(second.FunctionUrlConfigs!.length, 1);
    assert.notEqual(second.FunctionUrlConfigs![0]!.FunctionUrl, first.FunctionUrlConfigs![0]!.FunctionUrl);
    assert.equal(second.NextMarker, undefined);
    await lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: 'live' }));
    await lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'web' }));
  });

  it("answers AWS's errors for qualifiers, modes and missing functions", async () => {
    await rejects(
      lambda.send(
        new CreateFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: '$LATEST', AuthType: 'NONE' }),
      ),
      'ValidationException',
      400,
      "1 validation error detected: Value '$LATEST' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)",
    );
    await rejects(
      lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: '1' })),
      'ValidationException',
      400,
      "1 validation error detected: Value '1' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))",
    );
    await rejects(
      lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName: 'web',
          AuthType: 'NONE',
          InvokeMode: 'FAST' as any,
        }),
      ),
      'ValidationException',
      400,
      "1 validation error detected: Value 'FAST' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value set: [RESPONSE_STREAM, BUFFERED]",
    );
    await rejects(
      lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'nope', AuthType: 'NONE' })),
      'ResourceNotFoundException',
      404,
      'Function does not exist',
    );
    await rejects(
      lambda.send(
        new CreateFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: 'v9', AuthType: 'NONE' }),
      ),
      'ResourceNotFoundException',
      404,
      'Function does not exist',
    );
    await rejects(
      lambda.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' })),
      'ResourceNotFoundException',
      404,
      'The resource you requested does not exist.',
    );
    await rejects(
      lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'nope' })),
      'ResourceNotFoundException',
      404,
      'The resource you requested does not exist.',
    );
    await rejects(
      lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'nope' })),
      'ResourceNotFoundException',
      404,
      'Function does not exist',
    );
    await rejects(
      lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'OPEN' as any })),
      'ValidationException',
      400,
      "1 validation error detected: Value 'OPEN' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]",
    );
  });

  it('removes the URLs with their alias and their function', async () => {
    await createFunction('short-lived');
    await lambda.send(new PublishVersionCommand({ FunctionName: 'short-lived' }));
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'short-lived', Name: 'a', FunctionVersion: '1' }),
    );
    await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'short-lived', AuthType: 'NONE' }));
    await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'short-lived', Qualifier: 'a', AuthType: 'NONE' }),
    );
    await lambda.send(new DeleteAliasCommand({ FunctionName: 'short-lived', Name: 'a' }));
    const left = await lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'short-lived' }));
    assert.deepEqual(
      left.FunctionUrlConfigs!.map((c) => c.FunctionArn),
      [`${ARN}short-lived`],
    );
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'short-lived' }));
    await createFunction('short-lived');
    const fresh = await lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'short-lived' }));
    assert.deepEqual(fresh.FunctionUrlConfigs, []);
  });

  it('works through aws lambda create-function-url-config and friends', async () => {
    await createFunction('cli-web');
    const created = await awsCli(server, [
      'lambda',
      'create-function-url-config',
      '--function-name',
      'cli-web',
      '--auth-type',
      'NONE',
      '--cors',
      'AllowOrigins=*,AllowMethods=GET,POST,AllowCredentials=false',
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.json.FunctionUrl, URL_FORM);
    assert.deepEqual(created.json.Cors, {
      AllowOrigins: ['*'],
      AllowMethods: ['GET', 'POST'],
      AllowCredentials: false,
    });
    const got = await awsCli(server, ['lambda', 'get-function-url-config', '--function-name', 'cli-web']);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.json.FunctionUrl, created.json.FunctionUrl);
    const listed = await awsCli(server, [
      'lambda',
      'list-function-url-configs',
      '--function-name',
      'cli-web',
    ]);
    assert.equal(listed.json.FunctionUrlConfigs.length, 1);
    const dup = await awsCli(server, [
      'lambda',
      'create-function-url-config',
      '--function-name',
      'cli-web',
      '--auth-type',
      'NONE',
    ]);
    assert.equal(dup.code, 254);
    assert.match(dup.stderr, /ResourceConflictException/);
    const deleted = await awsCli(server, [
      'lambda',
      'delete-function-url-config',
      '--function-name',
      'cli-web',
    ]);
    assert.equal(deleted.code, 0, deleted.stderr);
  });
});
