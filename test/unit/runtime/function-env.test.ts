// The function's environment is built from nothing: AWS's defined variables, the user's, and
// Cumulo's endpoint; never the server's own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFunctionEnv, logStreamName, nodeMajor } from '../../../src/runtime/function-env.js';
import { spec } from './helpers.js';

const host = { nodeBinDir: '/opt/node/bin', pythonBinDir: '/usr/bin', runtimeDir: '/data/runtime/nodejs' };
const place = {
  runtimeApi: '127.0.0.1:9001',
  tmpDir: '/data/envs/x',
  logStreamName: '2024/01/01/[$LATEST]abc',
};

test('AWS defined runtime variables', () => {
  const env = buildFunctionEnv(
    spec({ handler: 'index.handler', codeDir: '/code/fn', memorySize: 256, version: '3' }),
    'nodejs',
    place,
    host,
  );
  assert.equal(env._HANDLER, 'index.handler');
  assert.equal(env.AWS_REGION, 'us-east-1');
  assert.equal(env.AWS_DEFAULT_REGION, 'us-east-1');
  assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'fn');
  assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '256');
  assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '3');
  assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
  const provisioned = buildFunctionEnv(
    spec({ handler: 'index.handler', codeDir: '/code/fn', version: '3' }),
    'nodejs',
    place,
    host,
    'provisioned-concurrency',
  );
  assert.equal(provisioned.AWS_LAMBDA_INITIALIZATION_TYPE, 'provisioned-concurrency');
  assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/fn');
  assert.equal(env.AWS_LAMBDA_LOG_STREAM_NAME, '2024/01/01/[$LATEST]abc');
  assert.equal(env.AWS_LAMBDA_RUNTIME_API, '127.0.0.1:9001');
  assert.equal(env.AWS_ACCESS_KEY_ID, 'ASIAFUNCTIONROLE');
  assert.equal(env.AWS_SECRET_ACCESS_KEY, 'role-secret');
  assert.equal(env.AWS_SESSION_TOKEN, 'role-token');
  assert.equal(env.LAMBDA_TASK_ROOT, '/code/fn');
  assert.equal(env.LAMBDA_RUNTIME_DIR, '/data/runtime/nodejs');
  assert.equal(env.TZ, ':UTC');
  assert.equal(env.LANG, 'en_US.UTF-8');
  assert.equal(env.AWS_ENDPOINT_URL, 'http://127.0.0.1:4566');
  assert.equal(env.TMPDIR, '/data/envs/x');
  assert.equal(env.TMP, '/data/envs/x');
  assert.equal(env.TEMP, '/data/envs/x');
  assert.ok(env.PATH?.split(':').includes('/opt/node/bin'));
  assert.equal(env.NODE_PATH, '/data/runtime/nodejs/node_modules:/data/runtime/nodejs:/code/fn');
});

test('layers come first on NODE_PATH, PATH and LD_LIBRARY_PATH, in layer order', () => {
  const env = buildFunctionEnv(
    spec({ handler: 'index.handler', codeDir: '/code/fn', runtime: 'nodejs22.x', layerDirs: ['/l1', '/l2'] }),
    'nodejs',
    place,
    host,
  );
  assert.equal(
    env.NODE_PATH,
    '/l1/nodejs/node22/node_modules:/l2/nodejs/node22/node_modules:/l1/nodejs/node_modules:/l2/nodejs/node_modules:/data/runtime/nodejs/node_modules:/data/runtime/nodejs:/code/fn',
  );
  assert.deepEqual(env.PATH?.split(':').slice(-2), ['/l1/bin', '/l2/bin']);
  assert.ok(env.LD_LIBRARY_PATH?.endsWith(':/l1/lib:/l2/lib'));
});

test('the user may extend unreserved variables but not override reserved ones', () => {
  const env = buildFunctionEnv(
    spec({
      handler: 'index.handler',
      codeDir: '/code/fn',
      environment: { LANG: 'C.UTF-8', MY_SETTING: 'on', AWS_REGION: 'eu-west-1', _HANDLER: 'evil.handler' },
    }),
    'nodejs',
    place,
    host,
  );
  assert.equal(env.LANG, 'C.UTF-8');
  assert.equal(env.MY_SETTING, 'on');
  assert.equal(env.AWS_REGION, 'us-east-1');
  assert.equal(env._HANDLER, 'index.handler');
});

test('no session token without one; OS-only runtimes have no AWS_EXECUTION_ENV; python has no NODE_PATH', () => {
  const s = spec({ handler: 'x', codeDir: '/code/fn', runtime: 'provided.al2023' });
  s.credentials = { accessKeyId: 'AKID', secretAccessKey: 'S' };
  const env = buildFunctionEnv(s, 'provided', place, host);
  assert.equal(env.AWS_SESSION_TOKEN, undefined);
  assert.equal(env.AWS_EXECUTION_ENV, undefined);
  const py = buildFunctionEnv(
    spec({ handler: 'app.handler', codeDir: '/c', runtime: 'python3.12' }),
    'python',
    place,
    host,
  );
  assert.equal(py.NODE_PATH, undefined);
  assert.equal(py.AWS_EXECUTION_ENV, 'AWS_Lambda_python3.12');
});

test("Cumulo's bootstraps are told the Unix socket ('@' for the abstract name's NUL); custom runtimes are not", () => {
  const local = { ...place, runtimeApiSocket: '\0cumulo-runtime-api-1-9001' };
  const fn = (runtime: string) => spec({ handler: 'x.handler', codeDir: '/c', runtime });
  assert.equal(
    buildFunctionEnv(fn('nodejs20.x'), 'nodejs', local, host).CUMULO_RUNTIME_API_SOCKET,
    '@cumulo-runtime-api-1-9001',
  );
  assert.equal(
    buildFunctionEnv(fn('python3.12'), 'python', local, host).CUMULO_RUNTIME_API_SOCKET,
    '@cumulo-runtime-api-1-9001',
  );
  const custom = buildFunctionEnv(fn('provided.al2023'), 'provided', local, host);
  assert.equal(custom.CUMULO_RUNTIME_API_SOCKET, undefined);
  assert.equal(custom.AWS_LAMBDA_RUNTIME_API, '127.0.0.1:9001');
});

test('nothing of the server process leaks', () => {
  const env = buildFunctionEnv(
    spec({ handler: 'index.handler', codeDir: '/code/fn' }),
    'nodejs',
    place,
    host,
  );
  for (const key of ['HOME', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS', 'AWS_PROFILE', 'USER', 'PWD']) {
    assert.equal(env[key], undefined, key);
  }
});

test('log stream names and node versions', () => {
  assert.equal(
    logStreamName('$LATEST', new Date('2024-03-05T10:00:00Z'), '0123456789abcdef0123456789abcdef'),
    '2024/03/05/[$LATEST]0123456789abcdef0123456789abcdef',
  );
  assert.equal(nodeMajor('nodejs18.x'), '18');
  assert.equal(nodeMajor('nodejs22.x'), '22');
});
