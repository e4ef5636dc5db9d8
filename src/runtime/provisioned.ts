// Provisioned concurrency on the runtime's side: per configuration, a number of environments
// started ahead of any invocation and kept ready (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html).
// They run their init at once (AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency), are never
// stopped for idleness, and one that dies after its init is replaced. One whose init fails is not
// retried: the configuration is FAILED (AWS's StatusReason FUNCTION_ERROR_INIT_FAILURE) until it
// is provisioned again.
import type { Environment } from './environment.js';
import type { EnvironmentSpec } from './types.js';

/** What the Lambda service reads back: how many environments are initialized of how many asked for. */
export interface ProvisionedState {
  requested: number;
  /** Environments whose init has completed and that are alive (idle or busy). */
  initialized: number;
  /** Why provisioning stopped (an environment's init failed); unset while it goes on or is done. */
  failure?: string;
}

export const INIT_FAILURE = 'FUNCTION_ERROR_INIT_FAILURE';

interface Pool {
  spec: EnvironmentSpec;
  requested: number;
  starting: Set<Environment>;
  initialized: Set<Environment>;
  failure?: string;
}

/** Starts one provisioned environment; the callbacks tell how its init ended and when it is gone. */
export type StartProvisioned = (
  spec: EnvironmentSpec,
  events: { initialized(env: Environment): void; gone(env: Environment): void },
) => Environment | undefined;

export class ProvisionedEnvironments {
  private readonly pools = new Map<string, Pool>();
  private closed = false;

  constructor(private readonly start: StartProvisioned) {}

  /** Asks for `count` environments of the configuration (replacing an earlier count; 0 drops them). */
  set(spec: EnvironmentSpec, count: number): void {
    if (count <= 0) return this.drop(spec.configKey);
    let pool = this.pools.get(spec.configKey);
    if (!pool) {
      pool = { spec, requested: count, starting: new Set(), initialized: new Set() };
      this.pools.set(spec.configKey, pool);
    }
    pool.spec = spec;
    pool.requested = count;
    pool.failure = undefined; // asked again: a failed configuration gets another try, as a new Put on AWS
    this.fill(pool);
    this.trim(pool);
  }

  /** Retires the configuration's provisioned environments (busy ones after their invocation). */
  drop(configKey: string): void {
    const pool = this.pools.get(configKey);
    if (!pool) return;
    this.pools.delete(configKey);
    for (const env of [...pool.starting, ...pool.initialized]) retire(env);
  }

  state(configKey: string): ProvisionedState | undefined {
    const pool = this.pools.get(configKey);
    if (!pool) return undefined;
    const state: ProvisionedState = { requested: pool.requested, initialized: pool.initialized.size };
    if (pool.failure !== undefined) state.failure = pool.failure;
    return state;
  }

  close(): void {
    this.closed = true;
    this.pools.clear();
  }

  private fill(pool: Pool): void {
    while (!this.closed && pool.failure === undefined && live(pool) < pool.requested) {
      const env = this.start(pool.spec, {
        initialized: (e) => {
          if (!pool.starting.delete(e)) return;
          pool.initialized.add(e);
          this.trim(pool);
        },
        gone: (e) => this.gone(pool, e),
      });
      if (!env) {
        pool.failure = INIT_FAILURE;
        return;
      }
      pool.starting.add(env);
    }
  }

  /** A lowered count retires the surplus, environments still starting first. */
  private trim(pool: Pool): void {
    for (const set of [pool.starting, pool.initialized]) {
      for (const env of [...set]) {
        if (live(pool) <= pool.requested) return;
        set.delete(env);
        retire(env);
      }
    }
  }

  private gone(pool: Pool, env: Environment): void {
    if (pool.starting.delete(env)) {
      // Died before its init completed: the function cannot start.
      if (this.pools.get(pool.spec.configKey) === pool) pool.failure = INIT_FAILURE;
      return;
    }
    // Died after its init (a crash, a timeout, out of memory): another takes its place.
    if (pool.initialized.delete(env) && this.pools.get(pool.spec.configKey) === pool) this.fill(pool);
  }
}

function live(pool: Pool): number {
  return pool.starting.size + pool.initialized.size;
}

function retire(env: Environment): void {
  env.retired = true;
  if (env.state !== 'busy') void env.stop();
}
