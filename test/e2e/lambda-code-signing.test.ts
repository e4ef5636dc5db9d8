// Code signing configurations and a function's configuration end to end, through the real Lambda
// client and the AWS CLI: fields and defaults, paging, every error, deletion rules and a restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateCodeSigningConfigCommand,
  DeleteCodeSigningConfigCommand,
  DeleteFunctionCodeSigningConfigCommand,
  DeleteFunctionCommand,
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  LambdaClient,
  ListCodeSigningConfigsCommand,
  ListFunctionsByCodeSigningConfigCommand,
  PutFunctionCodeSigningConfigCommand,
  UpdateCodeSigningConfigCommand,
} from '@aws-sdk/client-lambda';
import { awsCli, startCumulo, type CumuloProcess } from './harness.js';
import { awsError, createFunction } from '../unit/lambda-settings/e2e-helpers.js';

const FN_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';
const CSC_ARN = /^arn:aws:lambda:us-east-1:000000000000:code-signing-config:(csc-[a-z0-9]{17})$/;
/** Lambda's LastModified form (API_CodeSigningConfig: ISO-8601, YYYY-MM-DDThh:mm:ss.sTZD). */
const LAMBDA_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
const PROFILE = 'arn:aws:signer:us-east-1:000000000000:/signing-profiles/cumulo/abcdEFGH12';
const MISSING = 'arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0';

