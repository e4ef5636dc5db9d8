// The runtime layer's face to the rest of Cumulo: run an invocation in an execution environment.
import type { EnvironmentSpec, InvocationRequest, InvocationResult } from './types.js';
import type { ProvisionedState } from './provisioned.js';

export type { ProvisionedState } from './provisioned.js';

export interface RuntimeStats {
  environments: number;
  busy: number;
  pooled: number;
  /** Resident memory of every runtime process, in bytes. */
  rssBytes: number;
}

export interface Runtime {
  /**
   * Runs one invocation: reuses an idle environment with the same configKey, or takes a
   * pre-started pool process (or spawns one) and initializes it. Resolves with the function's
   * result or error document; rejects only on Cumulo's own failures.
   */
  invoke(spec: EnvironmentSpec, request: InvocationRequest): Promise<InvocationResult>;
  /** Stops every environment of the function (all versions) whose configKey differs from keep, or all when keep is undefined. */
  retire(functionArn: string, keepConfigKey?: string): Promise<void>;
  /** Stops every environment of one configuration (a deleted function version's); busy ones after their invocation. */
  retireConfig?(configKey: string): Promise<void>;
  /**
   * Provisioned concurrency: keeps `count` environments of the configuration initialized ahead of
   * any invocation (their init runs now), used before any other by its invocations, never stopped
   * for idleness, replaced when one dies. A new count replaces the previous one.
   */
  provision(spec: EnvironmentSpec, count: number): void;
  /** Retires the configuration's provisioned environments (busy ones after their invocation). */
  unprovision(configKey: string): void;
  /** How far provisioning of a configuration has got; undefined when none is asked for. */
  provisioned(configKey: string): ProvisionedState | undefined;
  /** In-flight invocations of a function (all versions), for concurrency limits. */
  inFlight(functionArn: string): number;
  stats(): RuntimeStats;
  /**
   * Resolves at the next change of the runtime's state: an environment initialized, ready or stopped,
   * a pool process started, an invocation begun or ended.
   */
  nextChange?(): Promise<void>;
  /** Starts filling the pool of pre-started processes (a no-op when already started). */
  startPool?(): void;
  close(): Promise<void>;
}
