// Node.js functions through createRuntime: handler styles, the context object, the environment,
// and the error documents AWS's Node.js runtime produces.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fixture, json, request, spec, startRuntime } from './helpers.js';

const CJS = fixture('node-cjs');
let rt: Awaited<ReturnType<typeof startRuntime>>;

before(async () => {
  // What the server has must not reach functions.
  process.env.AWS_PROFILE = 'server-profile';
  process.env.CUMULO_SERVER_ONLY = 'server-only';
  rt = await startRuntime({ poolSize: 1 });
});
after(() => rt.close());

test('async CommonJS handler: result, context fields and log lines', async () => {
  const req = request(
    { hello: 'world' },
    {
      clientContext: Buffer.from(JSON.stringify({ custom: { a: 1 }, env: { b: 2 } })).toString('base64'),
      cognitoIdentity: JSON.stringify({ cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' }),
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn:live',
      tailLog: true,
    },
  );
  const res = await rt.runtime.invoke(spec({ handler: 'index.handler', codeDir: CJS, memorySize: 256 }), req);
  assert.equal(res.functionError, undefined);
  const body = json(res.payload);
  assert.deepEqual(body.echo, { hello: 'world' });
  const ctx = body.context;
  assert.equal(ctx.functionName, 'fn');
  assert.equal(ctx.functionVersion, '$LATEST');
  assert.equal(ctx.invokedFunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:fn:live');
  assert.equal(ctx.memoryLimitInMB, '256');
  assert.equal(ctx.awsRequestId, req.requestId);
  assert.equal(ctx.logGroupName, '/aws/lambda/fn');
  assert.match(ctx.logStreamName, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  assert.deepEqual(ctx.identity, { cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' });
  assert.deepEqual(ctx.clientContext, { custom: { a: 1 }, env: { b: 2 } });
  assert.ok(ctx.remaining > 2000 && ctx.remaining <= 3000, String(ctx.remaining));
  assert.equal(ctx.callbackWaitsForEmptyEventLoop, true);
  assert.ok(res.initDurationMs !== undefined && res.initDurationMs > 0);

  const tail = res.logTail ?? '';
  assert.match(tail, new RegExp(`^START RequestId: ${req.requestId} Version: \\$LATEST$`, 'm'));
  assert.match(
    tail,
    new RegExp(
      `^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\t${req.requestId}\\tINFO\\thello from cjs \\{"hello":"world"\\}$`,
      'm',
    ),
  );
  assert.match(tail, new RegExp(`^END RequestId: ${req.requestId}$`, 'm'));
  assert.match(
    tail,
    new RegExp(
      `^REPORT RequestId: ${req.requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 256 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms\\t$`,
      'm',
    ),
  );
});

test('the function sees exactly its environment, nothing of the server', async () => {
  const s = spec({ handler: 'index.env', codeDir: CJS, environment: { MY_VAR: 'mine' } });
  const env = json((await rt.runtime.invoke(s, request({}))).payload) as Record<string, string>;
  assert.equal(env.MY_VAR, 'mine');
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'fn');
  assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
  assert.equal(env.AWS_ACCESS_KEY_ID, 'ASIAFUNCTIONROLE');
  assert.equal(env.AWS_ENDPOINT_URL, 'http://127.0.0.1:4566');
  assert.equal(env.LAMBDA_TASK_ROOT, CJS);
  assert.match(env.AWS_LAMBDA_RUNTIME_API ?? '', /^127\.0\.0\.1:\d+$/);
  assert.equal(env.TMPDIR, env.TMP);
  assert.ok(env.TMPDIR?.startsWith(rt.dataDir));
  assert.equal(env.AWS_PROFILE, undefined);
  assert.equal(env.CUMULO_SERVER_ONLY, undefined);
  assert.equal(env.HOME, undefined);
  // _X_AMZN_TRACE_ID is the runtime's own copy of Lambda-Runtime-Trace-Id.
  assert.match(env._X_AMZN_TRACE_ID ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  const expected = new Set([
    ...Object.keys({ MY_VAR: 1 }),
    '_HANDLER',
    '_X_AMZN_TRACE_ID',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_EXECUTION_ENV',
    'AWS_LAMBDA_FUNCTION_NAME',
    'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
    'AWS_LAMBDA_FUNCTION_VERSION',
    'AWS_LAMBDA_INITIALIZATION_TYPE',
    'AWS_LAMBDA_LOG_GROUP_NAME',
    'AWS_LAMBDA_LOG_STREAM_NAME',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_LAMBDA_RUNTIME_API',
    'AWS_ENDPOINT_URL',
    'LAMBDA_TASK_ROOT',
    'LAMBDA_RUNTIME_DIR',
    'TZ',
    'LANG',
    'PATH',
    'LD_LIBRARY_PATH',
    'NODE_PATH',
    'TMPDIR',
    'TMP',
    'TEMP',
  ]);
  assert.deepEqual(new Set(Object.keys(env)), expected);
});

test('callback handlers, with and without waiting for the empty event loop', async () => {
  const cb = await rt.runtime.invoke(spec({ handler: 'index.callback', codeDir: CJS }), request({ n: 1 }));
  assert.deepEqual(json(cb.payload), { via: 'callback', event: { n: 1 } });

  const waits = await rt.runtime.invoke(
    spec({ handler: 'index.callbackWaits', codeDir: CJS }),
    request({}, { tailLog: true }),
  );
  assert.equal(json(waits.payload), 'waited');
  // The timer set before callback() ran before the response went out.
  assert.match(waits.logTail ?? '', /INFO\ttimer after callback/);
  assert.ok(waits.durationMs >= 45, String(waits.durationMs));

  const noWait = await rt.runtime.invoke(
    spec({ handler: 'index.callbackNoWait', codeDir: CJS }),
    request({}),
  );
  assert.equal(json(noWait.payload), 'no wait');
  assert.ok(noWait.durationMs < 1500, String(noWait.durationMs));
});

test('ES modules: nested path under "type":"module" and .mjs, both importing the preinstalled SDK', async () => {
  const esm = await rt.runtime.invoke(
    spec({ handler: 'src/app.handler', codeDir: fixture('node-esm') }),
    request({ x: 1 }),
  );
  assert.equal(esm.functionError, undefined, esm.payload.toString());
  assert.equal(json(esm.payload).module, 'esm');
  assert.equal(json(esm.payload).sdk, 'function');

  const mjs = await rt.runtime.invoke(
    spec({ handler: 'index.handler', codeDir: fixture('node-esm-mjs') }),
    request({}),
  );
  assert.deepEqual(json(mjs.payload), { module: 'mjs', sdk: 'function' });

  const cjsSdk = await rt.runtime.invoke(spec({ handler: 'index.sdk', codeDir: CJS }), request({}));
  assert.equal(json(cjsSdk.payload), 'function');
});

test('an ES module outside any directory that reaches the SDK still imports it (resolution fallback)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cumulo-esm-outside-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'index.mjs'),
      "import { LambdaClient } from '@aws-sdk/client-lambda';\nexport const handler = async () => typeof LambdaClient;\n",
    );
    const res = await rt.runtime.invoke(spec({ handler: 'index.handler', codeDir: dir }), request({}));
    assert.equal(res.functionError, undefined, res.payload.toString());
    assert.equal(json(res.payload), 'function');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a thrown error becomes {errorType, errorMessage, trace} and an "Invoke Error" log line', async () => {
  const req = request({}, { tailLog: true });
  const res = await rt.runtime.invoke(spec({ handler: 'index.fails', codeDir: CJS }), req);
  assert.equal(res.functionError, 'Unhandled');
  const doc = json(res.payload);
  assert.equal(doc.errorType, 'TypeError');
  assert.equal(doc.errorMessage, 'something broke');
  assert.equal(doc.trace[0], 'TypeError: something broke');
  assert.match(
    res.logTail ?? '',
    new RegExp(
      `\\t${req.requestId}\\tERROR\\tInvoke Error \\t\\{"errorType":"TypeError","errorMessage":"something broke"`,
    ),
  );

  const cb = await rt.runtime.invoke(spec({ handler: 'index.callbackError', codeDir: CJS }), request({}));
  assert.equal(cb.functionError, 'Unhandled');
  assert.equal(json(cb.payload).errorMessage, 'callback failure');
});

test('the environment survives a handler error and serves the next invocation', async () => {
  const s = spec({ handler: 'index.fails', codeDir: CJS, configKey: 'survives' });
  await rt.runtime.invoke(s, request({}));
  const again = await rt.runtime.invoke(s, request({}));
  assert.equal(json(again.payload).errorType, 'TypeError');
  assert.equal(again.initDurationMs, undefined);
});

test('console methods log at their levels; multi-line messages stay one line', async () => {
  const req = request({}, { tailLog: true });
  const res = await rt.runtime.invoke(spec({ handler: 'index.multiline', codeDir: CJS }), req);
  assert.match(res.logTail ?? '', new RegExp(`\\t${req.requestId}\\tERROR\\tline one\\rline two\\n`));
  assert.match(res.logTail ?? '', new RegExp(`\\t${req.requestId}\\tWARN\\twarned\\n`));
});

test('init errors: module not found, handler not found, not a function, syntax error, init throw', async () => {
  const cases: Array<[string, string, string, RegExp]> = [
    [
      CJS,
      'nothere.handler',
      'Runtime.ImportModuleError',
      /^Error: Cannot find module 'nothere'\nRequire stack:/,
    ],
    [CJS, 'index.missing', 'Runtime.HandlerNotFound', /^index\.missing is undefined or not exported$/],
    [CJS, 'index.notAFunction', 'Runtime.HandlerNotFound', /^index\.notAFunction is not a function$/],
    [CJS, 'index', 'Runtime.MalformedHandlerName', /^Bad handler$/],
    [fixture('node-errors'), 'throws.handler', 'Error', /^init went wrong$/],
    [
      fixture('node-errors'),
      'imports.handler',
      'Runtime.ImportModuleError',
      /Cannot find module 'this-package-does-not-exist'/,
    ],
  ];
  for (const [codeDir, handler, errorType, message] of cases) {
    const req = request({}, { tailLog: true });
    const res = await rt.runtime.invoke(spec({ handler, codeDir }), req);
    assert.equal(res.functionError, 'Unhandled', handler);
    const doc = json(res.payload);
    assert.equal(doc.errorType, errorType, handler);
    assert.match(doc.errorMessage, message, handler);
    assert.ok(Array.isArray(doc.trace), handler);
    const tail = res.logTail ?? '';
    assert.match(tail, /\tundefined\tERROR\tUncaught Exception \t\{"errorType":/, handler);
    assert.match(
      tail,
      new RegExp(
        `^INIT_REPORT Init Duration: \\d+\\.\\d\\d ms\\tPhase: init\\tStatus: error\\tError Type: ${errorType.replace('.', '\\.')}$`,
        'm',
      ),
    );
    assert.match(
      tail,
      new RegExp(
        `REPORT RequestId: ${req.requestId}.*\\tStatus: error\\tError Type: ${errorType.replace('.', '\\.')}\\t`,
      ),
    );
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cumulo-syntax-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"commonjs"}');
  fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async () => { return { a: 1 ; };\n');
  try {
    const res = await rt.runtime.invoke(spec({ handler: 'index.handler', codeDir: dir }), request({}));
    const doc = json(res.payload);
    assert.equal(doc.errorType, 'Runtime.UserCodeSyntaxError');
    assert.match(doc.errorMessage, /^SyntaxError: /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('process.exit during an invocation is Runtime.ExitError', async () => {
  const req = request({}, { tailLog: true });
  const res = await rt.runtime.invoke(spec({ handler: 'index.exit', codeDir: CJS }), req);
  assert.equal(res.functionError, 'Unhandled');
  assert.deepEqual(json(res.payload), {
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: exit status 1`,
  });
  assert.match(res.logTail ?? '', /\tStatus: error\tError Type: Runtime\.ExitError\t\n/);
  assert.match(
    res.logTail ?? '',
    new RegExp(
      `RequestId: ${req.requestId} Error: Runtime exited with error: exit status 1\\nRuntime\\.ExitError\\n$`,
    ),
  );
});