describe('Lambda code signing configurations (e2e)', () => {
  let server: CumuloProcess;
  let client: LambdaClient;
  const create = (extra: { Description?: string; Policy?: 'Warn' | 'Enforce' } = {}) =>
    client.send(
      new CreateCodeSigningConfigCommand({
        AllowedPublishers: { SigningProfileVersionArns: [PROFILE] },
        ...(extra.Description !== undefined ? { Description: extra.Description } : {}),
        ...(extra.Policy ? { CodeSigningPolicies: { UntrustedArtifactOnDeployment: extra.Policy } } : {}),
      }),
    );

  before(async () => {
    server = await startCumulo();
    client = new LambdaClient(server.clientConfig);
    await createFunction(client, 'signed');
    await createFunction(client, 'other');
  });
  after(async () => {
    client?.destroy();
    await server?.dispose();
  });

  it('creates one with AWS defaults, gets and updates it', async () => {
    const created = await create();
    assert.equal(created.$metadata.httpStatusCode, 201);
    const c = created.CodeSigningConfig!;
    const [, id] = CSC_ARN.exec(c.CodeSigningConfigArn!)!;
    assert.equal(c.CodeSigningConfigId, id);
    assert.deepEqual(c.AllowedPublishers, { SigningProfileVersionArns: [PROFILE] });
    assert.deepEqual(c.CodeSigningPolicies, { UntrustedArtifactOnDeployment: 'Warn' });
    assert.match(c.LastModified!, LAMBDA_DATE);

    const got = await client.send(
      new GetCodeSigningConfigCommand({ CodeSigningConfigArn: c.CodeSigningConfigArn }),
    );
    assert.deepEqual(got.CodeSigningConfig, c);

    const updated = await client.send(
      new UpdateCodeSigningConfigCommand({
        CodeSigningConfigArn: c.CodeSigningConfigArn,
        Description: 'release builds',
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
      }),
    );
    assert.equal(updated.CodeSigningConfig!.Description, 'release builds');
    assert.deepEqual(updated.CodeSigningConfig!.AllowedPublishers, { SigningProfileVersionArns: [PROFILE] });
    assert.deepEqual(updated.CodeSigningConfig!.CodeSigningPolicies, {
      UntrustedArtifactOnDeployment: 'Enforce',
    });
    const again = await client.send(
      new GetCodeSigningConfigCommand({ CodeSigningConfigArn: c.CodeSigningConfigArn }),
    );
    assert.deepEqual(again.CodeSigningConfig, updated.CodeSigningConfig);
  });

  it('lists them a page at a time', async () => {
    for (const d of ['p1', 'p2']) await create({ Description: d });
    const all = (await client.send(new ListCodeSigningConfigsCommand({}))).CodeSigningConfigs!;
    assert.ok(all.length >= 3);
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(new ListCodeSigningConfigsCommand({ MaxItems: 1, Marker: marker }));
      assert.equal(page.CodeSigningConfigs!.length, 1);
      seen.push(page.CodeSigningConfigs![0]!.CodeSigningConfigArn!);
      marker = page.NextMarker;
    } while (marker);
    assert.deepEqual(
      seen,
      all.map((c) => c.CodeSigningConfigArn),
    );
  });

  it("refuses what the model does not allow: 1–20 signing profiles, the policy's values", async () => {
    for (const arns of [[], Array.from({ length: 21 }, (_, i) => `${PROFILE}${i}`)]) {
      const e = await awsError(
        client.send(
          new CreateCodeSigningConfigCommand({ AllowedPublishers: { SigningProfileVersionArns: arns } }),
        ),
      );
      assert.equal(e.name, 'ValidationException');
      assert.equal(e.status, 400);
      assert.match(
        e.message,
        /at 'allowedPublishers\.signingProfileVersionArns' failed to satisfy constraint/,
      );
    }
    const e = await awsError(
      client.send(
        new CreateCodeSigningConfigCommand({
          AllowedPublishers: { SigningProfileVersionArns: [PROFILE] },
          CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Block' as never },
        }),
      ),
    );
    assert.equal(e.name, 'ValidationException');
    assert.match(e.message, /Member must satisfy enum value set: \[Warn, Enforce\]/);
  });

  it('answers a configuration that does not exist with ResourceNotFoundException', async () => {
    const expected = {
      name: 'ResourceNotFoundException',
      message: `The Lambda code signing configuration ${MISSING} can not be found.`,
      status: 404,
      // As recorded from AWS: this 404 carries no Type member.
      type: undefined,
    };
    const arg = { CodeSigningConfigArn: MISSING };
    assert.deepEqual(await awsError(client.send(new GetCodeSigningConfigCommand(arg))), expected);
    assert.deepEqual(
      await awsError(client.send(new UpdateCodeSigningConfigCommand({ ...arg, Description: 'x' }))),
      expected,
    );
    assert.deepEqual(await awsError(client.send(new DeleteCodeSigningConfigCommand(arg))), expected);
    assert.deepEqual(await awsError(client.send(new ListFunctionsByCodeSigningConfigCommand(arg))), expected);
  });

  it('attaches one to a function, lists its functions and keeps it while a function uses it', async () => {
    const arn = (await create()).CodeSigningConfig!.CodeSigningConfigArn!;
    const none = await client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'signed' }));
    // As recorded from AWS: an empty 200 for a function without a configuration.
    assert.equal(none.$metadata.httpStatusCode, 200);
    assert.equal(none.CodeSigningConfigArn, undefined);
    assert.equal(none.FunctionName, undefined);

    for (const name of ['signed', `${FN_ARN}other`]) {
      const put = await client.send(
        new PutFunctionCodeSigningConfigCommand({ FunctionName: name, CodeSigningConfigArn: arn }),
      );
      assert.equal(put.CodeSigningConfigArn, arn);
    }
    const got = await client.send(
      new GetFunctionCodeSigningConfigCommand({ FunctionName: `${FN_ARN}signed` }),
    );
    assert.deepEqual([got.CodeSigningConfigArn, got.FunctionName], [arn, 'signed']);

    const page1 = await client.send(
      new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: arn, MaxItems: 1 }),
    );
    assert.deepEqual(page1.FunctionArns, [`${FN_ARN}other`]);
    const page2 = await client.send(
      new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: arn, Marker: page1.NextMarker }),
    );
    assert.deepEqual(page2.FunctionArns, [`${FN_ARN}signed`]);
    assert.equal(page2.NextMarker, undefined);

    const inUse = await awsError(
      client.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: arn })),
    );
    assert.equal(inUse.name, 'ResourceConflictException');
    assert.equal(inUse.status, 409);

    const removed = await client.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: 'signed' }));
    assert.equal(removed.$metadata.httpStatusCode, 204);
    const cleared = await client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'signed' }));
    assert.equal(cleared.CodeSigningConfigArn, undefined);
    // Deleting the function drops its association: the configuration has no users left.
    await client.send(new DeleteFunctionCommand({ FunctionName: 'other' }));
    const left = await client.send(
      new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: arn }),
    );
    assert.deepEqual(left.FunctionArns, []);
    await createFunction(client, 'other');
    const fresh = await client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'other' }));
    assert.equal(fresh.CodeSigningConfigArn, undefined);

    const deleted = await client.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: arn }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    const gone = await awsError(client.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: arn })));
    assert.equal(gone.name, 'ResourceNotFoundException');
  });

  it('answers a missing configuration or function as AWS does', async () => {
    const arn = (await create()).CodeSigningConfig!.CodeSigningConfigArn!;
    assert.deepEqual(
      await awsError(
        client.send(
          new PutFunctionCodeSigningConfigCommand({ FunctionName: 'signed', CodeSigningConfigArn: MISSING }),
        ),
      ),
      {
        name: 'CodeSigningConfigNotFoundException',
        message: `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${MISSING}.`,
        status: 404,
        type: 'User',
      },
    );
    const missingFunction = {
      name: 'ResourceNotFoundException',
      message: `Function not found: ${FN_ARN}nope`,
      status: 404,
      type: 'User',
    };
    assert.deepEqual(
      await awsError(
        client.send(
          new PutFunctionCodeSigningConfigCommand({ FunctionName: 'nope', CodeSigningConfigArn: arn }),
        ),
      ),
      missingFunction,
    );
    assert.deepEqual(
      await awsError(client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'nope' }))),
      missingFunction,
    );
    assert.deepEqual(
      await awsError(client.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: 'nope' }))),
      missingFunction,
    );
  });

  it('puts, gets and deletes a function configuration through the AWS CLI', async () => {
    const arn = (await create()).CodeSigningConfig!.CodeSigningConfigArn!;
    const put = await awsCli(server, [
      'lambda',
      'put-function-code-signing-config',
      '--function-name',
      'signed',
      '--code-signing-config-arn',
      arn,
    ]);
    assert.equal(put.code, 0, put.stderr);
    assert.deepEqual(put.json, { CodeSigningConfigArn: arn, FunctionName: 'signed' });
    const get = await awsCli(server, [
      'lambda',
      'get-function-code-signing-config',
      '--function-name',
      'signed',
    ]);
    assert.equal(get.code, 0, get.stderr);
    assert.deepEqual(get.json, { CodeSigningConfigArn: arn, FunctionName: 'signed' });
    const del = await awsCli(server, [
      'lambda',
      'delete-function-code-signing-config',
      '--function-name',
      'signed',
    ]);
    assert.equal(del.code, 0, del.stderr);
    const empty = await awsCli(server, [
      'lambda',
      'get-function-code-signing-config',
      '--function-name',
      'signed',
    ]);
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.json, undefined); // the CLI prints nothing for AWS's empty answer
    const missing = await awsCli(server, [
      'lambda',
      'get-function-code-signing-config',
      '--function-name',
      'nope',
    ]);
    assert.equal(missing.code, 254);
    assert.match(
      missing.stderr,
      /\(ResourceNotFoundException\) when calling the GetFunctionCodeSigningConfig operation/,
    );
  });

  it('keeps configurations and associations across a restart', async () => {
    const created = (await create({ Description: 'kept', Policy: 'Enforce' })).CodeSigningConfig!;
    await client.send(
      new PutFunctionCodeSigningConfigCommand({
        FunctionName: 'signed',
        CodeSigningConfigArn: created.CodeSigningConfigArn,
      }),
    );
    client.destroy();
    server = await server.restart();
    client = new LambdaClient(server.clientConfig);
    const got = await client.send(
      new GetCodeSigningConfigCommand({ CodeSigningConfigArn: created.CodeSigningConfigArn }),
    );
    assert.deepEqual(got.CodeSigningConfig, created);
    const fn = await client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'signed' }));
    assert.equal(fn.CodeSigningConfigArn, created.CodeSigningConfigArn);
  });
});
