// Deployments to a function with a code signing configuration, end to end. Cumulo has no AWS Signer,
// so every package is unsigned: Enforce refuses new code and layers with AWS's
// CodeVerificationFailedException, Warn lets them through with a warning in the server's log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  LambdaClient,
  PublishLayerVersionCommand,
  UpdateCodeSigningConfigCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { startCumulo, waitFor, type CumuloProcess } from './harness.js';
import { awsError, createFunction, zipOf } from '../unit/lambda-settings/e2e-helpers.js';

const FN_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';
const PROFILE = 'arn:aws:signer:us-east-1:000000000000:/signing-profiles/cumulo/abcdEFGH12';
const MISSING = 'arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0';
const REFUSED =
  'Lambda cannot deploy the function. The function or layer might be signed using a signature that the ' +
  'client is not configured to accept. Check the provided signature for ';

describe('Lambda deployments under code signing (e2e)', () => {
  let server: CumuloProcess;
  let client: LambdaClient;
  let code: Buffer;
  const config = async (policy: 'Warn' | 'Enforce') =>
    (
      await client.send(
        new CreateCodeSigningConfigCommand({
          AllowedPublishers: { SigningProfileVersionArns: [PROFILE] },
          CodeSigningPolicies: { UntrustedArtifactOnDeployment: policy },
        }),
      )
    ).CodeSigningConfig!.CodeSigningConfigArn!;
  const createWith = (name: string, arn: string) =>
    createFunction(client, name, { Code: code, CodeSigningConfigArn: arn });

  before(async () => {
    server = await startCumulo();
    client = new LambdaClient(server.clientConfig);
    code = await zipOf({ 'index.mjs': 'export const handler = async (e) => e;' });
  });
  after(async () => {
    client?.destroy();
    await server?.dispose();
  });

  it('refuses to create a function with unsigned code under Enforce', async () => {
    const arn = await config('Enforce');
    assert.deepEqual(await awsError(createWith('strict', arn)), {
      name: 'CodeVerificationFailedException',
      message: `${REFUSED}strict.`,
      status: 400,
      type: 'User',
    });
    const e = await awsError(client.send(new GetFunctionCommand({ FunctionName: 'strict' })));
    assert.equal(e.name, 'ResourceNotFoundException');
  });

  it('refuses a configuration that does not exist', async () => {
    assert.deepEqual(await awsError(createWith('orphan', MISSING)), {
      name: 'CodeSigningConfigNotFoundException',
      message: `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${MISSING}.`,
      status: 404,
      type: 'User',
    });
  });

  it('deploys under Warn with a warning, then refuses new code and layers once the policy is Enforce', async () => {
    const arn = await config('Warn');
    const created = await createWith('lenient', arn);
    assert.equal(created.$metadata.httpStatusCode, 201);
    const attached = await client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'lenient' }));
    assert.equal(attached.CodeSigningConfigArn, arn);
    await waitFor(
      async () => (server.output().includes('lenient deployed unsigned code') ? true : undefined),
      5_000,
      'the Warn policy to log the unsigned deployment',
    );
    const newCode = await zipOf({ 'index.mjs': 'export const handler = async () => 2;' });
    const updated = await client.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'lenient', ZipFile: newCode }),
    );
    assert.notEqual(updated.CodeSha256, created.CodeSha256);

    await client.send(
      new UpdateCodeSigningConfigCommand({
        CodeSigningConfigArn: arn,
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
      }),
    );
    const refused = {
      name: 'CodeVerificationFailedException',
      message: `${REFUSED}${FN_ARN}lenient.`,
      status: 400,
      type: 'User',
    };
    assert.deepEqual(
      await awsError(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'lenient', ZipFile: code }))),
      refused,
    );
    assert.deepEqual(
      await awsError(
        client.send(new UpdateFunctionCodeCommand({ FunctionName: 'lenient', ZipFile: code, DryRun: true })),
      ),
      refused,
    );
    const fn = await client.send(new GetFunctionCommand({ FunctionName: 'lenient' }));
    assert.equal(fn.Configuration!.CodeSha256, updated.CodeSha256);

    // Publishing a layer is not a deployment to a function; adding it to one is.
    const layer = await client.send(
      new PublishLayerVersionCommand({ LayerName: 'unsigned', Content: { ZipFile: newCode } }),
    );
    assert.equal(layer.Version, 1);
    assert.deepEqual(
      await awsError(
        client.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: 'lenient',
            Layers: [layer.LayerVersionArn!],
          }),
        ),
      ),
      refused,
    );
    // Settings that deploy nothing still change.
    const described = await client.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'lenient', Description: 'still configurable' }),
    );
    assert.equal(described.Description, 'still configurable');
  });
});
