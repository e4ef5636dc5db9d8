// provided.*: the function's own bootstrap talks to the Runtime API. The fixture's is plain bash
// over /dev/tcp; another runs AWS's own Node.js runtime interface client when it is installed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fixture, json, request, spec, startRuntime } from './helpers.js';

let rt: Awaited<ReturnType<typeof startRuntime>>;

before(async () => {
  rt = await startRuntime({ poolSize: 0 });
});
after(() => rt.close());

test('a bash bootstrap answers through the Runtime API', async () => {
  const s = spec({ handler: 'echo', codeDir: fixture('provided'), runtime: 'provided.al2023' });
  const req = request({ n: 1 }, { tailLog: true });
  const res = await rt.runtime.invoke(s, req);
  assert.equal(res.functionError, undefined, res.payload.toString());
  assert.deepEqual(json(res.payload), { handler: 'echo', task: fixture('provided'), event: { n: 1 } });
  assert.match(res.logTail ?? '', /^bootstrap started for echo$/m);
  assert.match(res.logTail ?? '', /^event \{"n":1\}$/m);
  const again = await rt.runtime.invoke(s, request({ n: 2 }));
  assert.deepEqual(json(again.payload).event, { n: 2 });
  assert.equal(again.initDurationMs, undefined);
});

test('an error posted by a custom runtime is passed through', async () => {
  const s = spec({ handler: 'fail', codeDir: fixture('provided'), runtime: 'provided.al2' });
  const res = await rt.runtime.invoke(s, request({}));
  assert.equal(res.functionError, 'Unhandled');
  assert.deepEqual(json(res.payload), { errorMessage: 'bash says no', errorType: 'BashError' });
});

test('no bootstrap: Runtime.InvalidEntrypoint', async () => {
  const dir = fixture('provided-missing');
  const req = request({});
  const res = await rt.runtime.invoke(spec({ handler: 'x', codeDir: dir, runtime: 'provided.al2023' }), req);
  assert.equal(res.functionError, 'Unhandled');
  assert.deepEqual(json(res.payload), {
    errorType: 'Runtime.InvalidEntrypoint',
    errorMessage: `RequestId: ${req.requestId} Error: Couldn't find valid bootstrap(s): [${path.join(dir, 'bootstrap')}]`,
  });
});

const ric = findRic();
test(
  "AWS's Node.js runtime interface client (aws-lambda-ric) works against the Runtime API",
  // CI installs it (.ci/install-ric.sh) and must run this test; elsewhere it may be absent.
  { skip: !ric && !process.env.CI && 'aws-lambda-ric is not installed (.ci/install-ric.sh installs it)' },
  async () => {
    const s = spec({
      handler: 'index.handler',
      codeDir: fixture('node-ric'),
      runtime: 'provided.al2',
      environment: { RIC_ENTRY: ric ?? '' },
    });
    const req = request({ from: 'ric' });
    const res = await rt.runtime.invoke(s, req);
    assert.equal(res.functionError, undefined, res.payload.toString());
    assert.deepEqual(json(res.payload), { ric: true, event: { from: 'ric' }, requestId: req.requestId });
  },
);

/** aws-lambda-ric's entry point, from the project or from AWS_LAMBDA_RIC_DIR. */
function findRic(): string | undefined {
  const candidates: string[] = [];
  try {
    candidates.push(
      path.join(
        path.dirname(createRequire(import.meta.url).resolve('aws-lambda-ric/package.json')),
        'bin',
        'index.mjs',
      ),
    );
  } catch {
    // not a dependency
  }
  if (process.env.AWS_LAMBDA_RIC_DIR)
    candidates.push(path.join(process.env.AWS_LAMBDA_RIC_DIR, 'bin', 'index.mjs'));
  return candidates.find((c) => fs.existsSync(c));
}

test('the Runtime API: /next headers and the answers to wrong requests', async () => {
  const s = spec({ handler: 'probe', codeDir: fixture('provided-probe'), runtime: 'provided.al2023' });
  const req = request(
    { probe: 1 },
    {
      clientContext: Buffer.from('{"custom":{"k":"v"}}').toString('base64'),
      cognitoIdentity: '{"cognitoIdentityId":"i","cognitoIdentityPoolId":"p"}',
    },
  );
  const before = Date.now();
  const first = json((await rt.runtime.invoke(s, req)).payload);
  assert.equal(first.nextType, 'application/json');
  assert.deepEqual(first.event, { probe: 1 });
  assert.equal(first.next['lambda-runtime-aws-request-id'], req.requestId);
  assert.equal(first.next['lambda-runtime-invoked-function-arn'], req.invokedFunctionArn);
  assert.equal(first.next['lambda-runtime-client-context'], '{"custom":{"k":"v"}}');
  assert.equal(
    first.next['lambda-runtime-cognito-identity'],
    '{"cognitoIdentityId":"i","cognitoIdentityPoolId":"p"}',
  );
  const deadline = Number(first.next['lambda-runtime-deadline-ms']);
  assert.ok(deadline >= before + 3000 && deadline <= Date.now() + 3000, String(deadline - before));
  assert.match(
    first.next['lambda-runtime-trace-id'],
    /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/,
  );
  assert.deepEqual(first.wrongId, {
    status: 400,
    body: '{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}',
    type: 'application/json',
  });
  assert.equal(first.unknownPath.status, 404);

  const second = json((await rt.runtime.invoke(s, request({ probe: 2 }))).payload);
  assert.deepEqual(second.previous.accepted, {
    status: 202,
    body: '{"status":"OK"}',
    type: 'application/json',
  });
  assert.equal(second.previous.again.status, 403);
  assert.equal(JSON.parse(second.previous.again.body).errorType, 'InvalidStateTransition');
});

test('a bootstrap that is not executable: Runtime.InvalidEntrypoint, permission denied', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cumulo-noexec-'));
  fs.writeFileSync(path.join(dir, 'bootstrap'), '#!/bin/sh\necho hi\n', { mode: 0o644 });
  try {
    const req = request({});
    const res = await rt.runtime.invoke(
      spec({ handler: 'x', codeDir: dir, runtime: 'provided.al2023' }),
      req,
    );
    assert.equal(res.functionError, 'Unhandled');
    assert.deepEqual(json(res.payload), {
      errorType: 'Runtime.InvalidEntrypoint',
      errorMessage: `RequestId: ${req.requestId} Error: fork/exec ${path.join(dir, 'bootstrap')}: permission denied`,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
