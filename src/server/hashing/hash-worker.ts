// Hashing in worker threads, so that a large body's socket reads and file writes go on on the main
// thread while another core hashes the same bytes, in order. Long-lived workers, one per spare core up
// to two (one on a 2-core machine: the main thread needs the other), each started when a large body
// first needs it; a body goes to the worker with the fewest open. If a worker dies, the bodies it had
// fail (their requests fail as an I/O error would) and the next large body starts a new one. close()
// stops them with the server.
//
// A body is hashed inline until more than THRESHOLD bytes have arrived, so a small PUT never waits for a
// message round trip to a worker, and a body of unknown length (chunked transfer) is judged by what
// arrives rather than by its Content-Length.
import { availableParallelism } from 'node:os';
import {
  INLINE_HASHING,
  InlineHasher,
  type Hasher,
  type HasherModule,
  type Hashing,
  type StreamHasher,
} from './hasher.js';
import { WorkerLink } from './worker-link.js';

/**
 * Bodies of at most this many bytes are hashed inline. A body of at most one batch (1 MiB,
 * worker-link.ts) reaches the worker only once complete, so there it only costs a round trip more:
 * hashing MD5 + CRC32 of 64 KiB took 0.11 ms inline and 0.22 ms through the worker, 512 KiB 0.84 and
 * 0.98, 1 MiB 1.67 and 1.86, while 4 MiB took 10.6 inline and 7.4 through the worker. On a loaded
 * machine the hand-off cost more: SDK PutObject of 1 MiB (two bodies to hash, with the payload
 * SHA-256) fell from a median of 71 to 41 MB/s when 1 MiB went to the worker.
 */
const THRESHOLD = 1024 * 1024;

export interface HashWorkerOptions {
  /** Bytes a body must exceed to be hashed in a worker. */
  threshold?: number;
  /** Worker threads at most. */
  threads?: number;
}

export class HashWorker implements Hashing {
  private readonly links: Array<WorkerLink | undefined>;
  private readonly threshold: number;
  private closed = false;

  constructor(options: HashWorkerOptions = {}) {
    this.threshold = options.threshold ?? THRESHOLD;
    const threads = options.threads ?? Math.min(2, availableParallelism() - 1);
    this.links = new Array<WorkerLink | undefined>(Math.max(1, threads)).fill(undefined);
  }

  hasher<A extends string>(module: HasherModule<A>, algorithms: readonly A[]): StreamHasher {
    if (this.closed) return INLINE_HASHING.hasher(module, algorithms);
    const inline = (): Hasher[] => algorithms.map((a) => module.create(a));
    return new DeferredHasher(
      // A body that grows large after close() goes on inline: no worker is started any more.
      () => (this.closed ? new InlineHasher(inline()) : this.leastBusy().session(module.url, algorithms)),
      inline,
      this.threshold,
    );
  }

  /** Stops the workers; a body still being hashed fails, and later ones are hashed inline. */
  async close(): Promise<void> {
    this.closed = true;
    const links = this.links.splice(0);
    await Promise.all(links.map((link) => link?.terminate()));
  }

  /** An idle running worker, else a new one while there is room, else the one with fewest bodies. */
  private leastBusy(): WorkerLink {
    const running = this.links.filter((l): l is WorkerLink => l !== undefined);
    const idle = running.find((l) => l.open === 0);
    if (idle) return idle;
    const free = this.links.indexOf(undefined);
    if (free >= 0) {
      const link = new WorkerLink((gone) => {
        const at = this.links.indexOf(gone);
        if (at >= 0) this.links[at] = undefined;
      });
      this.links[free] = link;
      return link;
    }
    return running.reduce((a, b) => (b.open < a.open ? b : a));
  }
}

/** Holds the first bytes; hashes them inline if the body ends within `threshold`, else in a worker. */
class DeferredHasher implements StreamHasher {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private session: StreamHasher | undefined;

  constructor(
    private readonly startSession: () => StreamHasher,
    private readonly inline: () => Hasher[],
    private readonly threshold: number,
  ) {}

  update(data: Buffer): Promise<void> | undefined {
    if (this.session) return this.session.update(data);
    this.held.push(data);
    this.heldBytes += data.length;
    if (this.heldBytes <= this.threshold) return undefined;
    const session = (this.session = this.startSession());
    const held = this.held;
    this.held = [];
    return feed(session, held);
  }

  digests(): Promise<Buffer[]> {
    if (this.session) return this.session.digests();
    const hasher = new InlineHasher(this.inline());
    for (const chunk of this.held) hasher.update(chunk);
    this.held = [];
    return hasher.digests();
  }

  abort(): void {
    this.held = [];
    this.session?.abort();
  }
}

/** Feeds chunks one after another, waiting whenever the session asks to. */
function feed(session: StreamHasher, chunks: Buffer[]): Promise<void> | undefined {
  for (let i = 0; i < chunks.length; i++) {
    const wait = session.update(chunks[i]!);
    if (wait) return wait.then(() => feed(session, chunks.slice(i + 1)));
  }
  return undefined;
}
