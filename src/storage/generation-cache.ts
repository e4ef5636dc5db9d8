// Values derived from the store, kept while its generation stays the same (no write committed
// since): a hot read then costs no store query or JSON parse. A store without a generation (one
// shared with other processes that does not count their writes) gets nothing kept.
import type { Store } from './store.js';

/** Past this many entries the cache starts over (ids a client makes up are looked up too). */
const MAX_ENTRIES = 10_000;

export class GenerationCache<V> {
  private generation = -1;
  private readonly entries = new Map<string, V>();

  constructor(private readonly store: Pick<Store, 'generation'>) {}

  /**
   * The value for key, loaded when this generation has not loaded it yet. A load that throws keeps
   * nothing; so does one that raced a write. Callers must not change what they get.
   */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.store.generation?.();
    if (now === undefined) return load();
    if (now !== this.generation) {
      this.entries.clear();
      this.generation = now;
    }
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const value = await load();
    if (this.store.generation?.() === now) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}
