// The environment variables a function process sees, built from nothing: the server's own
// environment (its AWS_*, NODE_OPTIONS, NODE_EXTRA_CA_CERTS, credentials) never leaks in.
// Names and values follow AWS's "Defined runtime environment variables"
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
import path from 'node:path';
import type { EnvironmentSpec } from './types.js';
import type { RuntimeFamily } from './runtime-family.js';

export interface HostPaths {
  /** Directory of the node executable (put on PATH, as /var/lang/bin is on AWS). */
  nodeBinDir: string;
  /** Directory of the python executable, when there is one. */
  pythonBinDir?: string;
  /** Cumulo's equivalent of /var/runtime for this family (its node_modules / python libraries). */
  runtimeDir: string;
}

export interface EnvironmentPlace {
  /** host:port of this environment's Runtime API. */
  runtimeApi: string;
  /** The same API on a Unix socket, for Cumulo's own bootstraps (see runtime-api-server.ts). */
  runtimeApiSocket?: string;
  /** The environment's own temp dir (its /tmp). */
  tmpDir: string;
  logStreamName: string;
}

/** The Node.js major version a nodejsNN.x runtime stands for ('nodejs20.x' -> 20). */
export function nodeMajor(runtime: string): string {
  return /^nodejs(\d+)/.exec(runtime)?.[1] ?? '20';
}

/** AWS's log stream name: `2024/01/31/[$LATEST]<32 hex digits>`. */
export function logStreamName(version: string, now: Date, hex32: string): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${d}/[${version}]${hex32}`;
}

/** AWS_LAMBDA_INITIALIZATION_TYPE: how the environment came to be (snap-start is not served). */
export type InitializationType = 'on-demand' | 'provisioned-concurrency';

export function buildFunctionEnv(
  spec: EnvironmentSpec,
  family: RuntimeFamily,
  place: EnvironmentPlace,
  host: HostPaths,
  initializationType: InitializationType = 'on-demand',
): Record<string, string> {
  const taskRoot = spec.codeDir;
  const layers = spec.layerDirs;
  const binDirs = [host.nodeBinDir, host.pythonBinDir].filter((d): d is string => !!d);
  // Unreserved: the user may override these (AWS: "can be extended in your function configuration").
  const base: Record<string, string> = {
    LANG: 'en_US.UTF-8',
    PATH: unique([
      ...binDirs,
      '/usr/local/bin',
      '/usr/bin',
      '/bin',
      ...layers.map((l) => path.join(l, 'bin')),
    ]).join(':'),
    LD_LIBRARY_PATH: [
      '/lib64',
      '/usr/lib64',
      host.runtimeDir,
      path.join(host.runtimeDir, 'lib'),
      taskRoot,
      path.join(taskRoot, 'lib'),
      ...layers.map((l) => path.join(l, 'lib')),
    ].join(':'),
  };
  if (family === 'nodejs') {
    // AWS (nodejs20.x): /opt/nodejs/node20/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task
    const major = nodeMajor(spec.runtime);
    base.NODE_PATH = [
      ...layers.map((l) => path.join(l, 'nodejs', `node${major}`, 'node_modules')),
      ...layers.map((l) => path.join(l, 'nodejs', 'node_modules')),
      path.join(host.runtimeDir, 'node_modules'),
      host.runtimeDir,
      taskRoot,
    ].join(':');
  }
  const reserved: Record<string, string> = {
    _HANDLER: spec.handler,
    AWS_REGION: spec.region,
    AWS_DEFAULT_REGION: spec.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: spec.version,
    AWS_LAMBDA_INITIALIZATION_TYPE: initializationType,
    AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: place.logStreamName,
    AWS_ACCESS_KEY_ID: spec.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: spec.credentials.secretAccessKey,
    AWS_LAMBDA_RUNTIME_API: place.runtimeApi,
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: host.runtimeDir,
    TZ: ':UTC',
    // Not AWS's: points the function's SDK at Cumulo (the SDKs read AWS_ENDPOINT_URL).
    AWS_ENDPOINT_URL: spec.endpointUrl,
    TMPDIR: place.tmpDir,
    TEMP: place.tmpDir,
    TMP: place.tmpDir,
  };
  // Read (and removed from the environment) by Cumulo's Python bootstrap to put the layers'
  // python dirs on sys.path, as /opt/python is on Lambda.
  if (family === 'python' && layers.length > 0) reserved.CUMULO_LAYER_DIRS = layers.join(':');
  // Read and removed from the environment by Cumulo's nodejs and python bootstraps, before any of
  // the function's code runs: a custom runtime (provided.*) knows only AWS_LAMBDA_RUNTIME_API.
  // An environment value cannot hold NUL, so an abstract socket's leading NUL is written '@' (as
  // ss(8) shows them).
  if (family !== 'provided' && place.runtimeApiSocket) {
    reserved.CUMULO_RUNTIME_API_SOCKET = place.runtimeApiSocket.replace(/^\0/, '@');
  }
  if (family === 'provided') delete reserved.AWS_EXECUTION_ENV; // AWS sets none for OS-only runtimes
  if (spec.credentials.sessionToken) reserved.AWS_SESSION_TOKEN = spec.credentials.sessionToken;
  return { ...base, ...spec.environment, ...reserved };
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
