// The embedded backend: one SQLite database in the data directory (better-sqlite3 v12).
// WAL mode: a committed transaction is in the log before write() resolves, so it
// survives kill -9 of the server (the OS still holds the pages). `durable: true` adds
// synchronous=FULL for power-loss durability at the cost of an fsync per commit.
import Database from 'better-sqlite3';
import type { Entry, ListOptions, ReadTx, Store, WriteTx } from './store.js';

type Row = { k: string; v: string };

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmt;
  /** Write transactions are serialized: one BEGIN IMMEDIATE … COMMIT at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped after every write transaction (the only connection to the file is this one). */
  private writes = 0;
  /** list() has 16 shapes of query (prefix, after, reverse, limit): each is prepared once. */
  private readonly listStatements = new Map<string, Database.Statement<unknown[], Row>>();

  constructor(file: string, options: { durable?: boolean } = {}) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.durable ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS kv (ns TEXT NOT NULL, k TEXT NOT NULL, v TEXT NOT NULL, PRIMARY KEY (ns, k)) WITHOUT ROWID',
    );
    const db = this.db;
    this.stmt = {
      get: db.prepare<[string, string], Row>('SELECT k, v FROM kv WHERE ns = ? AND k = ?'),
      put: db.prepare(
        'INSERT INTO kv (ns, k, v) VALUES (?, ?, ?) ON CONFLICT (ns, k) DO UPDATE SET v = excluded.v',
      ),
      del: db.prepare('DELETE FROM kv WHERE ns = ? AND k = ?'),
      delRange: db.prepare('DELETE FROM kv WHERE ns = ? AND k >= ? AND k < ?'),
      delAll: db.prepare('DELETE FROM kv WHERE ns = ?'),
      count: db.prepare<[string, string, string], { n: number }>(
        'SELECT count(*) AS n FROM kv WHERE ns = ? AND k >= ? AND k < ?',
      ),
      countAll: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM kv WHERE ns = ?'),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
  }

  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    // Reads run between write transactions (single connection), so they see committed state.
    return this.serialize(() => fn(this.tx()));
  }

  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    return this.serialize(async () => {
      this.stmt.begin.run();
      try {
        const result = await fn(this.tx());
        this.stmt.commit.run();
        return result;
      } catch (e) {
        this.stmt.rollback.run();
        throw e;
      } finally {
        this.writes++;
      }
    });
  }

  generation(): number {
    return this.writes;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.db.close();
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private tx(): WriteTx {
    const s = this.stmt;
    const db = this.db;
    const listStatements = this.listStatements;
    return {
      get: async <T>(ns: string, key: string) => {
        const row = s.get.get(ns, key);
        return row ? (JSON.parse(row.v) as T) : undefined;
      },
      list: async <T>(ns: string, o: ListOptions = {}) => {
        const where = ['ns = ?'];
        const params: unknown[] = [ns];
        if (o.prefix) {
          where.push('k >= ? AND k < ?');
          params.push(o.prefix, prefixEnd(o.prefix));
        }
        if (o.after !== undefined) {
          where.push(o.reverse ? 'k < ?' : 'k > ?');
          params.push(o.after);
        }
        const sql = `SELECT k, v FROM kv WHERE ${where.join(' AND ')} ORDER BY k ${o.reverse ? 'DESC' : 'ASC'}${
          o.limit !== undefined ? ' LIMIT ?' : ''
        }`;
        if (o.limit !== undefined) params.push(o.limit);
        let statement = listStatements.get(sql);
        if (!statement) {
          statement = db.prepare<unknown[], Row>(sql);
          listStatements.set(sql, statement);
        }
        const rows = statement.all(...params);
        return rows.map((r): Entry<T> => ({ key: r.k, value: JSON.parse(r.v) as T }));
      },
      count: async (ns: string, prefix?: string) =>
        prefix ? s.count.get(ns, prefix, prefixEnd(prefix))!.n : s.countAll.get(ns)!.n,
      put: async <T>(ns: string, key: string, value: T) => {
        s.put.run(ns, key, JSON.stringify(value));
      },
      delete: async (ns: string, key: string) => s.del.run(ns, key).changes > 0,
      deletePrefix: async (ns: string, prefix: string) =>
        prefix ? s.delRange.run(ns, prefix, prefixEnd(prefix)).changes : s.delAll.run(ns).changes,
    };
  }
}

/** The smallest string greater than every string starting with prefix (SQLite compares TEXT bytewise). */
function prefixEnd(prefix: string): string {
  return prefix + '\u{10FFFF}';
}
