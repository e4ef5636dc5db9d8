// Recursion and runtime management configurations, which tools read with every function, through
// @aws-sdk/client-lambda and the aws CLI: AWS's defaults, what a Put sets, per version for runtime
// management, and nothing left behind when the function goes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeleteFunctionCommand,
  GetFunctionRecursionConfigCommand,
  GetRuntimeManagementConfigCommand,
  LambdaClient,
  PublishVersionCommand,
  PutFunctionRecursionConfigCommand,
  PutRuntimeManagementConfigCommand,
} from '@aws-sdk/client-lambda';
import { awsCli, type CumuloProcess } from './harness.js';
import { serverSuite } from './server-suite.js';
import { createFunction } from '../unit/lambda-settings/e2e-helpers.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';
const RUNTIME_VERSION =
  'arn:aws:lambda:us-east-1::runtime:8eeff65f6809a3ce81507fe733fe09b835899b99481ba22fd75b5a7338290ec1';

let server: CumuloProcess;
let lambda: LambdaClient;
serverSuite(
  (s) => ({ lambda: new LambdaClient(s.clientConfig) }),
  (suite) => ({ server, lambda } = suite),
);

describe('function recursion and runtime management configurations', () => {
  it('answers Terminate until a recursion config allows loops', async () => {
    await createFunction(lambda, 'looper');
    const initial = await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'looper' }));
    assert.equal(initial.RecursiveLoop, 'Terminate');
    const put = await lambda.send(
      new PutFunctionRecursionConfigCommand({ FunctionName: 'looper', RecursiveLoop: 'Allow' }),
    );
    assert.equal(put.RecursiveLoop, 'Allow');
    const got = await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: `${ARN}looper` }));
    assert.equal(got.RecursiveLoop, 'Allow');
    await assert.rejects(lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'nope' })), {
      name: 'ResourceNotFoundException',
      message: `Function not found: ${ARN}nope`,
    });
  });

  it('answers Auto until a runtime management config says otherwise, per version', async () => {
    await createFunction(lambda, 'pinned');
    const initial = await lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName: 'pinned' }));
    assert.equal(initial.UpdateRuntimeOn, 'Auto');
    assert.equal(initial.FunctionArn, `${ARN}pinned`);
    assert.equal(initial.RuntimeVersionArn, undefined);

    const put = await lambda.send(
      new PutRuntimeManagementConfigCommand({
        FunctionName: 'pinned',
        UpdateRuntimeOn: 'Manual',
        RuntimeVersionArn: RUNTIME_VERSION,
      }),
    );
    assert.deepEqual(
      [put.UpdateRuntimeOn, put.FunctionArn, put.RuntimeVersionArn],
      ['Manual', `${ARN}pinned`, RUNTIME_VERSION],
    );
    const version = await lambda.send(new PublishVersionCommand({ FunctionName: 'pinned' }));
    const ofVersion = await lambda.send(
      new GetRuntimeManagementConfigCommand({ FunctionName: 'pinned', Qualifier: version.Version }),
    );
    assert.equal(ofVersion.UpdateRuntimeOn, 'Auto');
    assert.equal(ofVersion.FunctionArn, `${ARN}pinned:${version.Version}`);

    const cli = await awsCli(server, [
      'lambda',
      'get-runtime-management-config',
      '--function-name',
      'pinned',
    ]);
    assert.equal(cli.code, 0, cli.stderr);
    // (Debian's CLI model predates FunctionArn in this answer, so the CLI does not print it.)
    assert.equal(cli.json.UpdateRuntimeOn, 'Manual');
    assert.equal(cli.json.RuntimeVersionArn, RUNTIME_VERSION);

    // Both go with their function: a new function of the same name starts from the defaults.
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'pinned' }));
    await createFunction(lambda, 'pinned');
    const fresh = await lambda.send(new GetRuntimeManagementConfigCommand({ FunctionName: 'pinned' }));
    assert.equal(fresh.UpdateRuntimeOn, 'Auto');
  });
});
