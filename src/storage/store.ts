// The storage interface every service uses. A namespaced, ordered key-value store with
// transactions: the embedded backend is SQLite, the cluster backend (later) PostgreSQL,
// and handlers cannot tell which one they run on.
//
// Values are JSON-serializable documents. Keys sort by their UTF-8 bytes, so a service
// lays out keys (e.g. `${functionName}\u0000${version}`) to make listings cheap.

export interface ListOptions {
  /** Only keys starting with this prefix. */
  prefix?: string;
  /** Only keys strictly greater than this one (pagination). */
  after?: string;
  /** At most this many entries. */
  limit?: number;
  /** Descending key order. */
  reverse?: boolean;
}

export interface Entry<T> {
  key: string;
  value: T;
}

export interface ReadTx {
  get<T>(ns: string, key: string): Promise<T | undefined>;
  list<T>(ns: string, options?: ListOptions): Promise<Array<Entry<T>>>;
  count(ns: string, prefix?: string): Promise<number>;
}

export interface WriteTx extends ReadTx {
  put<T>(ns: string, key: string, value: T): Promise<void>;
  /** Returns whether a value was there. */
  delete(ns: string, key: string): Promise<boolean>;
  /** Deletes every key with the prefix; returns how many. */
  deletePrefix(ns: string, prefix: string): Promise<number>;
}

export interface Store {
  /** Runs fn in a read-only snapshot. */
  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T>;
  /**
   * Runs fn in one serializable write transaction: all of its writes land, or none.
   * Committed before the returned promise resolves (durable across kill -9).
   */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * A number that changes whenever a write transaction of this process commits (or rolls back):
   * a reader may keep what it derived from the store while the number stays the same. Optional;
   * a backend shared with other processes must also change it on their writes, or leave it out.
   */
  generation?(): number;
}
