// Loads the handler named by _HANDLER ("src/app.handler") from the task root, as AWS's Node.js
// runtime does (aws-lambda-nodejs-runtime-interface-client, UserFunction.js): CommonJS .js/.cjs
// through require, ES modules (.mjs, or .js under "type":"module") through import, then Node's own
// resolution from the task root. Failures become Runtime.* errors with AWS's messages.
import fs from 'node:fs';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HandlerNotFound, ImportModuleError, MalformedHandlerName, UserCodeSyntaxError } from './errors.mjs';

const require = createRequire(import.meta.url);
const FUNCTION_EXPR = /^([^.]*)\.(.*)$/;
let esmFallbackRegistered = false;

/**
 * Lets ES modules resolve the preinstalled SDK where Node's own resolution would not find it.
 * Registering spins up a loader thread that every later import goes through, so only code
 * outside a directory that reaches the SDK by itself gets it (Cumulo links the SDK into its data
 * dir, where function code lives).
 */
export function ensureEsmFallback(taskRoot) {
  if (esmFallbackRegistered) return;
  esmFallbackRegistered = true;
  const runtimeDir = process.env.LAMBDA_RUNTIME_DIR;
  if (!runtimeDir || reachesSdk(taskRoot, path.join(runtimeDir, 'node_modules', '@aws-sdk'))) return;
  const fallbackParent = pathToFileURL(path.join(runtimeDir, 'node_modules', 'index.js')).href;
  register('./esm-fallback-hooks.mjs', import.meta.url, { data: { fallbackParent } });
}

/** True when a node_modules/@aws-sdk on the way up from dir is the runtime's (or there is none to offer). */
function reachesSdk(dir, runtimeSdk) {
  let target;
  try {
    target = fs.realpathSync(runtimeSdk);
  } catch {
    return true;
  }
  for (;;) {
    const candidate = path.join(dir, 'node_modules', '@aws-sdk');
    try {
      if (fs.realpathSync(candidate) === target) return true;
    } catch {
      // not here
    }
    if (path.dirname(dir) === dir) return false;
    dir = path.dirname(dir);
  }
}

function hasTypeModule(folder) {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (dir.endsWith('/node_modules')) return false;
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        return JSON.parse(fs.readFileSync(pj, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

function tryRequire(file) {
  return fs.existsSync(file) ? require(file) : undefined;
}

async function tryImport(file) {
  if (!fs.existsSync(file)) return undefined;
  ensureEsmFallback(path.dirname(file));
  return import(pathToFileURL(file).href);
}

async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  const extensionless = tryRequire(base);
  if (extensionless) return extensionless;
  const typeModule = hasTypeModule(path.dirname(base));
  if (!typeModule) {
    const loaded = tryRequire(base + '.js');
    if (loaded) return loaded;
  }
  const loaded =
    (typeModule && (await tryImport(base + '.js'))) ||
    (await tryImport(base + '.mjs')) ||
    tryRequire(base + '.cjs');
  if (loaded) return loaded;
  return require(require.resolve(moduleName, { paths: [appRoot, moduleRoot] }));
}

export async function loadHandler(appRoot, fullHandlerString) {
  if (fullHandlerString.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = path.basename(fullHandlerString);
  const moduleRoot = fullHandlerString.substring(0, fullHandlerString.indexOf(handlerString));
  const match = handlerString.match(FUNCTION_EXPR);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, handlerPath] = match;

  let app;
  try {
    app = await loadModule(appRoot, moduleRoot, moduleName);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
  const handler = handlerPath.split('.').reduce((obj, key) => obj && obj[key], app);
  if (!handler) throw new HandlerNotFound(`${fullHandlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandlerString} is not a function`);
  return handler;
}
