// Hashing in a worker thread, so that a large body's socket reads and file writes go on on the main
// thread while another core hashes the same bytes, in order. One long-lived worker, started when the
// first large body arrives; if it dies, the sessions it had fail (their requests fail as an I/O error
// would) and the next large body starts a new one. close() stops it with the server.
//
// A body is hashed inline until THRESHOLD bytes have arrived: a small PUT never waits for a message
// round trip to the worker (bench/s3.ts, small PutObject ops/s), and a body of unknown length (chunked
// transfer) is judged by what arrives rather than by its Content-Length.
import {
  INLINE_HASHING,
  InlineHasher,
  type Hasher,
  type HasherModule,
  type Hashing,
  type StreamHasher,
} from './hasher.js';
import { WorkerLink } from './worker-link.js';

/** Bodies shorter than this are hashed inline (measured: see the commit that set it). */
const THRESHOLD = 1024 * 1024;

export class HashWorker implements Hashing {
  private link: WorkerLink | undefined;
  private closed = false;

  constructor(private readonly threshold = THRESHOLD) {}

  hasher<A extends string>(module: HasherModule<A>, algorithms: readonly A[]): StreamHasher {
    if (this.closed) return INLINE_HASHING.hasher(module, algorithms);
    return new DeferredHasher(
      () => this.start().open(module.url, algorithms),
      () => algorithms.map((a) => module.create(a)),
      this.threshold,
    );
  }

  /** Stops the worker; a body still being hashed fails, and later ones are hashed inline. */
  async close(): Promise<void> {
    this.closed = true;
    const link = this.link;
    this.link = undefined;
    await link?.terminate();
  }

  private start(): WorkerLink {
    this.link ??= new WorkerLink((gone) => {
      if (this.link === gone) this.link = undefined;
    });
    return this.link;
  }
}

/** Holds the first bytes; hashes them inline if the body ends before `threshold`, else in the worker. */
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
    if (this.heldBytes < this.threshold) return undefined;
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
