// What every environment of a runtime shares.
import type { HostPaths } from './function-env.js';
import type { Launcher } from './launcher.js';
import type { LogSink } from './log-sink.js';
import type { ProcessPool } from './pool.js';
import type { RuntimeFamily } from './runtime-family.js';
import type { RuntimeApiServer } from './runtime-api-server.js';

export interface RuntimeContext {
  api: RuntimeApiServer;
  sink: LogSink;
  launcher: Launcher;
  pool: ProcessPool;
  /** Parent of the environments' temp dirs. */
  envsDir: string;
  idleTimeoutMs: number;
  hostPaths(family: RuntimeFamily): HostPaths;
}
