// Usage plan quotas, counted in the store: a restart, even a kill -9, does not hand an API key its
// quota anew in the middle of a period (the token buckets of throttling stay in memory: after a
// restart they start full, as after any idle second). Each counted request writes its count through;
// quotas guard keyed requests only, and a WAL commit without fsync costs tens of microseconds here.
// This process's counts are kept in memory too, so a request reads the store only for a key's first
// use since the start.
import type { Store } from '../../../storage/store.js';
import { periodStart } from './throttle.js';

const NS = 'apigateway.quotacounts';

interface QuotaCount {
  /** Start (ms) of the period being counted. */
  start: number;
  used: number;
}

export interface Quota {
  limit: number;
  period: string;
  offset: number;
}

export class QuotaCounter {
  private readonly counts = new Map<string, Promise<QuotaCount>>();

  constructor(private readonly store: Store) {}

  /** Counts one request against the quota of `key`; false when the period's limit is used up. */
  async count(key: string, quota: Quota, now = Date.now()): Promise<boolean> {
    const start = periodStart(quota.period, quota.offset, now);
    let loaded = this.counts.get(key);
    if (!loaded) {
      loaded = this.store.read((tx) => tx.get<QuotaCount>(NS, key)).then((c) => c ?? { start, used: 0 });
      this.counts.set(key, loaded);
      loaded.catch(() => this.counts.delete(key));
    }
    const entry = await loaded;
    if (entry.start !== start) {
      entry.start = start;
      entry.used = 0;
    }
    if (entry.used >= quota.limit) return false;
    entry.used += 1;
    const snapshot = { ...entry };
    await this.store.write((tx) => tx.put(NS, key, snapshot));
    return true;
  }
}
