// Provisioned concurrency between the store and the runtime: which published version each stored
// config (settings/provisioned-concurrency.ts) stands for, and how many environments of it the
// runtime keeps initialized. An alias's config provisions its primary version, and moves with the
// alias when it is updated (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html);
// deleting the alias, the version or the function drops it. After a restart, restore() provisions
// every stored config again.
import type { Runtime } from '../../runtime/runtime.js';
import type { Store } from '../../storage/store.js';
import type { InvokeTargetResolver } from './invoke-target.js';
import type { ProvisionedConcurrencyControl, ProvisionedProgress } from './settings/deps.js';
import { listProvisionedConfigs, PROVISIONED_NS } from './settings/keys.js';
import { getAlias } from './store/repo.js';
import type { EnvironmentSpec } from '../../runtime/types.js';

export class Provisioner implements ProvisionedConcurrencyControl {
  /** Per function (`account/name`): the configuration each configured qualifier provisions. */
  private readonly applied = new Map<string, Map<string, string>>();
  /** One apply at a time per function, in call order. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly runtime: Runtime,
    private readonly resolver: InvokeTargetResolver,
    private readonly log: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  ) {}

  apply(accountId: string, functionName: string): Promise<void> {
    const key = `${accountId}/${functionName}`;
    const run = (this.pending.get(key) ?? Promise.resolve())
      .then(() => this.sync(accountId, functionName))
      .catch((e: unknown) => this.log(`lambda: provisioning ${functionName} failed: ${String(e)}`));
    this.pending.set(key, run);
    void run.finally(() => {
      if (this.pending.get(key) === run) this.pending.delete(key);
    });
    return run;
  }

  /** Provisions every stored config again (a started server: its environments are gone). */
  async restore(): Promise<void> {
    const entries = await this.store.read((tx) => tx.list<{ FunctionName: string }>(PROVISIONED_NS, {}));
    const functions = new Set(entries.map((e) => `${e.key.split('/')[0]}/${e.value.FunctionName}`));
    await Promise.all(
      [...functions].map((f) => {
        const [accountId, name] = f.split('/') as [string, string];
        return this.apply(accountId, name);
      }),
    );
  }

  progress(accountId: string, functionName: string, qualifier: string): ProvisionedProgress {
    const configKey = this.applied.get(`${accountId}/${functionName}`)?.get(qualifier);
    const state = configKey !== undefined ? this.runtime.provisioned(configKey) : undefined;
    if (!state) return { status: 'IN_PROGRESS', ready: 0 };
    const ready = Math.min(state.initialized, state.requested);
    if (state.failure !== undefined) return { status: 'FAILED', ready, reason: state.failure };
    return { status: ready >= state.requested ? 'READY' : 'IN_PROGRESS', ready };
  }

  private async sync(accountId: string, functionName: string): Promise<void> {
    const configs = await this.store.read(async (tx) => {
      const list = await listProvisionedConfigs(tx, accountId, functionName);
      // The version each config provisions: its own, or its alias's primary version.
      return Promise.all(
        list.map(async (c) => {
          const version = /^\d+$/.test(c.Qualifier)
            ? c.Qualifier
            : (await getAlias(tx, accountId, functionName, c.Qualifier))?.FunctionVersion;
          return { qualifier: c.Qualifier, version, count: c.RequestedProvisionedConcurrentExecutions };
        }),
      );
    });
    const desired = new Map<string, { spec: EnvironmentSpec; count: number }>();
    const byQualifier = new Map<string, string>();
    for (const c of configs) {
      if (c.version === undefined) continue;
      const target = await this.resolver.resolve(functionName, c.version, accountId);
      const key = target.spec.configKey;
      const entry = desired.get(key) ?? { spec: target.spec, count: 0 };
      entry.count += c.count;
      desired.set(key, entry);
      byQualifier.set(c.qualifier, key);
    }
    const fnKey = `${accountId}/${functionName}`;
    const before = new Set(this.applied.get(fnKey)?.values() ?? []);
    for (const [key, { spec, count }] of desired) {
      this.runtime.provision(spec, count);
      before.delete(key);
    }
    for (const key of before) this.runtime.unprovision(key);
    if (byQualifier.size > 0) this.applied.set(fnKey, byQualifier);
    else this.applied.delete(fnKey);
  }
}
