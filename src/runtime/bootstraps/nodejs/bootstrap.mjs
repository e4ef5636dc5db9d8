// Cumulo's bootstrap for the nodejs*.x runtimes. Started directly (the function's environment is
// already in process.env) or as a generic pool process (`--pool`): then it preloads what every
// function needs, waits for one JSON line {env, cwd} on stdin, and becomes that function's runtime.
import { createRequire } from 'node:module';
import process from 'node:process';
import { patchConsole, logError } from './log-patch.mjs';
import { RapidClient } from './rapid-client.mjs';
import { loadHandler } from './user-function.mjs';
import { InvokeLoop } from './invoke-loop.mjs';
import { prewarm } from './prewarm.mjs';
import { UnhandledPromiseRejection, toRapidResponse } from './errors.mjs';
import { awslambda } from './streaming.mjs';

function readLine(stream) {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      text += chunk;
      const nl = text.indexOf('\n');
      if (nl >= 0) {
        stream.pause();
        resolve(text.slice(0, nl));
      }
    });
    stream.on('end', () => reject(new Error('stdin closed before an assignment arrived')));
  });
}

/** Turns this generic process into the function's: its environment, its cwd, its NODE_PATH. */
function assign({ env, cwd }) {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, env);
  process.chdir(cwd);
  createRequire(import.meta.url)('node:module')._initPaths(); // NODE_PATH is read at start-up only
}

if (process.argv.includes('--pool')) {
  await prewarm();
  assign(JSON.parse(await readLine(process.stdin)));
  process.stdin.destroy();
}

globalThis.awslambda = awslambda;

patchConsole();
// Cumulo's, not AWS's: where the same Runtime API is served on a Unix socket; gone before the
// function's code runs.
const runtimeApiSocket = process.env.CUMULO_RUNTIME_API_SOCKET;
delete process.env.CUMULO_RUNTIME_API_SOCKET;
const client = new RapidClient(process.env.AWS_LAMBDA_RUNTIME_API, runtimeApiSocket);
client.preconnect();
const errorCallbacks = {
  uncaughtException: (error) => client.postInitError(toRapidResponse(error)).finally(() => process.exit(129)),
  unhandledRejection: (error) =>
    client.postInitError(toRapidResponse(error)).finally(() => process.exit(128)),
};
process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  errorCallbacks.uncaughtException(error);
});
process.on('unhandledRejection', (reason, promise) => {
  const error = new UnhandledPromiseRejection(reason, promise);
  logError('Unhandled Promise Rejection', error);
  errorCallbacks.unhandledRejection(error);
});

let handler;
try {
  handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? '');
} catch (error) {
  // Init failed (Runtime.ImportModuleError, Runtime.HandlerNotFound, the module threw...).
  logError('Uncaught Exception', error);
  errorCallbacks.uncaughtException(error);
}
if (handler) new InvokeLoop(client, handler, errorCallbacks).schedule();
