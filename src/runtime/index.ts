// createRuntime: Cumulo's execution environments (DESIGN.md principle 3). Each environment is a
// separate OS process speaking the Lambda Runtime API; idle ones are reused for the same
// configuration; a pool of pre-started generic processes hides interpreter start-up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Runtime, RuntimeStats } from './runtime.js';
import type { EnvironmentSpec, InvocationRequest, InvocationResult } from './types.js';
import { Environment } from './environment.js';
import { prepareHost } from './host-setup.js';
import { Launcher } from './launcher.js';
import { FileLogSink, type LogSink } from './log-sink.js';
import { ProcessPool } from './pool.js';
import { treeRssSync } from './process-tree.js';
import { runtimeFamily, type RuntimeFamily } from './runtime-family.js';
import { RuntimeApiServer } from './runtime-api-server.js';
import { ScaleOut } from './scale-out.js';
import { ChangeSignal } from './change-signal.js';
import { CpuIdle } from './cpu-idle.js';
import type { RuntimeContext } from './runtime-context.js';
import { ProvisionedEnvironments, type ProvisionedState, type StartProvisioned } from './provisioned.js';

export type { ProvisionedState, Runtime, RuntimeStats } from './runtime.js';
export type { EnvironmentSpec, InvocationRequest, InvocationResult } from './types.js';
export { FileLogSink, logStreamFile, logGroupDir, type LogSink, type LogLine } from './log-sink.js';

export interface RuntimeOptions {
  /** Cumulo's data dir: environments' temp dirs and (default sink) logs go under it. */
  dataDir: string;
  /** Pre-started generic processes per runtime family (nodejs, python). Default 2. */
  poolSize?: number;
  /** Keep-alive of idle environments. Default 300000 (5 minutes). */
  idleTimeoutMs?: number;
  /** Where log lines go. Default: files under <dataDir>/logs. */
  logSink?: LogSink;
  /**
   * Leave the pool (and the python3 probe) to `runtime.startPool()`: starting interpreters takes
   * CPU a starting server needs itself, so the server starts them once it is listening.
   */
  deferPool?: boolean;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const host = await prepareHost(options.dataDir);
  const envsDir = path.join(options.dataDir, 'runtime', 'envs');
  // Temp dirs of environments that a previous run left behind (it was killed) are garbage.
  await fs.promises.rm(envsDir, { recursive: true, force: true });
  await fs.promises.mkdir(envsDir, { recursive: true });
  const launcher = new Launcher(host);
  const changes = new ChangeSignal();
  const pool = new ProcessPool(launcher, options.poolSize ?? 2, () => changes.fire());
  const startPool = (): void => {
    pool.start(['nodejs']);
    void host.pythonReady().then(() => pool.start(['python']));
  };
  if (!options.deferPool) startPool();
  const ctx: RuntimeContext = {
    api: new RuntimeApiServer(),
    sink: options.logSink ?? new FileLogSink(options.dataDir),
    launcher,
    pool,
    envsDir,
    idleTimeoutMs: options.idleTimeoutMs ?? 300_000,
    hostPaths: (family: RuntimeFamily) => ({
      nodeBinDir: path.dirname(host.nodeExe),
      pythonBinDir: host.pythonExe ? path.dirname(host.pythonExe) : undefined,
      runtimeDir: host.runtimeDirs[family],
    }),
  };
  return new LocalRuntime(ctx, startPool, changes);
}

class LocalRuntime implements Runtime {
  private readonly envs = new Set<Environment>();
  private readonly inFlightByArn = new Map<string, number>();
  /** Environments starting per configuration beyond the eager ones (see scale-out.ts). */
  private readonly starting = new Map<string, number>();
  private readonly cpu = new CpuIdle();
  private readonly scale = new ScaleOut<Environment>(
    Math.max(1, Number(process.env.CUMULO_EAGER_ENVS ?? os.availableParallelism())),
    () => this.cpu.read(),
  );
  private closed = false;
  private readonly provisionedEnvs = new ProvisionedEnvironments((spec, events) =>
    this.startProvisioned(spec, events),
  );

  constructor(
    private readonly ctx: RuntimeContext,
    readonly startPool: () => void,
    private readonly changes: ChangeSignal,
  ) {}

  async invoke(spec: EnvironmentSpec, request: InvocationRequest): Promise<InvocationResult> {
    if (this.closed) throw new Error('runtime is closed');
    const family = runtimeFamily(spec.runtime);
    if (family === 'python') await this.ctx.launcher.host.pythonReady();
    if (!family || !this.ctx.launcher.canRun(family)) {
      throw new Error(`Cumulo cannot run runtime ${spec.runtime} on this machine`);
    }
    this.count(spec.functionArn, 1);
    try {
      let env = this.idle(spec.configKey);
      let claimed = false; // a start counted as starting by the queue (scale-out.ts)
      if (!env) {
        // No idle environment: wait briefly for a busy one when that is expected to be quicker
        // than a cold start (scale-out.ts), else start one as AWS does.
        const live = this.live(spec.configKey);
        const budget = this.scale.waitBudget(spec.configKey, live, this.starting.get(spec.configKey) ?? 0);
        const claimStart = (): boolean => {
          if ((this.starting.get(spec.configKey) ?? 0) > 0) return false;
          this.countStarting(spec.configKey, 1);
          claimed = true;
          return true;
        };
        if (budget > 0) env = await this.scale.wait(spec.configKey, budget, claimStart);
        if (this.closed) throw new Error('runtime is closed');
      }
      if (env) {
        const started = performance.now();
        const result = await env.invoke(request);
        this.scale.record(spec.configKey, false, performance.now() - started);
        return result;
      }
      return await this.coldInvoke(spec, family, request, claimed);
    } finally {
      this.count(spec.functionArn, -1);
    }
  }

