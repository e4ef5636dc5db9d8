// What the main thread and the hash worker (hash-thread.ts) say to each other. One port carries every
// session's messages in order, so a session's bytes are hashed in the order they were sent and its
// digest is taken after the last of them.

export type ToWorker =
  /** Start a session: hashers made by `module`'s createHasher export, one per algorithm. */
  | { type: 'open'; id: number; module: string; algorithms: string[] }
  /** The next `length` bytes of `buffer` (transferred; sent back in a 'free' once hashed). */
  | { type: 'data'; id: number; buffer: ArrayBuffer; length: number }
  /** Answer with the digests and forget the session. */
  | { type: 'digest'; id: number }
  /** Forget the session without a digest. */
  | { type: 'abort'; id: number };

export type FromWorker =
  /** A data message's buffer, hashed and returned for reuse. */
  | { type: 'free'; id: number; buffer: ArrayBuffer }
  | { type: 'digests'; id: number; digests: Uint8Array[] }
  /** The session could not be hashed (its module or an algorithm is unknown). */
  | { type: 'failed'; id: number; message: string };
