// Lambda reports a new function as State "Pending" and an update as LastUpdateStatus "InProgress"
// in the answer to the call that made them, and as "Active" / "Successful" once the change is
// ready (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html); each transition gets
// a new RevisionId. Cumulo unpacks the code before it answers, so the change is ready at once: the
// settler records the transition right after the answering transaction committed. Reads of a
// function first wait for its pending transitions, so a client never observes an order AWS would
// not produce, and transitions left pending by a crash are completed at start.
import type { Store } from '../../storage/store.js';
import { newRevisionId } from './config-doc.js';
import { VERSIONS_NS } from './store/keys.js';
import { getVersion, putVersion } from './store/repo.js';
import type { FunctionConfigDoc, VersionRecord } from './store/records.js';

const fnKey = (accountId: string, name: string): string => `${accountId}/${name}`;

export function needsSettling(config: FunctionConfigDoc): boolean {
  return config.State === 'Pending' || config.LastUpdateStatus === 'InProgress';
}

export function settledConfig(config: FunctionConfigDoc): FunctionConfigDoc {
  const next: FunctionConfigDoc = {
    ...config,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    RevisionId: newRevisionId(),
  };
  delete next.StateReason;
  delete next.StateReasonCode;
  delete next.LastUpdateStatusReason;
  delete next.LastUpdateStatusReasonCode;
  return next;
}

export class StateSettler {
  private readonly pending = new Map<string, Set<Promise<void>>>();

  constructor(
    private readonly store: Store,
    private readonly log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  ) {}

  /** Schedules the transition of one version once the caller's transaction has committed. */
  schedule(accountId: string, name: string, version: string, revisionId: string): void {
    const key = fnKey(accountId, name);
    const set = this.pending.get(key) ?? new Set();
    this.pending.set(key, set);
    const job: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.settle(accountId, name, version, revisionId))
      .catch((e: unknown) => this.log(`lambda: settling ${key}:${version} failed: ${String(e)}`))
      .finally(() => {
        set.delete(job);
        if (set.size === 0 && this.pending.get(key) === set) this.pending.delete(key);
      });
    set.add(job);
  }

  /** Waits for every scheduled transition of the function. */
  async settled(accountId: string, name: string): Promise<void> {
    const set = this.pending.get(fnKey(accountId, name));
    if (set) await Promise.all([...set]);
  }

  private async settle(accountId: string, name: string, version: string, revisionId: string): Promise<void> {
    await this.store.write(async (tx) => {
      const record = await getVersion(tx, accountId, name, version);
      // A later change superseded this one (and scheduled its own transition), or it is settled.
      if (!record || record.config.RevisionId !== revisionId || !needsSettling(record.config)) return;
      await putVersion(tx, accountId, { ...record, config: settledConfig(record.config) });
    });
  }

  /** Completes transitions a previous run left pending (crash between answer and transition). */
  async recover(): Promise<void> {
    await this.store.write(async (tx) => {
      for (const { key, value } of await tx.list<VersionRecord>(VERSIONS_NS)) {
        if (needsSettling(value.config))
          await tx.put(VERSIONS_NS, key, { ...value, config: settledConfig(value.config) });
      }
    });
  }
}
