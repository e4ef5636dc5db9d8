// Python functions: the handler contract, AWS's error documents and log format, boto3.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test as nodeTest } from 'node:test';
import { HAS_PYTHON, fixture, json, request, spec, startRuntime } from './helpers.js';

const PY = fixture('python');
// Without a python3 on the machine there is nothing to run these on.
const test = (name: string, ...rest: any[]) =>
  nodeTest(name, { skip: !HAS_PYTHON && 'no python3 on this machine' }, rest.at(-1));
let rt: Awaited<ReturnType<typeof startRuntime>>;
const py = (handler: string, extra = {}) => spec({ handler, codeDir: PY, runtime: 'python3.12', ...extra });

before(async () => {
  process.env.CUMULO_SERVER_ONLY = 'server-only';
  rt = await startRuntime({ poolSize: 1 });
});
after(() => rt.close());

test('handler(event, context) with AWS context fields, print and logging lines', async () => {
  const req = request({ a: 1 }, { tailLog: true });
  const res = await rt.runtime.invoke(py('app.handler', { memorySize: 256 }), req);
  assert.equal(res.functionError, undefined, res.payload.toString());
  const body = json(res.payload);
  assert.deepEqual(body.echo, { a: 1 });
  assert.equal(body.context.function_name, 'fn');
  assert.equal(body.context.function_version, '$LATEST');
  assert.equal(body.context.memory_limit_in_mb, '256');
  assert.equal(body.context.aws_request_id, req.requestId);
  assert.equal(body.context.invoked_function_arn, req.invokedFunctionArn);
  assert.equal(body.context.log_group_name, '/aws/lambda/fn');
  assert.ok(body.context.remaining > 2000 && body.context.remaining <= 3000);
  const tail = res.logTail ?? '';
  assert.match(tail, /^hello from python \{"a": 1\}$/m);
  assert.match(
    tail,
    new RegExp(
      `^\\[INFO\\]\\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${req.requestId}\\tlogged at info$`,
      'm',
    ),
  );
  // Warm: same process, module state kept.
  const again = json((await rt.runtime.invoke(py('app.handler', { memorySize: 256 }), request({}))).payload);
  assert.equal(again.pid, body.pid);
  assert.equal(again.invocations, 2);
});

test("the environment is exactly the function's", async () => {
  const env = json(
    (await rt.runtime.invoke(py('app.env', { environment: { MINE: '1' } }), request({}))).payload,
  );
  assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_python3.12');
  assert.equal(env.MINE, '1');
  assert.equal(env.CUMULO_SERVER_ONLY, undefined);
  assert.equal(env.NODE_PATH, undefined);
  assert.equal(env.HOME, undefined);
  assert.equal(env.CUMULO_LAYER_DIRS, undefined);
  assert.equal(env.CUMULO_RUNTIME_API_SOCKET, undefined);
});

test('a raised exception: {errorMessage, errorType, requestId, stackTrace} and an [ERROR] line', async () => {
  const req = request({}, { tailLog: true });
  const res = await rt.runtime.invoke(py('app.fails'), req);
  assert.equal(res.functionError, 'Unhandled');
  const doc = json(res.payload);
  assert.deepEqual(Object.keys(doc), ['errorMessage', 'errorType', 'requestId', 'stackTrace']);
  assert.equal(doc.errorMessage, 'boom at invoke');
  assert.equal(doc.errorType, 'ValueError');
  assert.equal(doc.requestId, req.requestId);
  assert.match(doc.stackTrace[0], /app\.py", line \d+, in fails\n/);
  assert.match(
    res.logTail ?? '',
    /^\[ERROR\] ValueError: boom at invoke\rTraceback \(most recent call last\):\r/m,
  );
});

test('unserializable results are Runtime.MarshalError', async () => {
  const res = await rt.runtime.invoke(py('app.marshal'), request({}));
  const doc = json(res.payload);
  assert.equal(doc.errorType, 'Runtime.MarshalError');
  assert.equal(doc.errorMessage, 'Unable to marshal response: Object of type set is not JSON serializable');
  assert.deepEqual(doc.stackTrace, []);
});

test('init errors: Runtime.ImportModuleError and Runtime.HandlerNotFound', async () => {
  const missing = json((await rt.runtime.invoke(py('broken.handler'), request({}))).payload);
  assert.deepEqual(missing, {
    errorMessage: "Unable to import module 'broken': No module named 'nonexistent_module_xyz'",
    errorType: 'Runtime.ImportModuleError',
    requestId: '',
    stackTrace: [],
  });
  const nohandler = json((await rt.runtime.invoke(py('app.nope'), request({}))).payload);
  assert.equal(nohandler.errorType, 'Runtime.HandlerNotFound');
  assert.equal(nohandler.errorMessage, "Handler 'nope' missing on module 'app'");
});

test('sys.path: task root first, then the standard library, then the runtime libraries', async () => {
  const paths = json((await rt.runtime.invoke(py('app.sys_path'), request({}))).payload) as string[];
  assert.equal(paths[0], PY);
  assert.ok(paths[paths.length - 1]?.startsWith(rt.dataDir));
  assert.ok(!paths.some((p) => p.includes('bootstraps')));
});

test(
  'boto3 is importable where the machine has it',
  { skip: !hasBoto3() && 'no boto3 on this machine' },
  async () => {
    const res = await rt.runtime.invoke(py('app.boto'), request({}));
    assert.equal(res.functionError, undefined, res.payload.toString());
    assert.equal(json(res.payload), 'boto3');
  },
);

function hasBoto3(): boolean {
  return fs.existsSync('/usr/lib/python3/dist-packages/boto3');
}
