// One pass over a bucket's keys in UTF-8 binary order, as S3 lists them: keys under `prefix`, after a
// marker, rolled up into CommonPrefixes at the first `delimiter` after the prefix, at most `maxKeys`
// entries and prefixes together. Whole common prefixes are skipped with one seek, so a listing costs
// what it returns, not what the bucket holds.
import type { Entry, ReadTx } from '../../../storage/store.js';

export interface WalkOptions {
  ns: string;
  /** `<bucket>/` */
  base: string;
  prefix: string;
  delimiter?: string;
  /** Store key to start strictly after (already including `base`). */
  after?: string;
  maxKeys: number;
  /** The object key of a store key (the versions namespace appends a version suffix). */
  keyOf(storeKey: string): string;
}

export interface WalkResult<T> {
  entries: Array<Entry<T>>;
  /** In order, each once. */
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned: the next marker. */
  last?: { key: string; prefix: boolean; entry?: Entry<T> };
}

const BATCH = 1000;
const MAX = '\u{10FFFF}';

/** Where to resume after a marker that is itself a common prefix (so it is not returned again). */
export function resumeAfter(o: { base: string; prefix: string; delimiter?: string }, marker: string): string {
  if (o.delimiter && marker.startsWith(o.prefix)) {
    const rest = marker.slice(o.prefix.length);
    const i = rest.indexOf(o.delimiter);
    if (i >= 0 && i + o.delimiter.length === rest.length) return o.base + marker + MAX;
  }
  return o.base + marker;
}

export async function walk<T>(tx: ReadTx, o: WalkOptions): Promise<WalkResult<T>> {
  const result: WalkResult<T> = { entries: [], prefixes: [], truncated: false };
  if (o.maxKeys <= 0) return result;
  let after = o.after;
  let count = 0;
  for (;;) {
    const batch = await tx.list<T>(o.ns, { prefix: o.base + o.prefix, after, limit: BATCH });
    if (batch.length === 0) return result;
    let seeked = false;
    for (const e of batch) {
      const key = o.keyOf(e.key).slice(o.base.length);
      if (o.delimiter) {
        const rest = key.slice(o.prefix.length);
        const i = rest.indexOf(o.delimiter);
        if (i >= 0) {
          if (count === o.maxKeys) {
            result.truncated = true;
            return result;
          }
          const cp = o.prefix + rest.slice(0, i + o.delimiter.length);
          result.prefixes.push(cp);
          result.last = { key: cp, prefix: true };
          count++;
          after = o.base + cp + MAX;
          seeked = true;
          break;
        }
      }
      if (count === o.maxKeys) {
        result.truncated = true;
        return result;
      }
      result.entries.push(e);
      result.last = { key, prefix: false, entry: e };
      count++;
      after = e.key;
    }
    if (!seeked && batch.length < BATCH) return result;
  }
}
