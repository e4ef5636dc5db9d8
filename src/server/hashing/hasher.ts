// Hashing a stream of bytes with several algorithms at once, either on this thread or in a worker
// thread (hash-worker.ts): S3 hashes every object body (MD5 for the ETag, plus the flexible checksum
// the client asked for) and SigV4 checks x-amz-content-sha256 over it, ~2 ms of CPU per MiB in all,
// which on the one JS thread capped large uploads well below the disk's speed.

export interface Hasher {
  update(data: Buffer): void;
  /** The digest, big-endian. */
  digest(): Buffer;
}

/**
 * A module that makes hashers, named by its URL so that a worker thread imports the same code: its
 * `createHasher` export must be `create`. Build one with hasherModule(import.meta.url, createHasher).
 */
export interface HasherModule<A extends string = string> {
  readonly url: string;
  create(algorithm: A): Hasher;
}

export function hasherModule<A extends string>(
  url: string,
  createHasher: (algorithm: A) => Hasher,
): HasherModule<A> {
  return { url, create: createHasher };
}

/** Several digests of one stream of bytes. */
export interface StreamHasher {
  /**
   * Feeds the next bytes, which must not change afterwards (they may be hashed later). When it
   * returns a promise, wait for it before feeding more: the hashing is behind (backpressure).
   */
  update(data: Buffer): Promise<void> | undefined;
  /** The digests of every byte fed, in the order the algorithms were named. Call once. */
  digests(): Promise<Buffer[]>;
  /** Gives up (the body failed): releases what the hashing holds; no digest will be asked for. */
  abort(): void;
}

/** Where hashing runs: INLINE_HASHING, or a HashWorker for bodies large enough to gain from one. */
export interface Hashing {
  hasher<A extends string>(module: HasherModule<A>, algorithms: readonly A[]): StreamHasher;
}

/** Hashes on the calling thread as the bytes arrive. */
export class InlineHasher implements StreamHasher {
  constructor(private readonly hashers: Hasher[]) {}

  update(data: Buffer): undefined {
    for (const h of this.hashers) h.update(data);
    return undefined;
  }

  digests(): Promise<Buffer[]> {
    return Promise.resolve(this.hashers.map((h) => h.digest()));
  }

  abort(): void {}
}

export const INLINE_HASHING: Hashing = {
  hasher: (module, algorithms) => new InlineHasher(algorithms.map((a) => module.create(a))),
};
