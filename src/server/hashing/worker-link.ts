// The main thread's side of one hash worker thread: its sessions, and the buffers that carry their
// bytes. A session copies what it is fed into BATCH-byte buffers and transfers each full one to the
// worker (a message per ~64 KiB socket chunk would cost more than hashing it), and asks its feeder to
// wait while more than MAX_IN_FLIGHT of them are out: the worker returns each buffer once hashed, and
// the returned ones are reused, so a large body holds at most ~MAX_IN_FLIGHT MiB here however fast
// it arrives, and copying into reused memory costs no page faults.
import { Worker } from 'node:worker_threads';
import type { StreamHasher } from './hasher.js';
import type { FromWorker, ToWorker } from './messages.js';

const BATCH = 1024 * 1024;
/** Buffers one session may have at the worker before its feeder waits: 4 MiB. */
const MAX_IN_FLIGHT = 4;
/** Returned buffers kept for reuse, across sessions. */
const MAX_SPARE = 8;

export class WorkerLink {
  private readonly worker: Worker;
  private readonly sessions = new Map<number, WorkerSession>();
  private readonly spare: ArrayBuffer[] = [];
  private nextId = 1;
  private failure: Error | undefined;

  /** `onExit` is told once the worker is gone, for whatever reason (crash, exit, terminate). */
  constructor(onExit: (link: WorkerLink) => void) {
    this.worker = new Worker(new URL('./hash-thread.js', import.meta.url), {
      // The worker holds a few small objects per message; its memory stays near a bare isolate's.
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
    });
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => this.receive(m));
    // 'error' (an uncaught exception, or running out of memory) is followed by 'exit'.
    this.worker.on('error', (e) => this.fail(new Error(`hash worker failed: ${e.message}`)));
    this.worker.on('exit', (code) => {
      this.fail(new Error(`hash worker exited (code ${code})`));
      onExit(this);
    });
  }

  /** Sessions open on this worker. */
  get open(): number {
    return this.sessions.size;
  }

  session(module: string, algorithms: readonly string[]): StreamHasher {
    const id = this.nextId++;
    const session = new WorkerSession(this, id);
    if (this.failure) session.fail(this.failure);
    else {
      // While a session is open the worker keeps the process alive: its answer is awaited.
      if (this.sessions.size === 0) this.worker.ref();
      this.sessions.set(id, session);
      this.post({ type: 'open', id, module, algorithms: [...algorithms] });
    }
    return session;
  }

  /** Stops the worker; open sessions fail. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (!this.failure) this.worker.postMessage(message, transfer);
  }

  buffer(): ArrayBuffer {
    return this.spare.pop() ?? new ArrayBuffer(BATCH);
  }

  /** The session is done (digested, aborted or failed): no more messages for it. */
  closed(id: number): void {
    if (this.sessions.delete(id) && this.sessions.size === 0) this.worker.unref();
  }

  private receive(m: FromWorker): void {
    if (m.type === 'free' && this.spare.length < MAX_SPARE) this.spare.push(m.buffer);
    this.sessions.get(m.id)?.receive(m);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const session of [...this.sessions.values()]) session.fail(this.failure);
  }
}

class WorkerSession implements StreamHasher {
  private current: Buffer | undefined;
  private filled = 0;
  private inFlight = 0;
  private failure: Error | undefined;
  private done = false;
  private resume: { resolve(): void; reject(e: Error): void } | undefined;
  private result: { resolve(d: Buffer[]): void; reject(e: Error): void } | undefined;

  constructor(
    private readonly link: WorkerLink,
    private readonly id: number,
  ) {}

  update(data: Buffer): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    let offset = 0;
    while (offset < data.length) {
      this.current ??= Buffer.from(this.link.buffer());
      const n = data.copy(this.current, this.filled, offset);
      this.filled += n;
      offset += n;
      if (this.filled === this.current.length) this.send();
    }
    if (this.inFlight <= MAX_IN_FLIGHT) return undefined;
    const resumed = new Promise<void>((resolve, reject) => (this.resume = { resolve, reject }));
    // A feeder that aborts instead of waiting never looks at this promise: no unhandled rejection.
    resumed.catch(() => undefined);
    return resumed;
  }

  digests(): Promise<Buffer[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.filled > 0) this.send();
    this.done = true;
    this.link.post({ type: 'digest', id: this.id });
    return new Promise((resolve, reject) => (this.result = { resolve, reject }));
  }

  abort(): void {
    if (this.done || this.failure) return;
    this.done = true;
    this.link.post({ type: 'abort', id: this.id });
    this.link.closed(this.id);
    this.fail(new Error('hash session aborted'));
  }

  receive(m: FromWorker): void {
    switch (m.type) {
      case 'free':
        this.inFlight--;
        if (this.inFlight <= MAX_IN_FLIGHT && this.resume) {
          const { resolve } = this.resume;
          this.resume = undefined;
          resolve();
        }
        return;
      case 'digests':
        this.link.closed(this.id);
        this.result?.resolve(m.digests.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength)));
        return;
      case 'failed':
        this.fail(new Error(m.message));
        return;
    }
  }

  /** The worker is gone or the session failed: whoever waits is told, and later calls fail at once. */
  fail(error: Error): void {
    this.failure ??= error;
    this.link.closed(this.id);
    const { resume, result } = this;
    this.resume = undefined;
    this.result = undefined;
    resume?.reject(this.failure);
    result?.reject(this.failure);
  }

  private send(): void {
    const buffer = this.current!.buffer as ArrayBuffer;
    this.link.post({ type: 'data', id: this.id, buffer, length: this.filled }, [buffer]);
    this.current = undefined;
    this.filled = 0;
    this.inFlight++;
  }
}