  /**
   * Starts an environment for the invocation; past the eager ones it counts as starting until the
   * invocation ends (`claimed`: the queue counted it already).
   */
  private async coldInvoke(
    spec: EnvironmentSpec,
    family: RuntimeFamily,
    request: InvocationRequest,
    claimed: boolean,
  ): Promise<InvocationResult> {
    const key = spec.configKey;
    const counted = claimed || this.live(key) >= this.scale.eagerEnvironments;
    if (counted && !claimed) this.countStarting(key, 1);
    const started = performance.now();
    try {
      const env = await this.create(spec, family);
      const result = await env.invoke(request);
      this.scale.record(key, true, performance.now() - started);
      return result;
    } finally {
      if (counted) this.countStarting(key, -1);
    }
  }

  private countStarting(key: string, delta: number): void {
    const n = (this.starting.get(key) ?? 0) + delta;
    if (n > 0) this.starting.set(key, n);
    else this.starting.delete(key);
  }

  provision(spec: EnvironmentSpec, count: number): void {
    if (!this.closed) this.provisionedEnvs.set(spec, count);
  }

  unprovision(configKey: string): void {
    this.provisionedEnvs.drop(configKey);
  }

  provisioned(configKey: string): ProvisionedState | undefined {
    return this.provisionedEnvs.state(configKey);
  }

  /** Starts one provisioned environment: no invocation waits for it; its init runs at once. */
  private readonly startProvisioned: StartProvisioned = (spec, events) => {
    const family = runtimeFamily(spec.runtime);
    if (!family) return undefined;
    const env = this.track(new Environment(spec, family, this.ctx, true), () => events.gone(env));
    env.onInitialized = () => {
      events.initialized(env);
      this.changes.fire();
    };
    void (async () => {
      if (family === 'python') await this.ctx.launcher.host.pythonReady();
      if (!this.ctx.launcher.canRun(family) || env.retired || this.closed) return env.stop();
      try {
        await env.start();
      } catch {
        return env.stop();
      }
      if (env.startFailed) await env.stop();
    })();
    return env;
  };

  async retire(functionArn: string, keepConfigKey?: string): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const env of this.envs) {
      if (env.spec.functionArn !== functionArn || env.spec.configKey === keepConfigKey) continue;
      // Provisioned environments run a published version: they go with their configuration only.
      if (env.provisioned) continue;
      env.retired = true;
      if (env.state !== 'busy') stopping.push(env.stop());
    }
    await Promise.all(stopping);
  }

  async retireConfig(configKey: string): Promise<void> {
    this.provisionedEnvs.drop(configKey);
    const stopping: Promise<void>[] = [];
    for (const env of this.envs) {
      if (env.spec.configKey !== configKey) continue;
      env.retired = true;
      if (env.state !== 'busy') stopping.push(env.stop());
    }
    await Promise.all(stopping);
  }

  inFlight(functionArn: string): number {
    return this.inFlightByArn.get(functionArn) ?? 0;
  }

  stats(): RuntimeStats {
    const pids = [...this.envs].map((e) => e.pid).filter((p): p is number => !!p);
    pids.push(...this.ctx.pool.pids());
    return {
      environments: this.envs.size,
      busy: [...this.envs].filter((e) => e.state === 'busy').length,
      pooled: this.ctx.pool.count,
      rssBytes: pids.reduce((sum, pid) => sum + treeRssSync(pid), 0),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.provisionedEnvs.close();
    this.scale.releaseAll();
    this.ctx.pool.close();
    await Promise.all([...this.envs].map((e) => e.stop()));
    this.ctx.api.close();
    if (this.ctx.sink instanceof FileLogSink) await this.ctx.sink.close();
  }

  /** An idle environment of the configuration, a provisioned one first (they are there to be used). */
  private idle(configKey: string): Environment | undefined {
    let onDemand: Environment | undefined;
    for (const env of this.envs) {
      if (env.spec.configKey !== configKey || env.state !== 'ready' || env.retired) continue;
      if (env.provisioned) return env;
      onDemand ??= env;
    }
    return onDemand;
  }

  /** Environments of the configuration that are running or starting (none is idle when asked). */
  private live(configKey: string): number {
    let n = 0;
    for (const env of this.envs)
      if (env.spec.configKey === configKey && env.state !== 'dead' && !env.retired) n++;
    return n;
  }

  private async create(spec: EnvironmentSpec, family: RuntimeFamily): Promise<Environment> {
    const env = this.track(new Environment(spec, family, this.ctx));
    env.state = 'busy'; // claimed by this invocation from the start
    try {
      await env.start();
    } catch (err) {
      await env.stop();
      throw err;
    }
    return env;
  }

  /**
   * Counts an environment among the runtime's until it stops (then `gone`). A request waiting for its
   * configuration takes it as soon as it is ready, before anyone else sees it idle.
   */
  private track(env: Environment, gone?: () => void): Environment {
    const key = env.spec.configKey;
    this.envs.add(env);
    env.onStopped = () => {
      this.envs.delete(env);
      this.scale.lost(key);
      gone?.();
      this.changes.fire();
    };
    env.onReady = () => {
      if (this.scale.offer(key, env)) env.state = 'busy';
      this.changes.fire();
    };
    return env;
  }

  nextChange(): Promise<void> {
    return this.changes.next();
  }

  private count(arn: string, delta: number): void {
    const n = (this.inFlightByArn.get(arn) ?? 0) + delta;
    if (n > 0) this.inFlightByArn.set(arn, n);
    else this.inFlightByArn.delete(arn);
    this.changes.fire();
  }
}
