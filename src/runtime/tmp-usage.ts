// What an environment has written to its /tmp, checked after every invocation against its
// EphemeralStorage. Most functions write nothing there. A directory's mtime moves whenever an entry
// is created, removed or renamed in it, so while the directory is empty and its mtime has not moved,
// it is still empty: one stat instead of a readdir (open, getdents, close) per invocation.
import fs from 'node:fs';

/**
 * The kernel stamps mtimes from a coarse clock (a few ms per tick): an entry created in the same
 * tick as the last change would leave the mtime as it was. Emptiness is only remembered for an
 * mtime older than this, so that any later change stamps a newer one.
 */
const SETTLED_MS = 50;

export class TmpUsage {
  /** The mtime (ns) at which the directory was last seen empty and settled. */
  private emptyAt: bigint | undefined;

  constructor(private readonly dir: string) {}

  /** Bytes used by the files under the directory. */
  async bytes(): Promise<number> {
    let mtimeNs: bigint;
    try {
      mtimeNs = fs.statSync(this.dir, { bigint: true }).mtimeNs;
    } catch {
      return 0;
    }
    if (mtimeNs === this.emptyAt) return 0;
    let top: fs.Dirent[];
    try {
      top = fs.readdirSync(this.dir, { withFileTypes: true });
    } catch {
      return 0;
    }
    if (top.length === 0) {
      const settled = Date.now() - Number(mtimeNs / 1_000_000n) > SETTLED_MS;
      this.emptyAt = settled ? mtimeNs : undefined;
      return 0;
    }
    this.emptyAt = undefined;
    return walkSize(this.dir, top);
  }
}

async function walkSize(dir: string, entries: fs.Dirent[]): Promise<number> {
  let total = 0;
  await Promise.all(
    entries.map(async (e) => {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        const inner = await fs.promises.readdir(p, { withFileTypes: true }).catch(() => []);
        total += await walkSize(p, inner);
      } else {
        const st = await fs.promises.lstat(p).catch(() => undefined);
        if (st) total += st.size;
      }
    }),
  );
  return total;
}
