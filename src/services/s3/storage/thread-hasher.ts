// Large bodies are hashed on a worker thread: MD5, which every PUT needs for its ETag, runs at about
// 600 MB/s on one core, as slow as the main thread's receiving and writing of the same bytes, so
// done inline it halves a large upload's throughput (bench/s3.ts, PutObject 64 MiB). The main thread
// copies each 1 MiB into one of a few slots of memory shared with the worker (about 0.1 ms) and hands
// the slot over; the worker hashes beside it and hands the slot back. The fixed slots bound memory
// (a 2 GiB upload must keep the server under 150 MB) and allocate nothing per batch.
// CRC32 stays inline: zlib's runs several times faster than the copy would pay back.
import { Worker } from 'node:worker_threads';
import { createHasher, type ChecksumAlgorithm, type Hasher } from '../checksums.js';

export type ToHashThread =
  | { op: 'start'; id: number; algorithm: ChecksumAlgorithm | 'MD5'; slots: SharedArrayBuffer }
  | { op: 'data'; id: number; slot: number; length: number }
  | { op: 'end'; id: number }
  | { op: 'drop'; id: number };

type FromHashThread = { op: 'ack'; id: number } | { op: 'digest'; id: number; digest: Uint8Array };

/** Bodies declared at least this long are hashed off the main thread. */
export const OFF_THREAD_MIN = 8 * 1024 * 1024;
/** Bytes per hand-over. */
export const SLOT_BYTES = 1024 * 1024;
/** Slots per body: how far the worker may fall behind before the upload waits for it. */
const SLOTS = 4;

interface HashThread {
  worker: Worker;
  jobs: Map<number, ThreadHasher>;
}

let thread: HashThread | undefined;
let nextId = 1;

function hashThread(): HashThread {
  if (thread) return thread;
  const worker = new Worker(new URL('./hash-thread.js', import.meta.url));
  const current: HashThread = { worker, jobs: new Map() };
  worker.on('message', (m: FromHashThread) => current.jobs.get(m.id)?.receive(m));
  const fail = (e: Error): void => {
    if (thread === current) thread = undefined;
    for (const job of current.jobs.values()) job.fail(e);
    current.jobs.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`hash thread exited with ${code}`)));
  // Only hashes in progress keep the process alive (see track()); listeners re-ref, so unref after.
  worker.unref();
  thread = current;
  return current;
}

/** Registers (or, with undefined, forgets) a job; the thread holds the process open while it has any. */
function track(t: HashThread, id: number, job: ThreadHasher | undefined): void {
  const before = t.jobs.size;
  if (job) t.jobs.set(id, job);
  else t.jobs.delete(id);
  if (before === 0 && t.jobs.size > 0) t.worker.ref();
  if (before > 0 && t.jobs.size === 0) t.worker.unref();
}

class ThreadHasher implements Hasher {
  private readonly id = nextId++;
  private readonly thread = hashThread();
  private readonly slots = new Uint8Array(new SharedArrayBuffer(SLOTS * SLOT_BYTES));
  private nextSlot = 0;
  private slotsInUse = 0;
  /** Bytes fed but not yet handed over (references to the caller's buffers, no copies). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private waiting: Array<() => void> = [];
  private result: Buffer | undefined;
  private error: Error | undefined;
  private finished: { resolve(): void; reject(e: Error): void } | undefined;

  constructor(algorithm: ChecksumAlgorithm | 'MD5') {
    track(this.thread, this.id, this);
    this.post({ op: 'start', id: this.id, algorithm, slots: this.slots.buffer as SharedArrayBuffer });
  }

  update(data: Buffer): void {
    this.pending.push(data);
    this.pendingBytes += data.length;
    this.pump(false);
  }

  /** Resolves once less than a slot's worth waits to be handed over. */
  async drained(): Promise<void> {
    while (this.pendingBytes >= SLOT_BYTES && !this.error) await this.nextAck();
    if (this.error) throw this.error;
  }

  async settled(): Promise<void> {
    for (;;) {
      if (this.error) throw this.error;
      this.pump(true);
      if (this.pendingBytes === 0) break;
      await this.nextAck();
    }
    await new Promise<void>((resolve, reject) => {
      this.finished = { resolve, reject };
      this.post({ op: 'end', id: this.id });
    });
  }

  digest(): Buffer {
    if (!this.result) throw new Error('digest() of a thread hasher before settled()');
    return this.result;
  }

  discard(): void {
    if (!this.thread.jobs.has(this.id)) return;
    track(this.thread, this.id, undefined);
    this.post({ op: 'drop', id: this.id });
  }

  receive(m: FromHashThread): void {
    if (m.op === 'ack') {
      this.slotsInUse--;
      this.pump(false);
      for (const wake of this.waiting.splice(0)) wake();
      return;
    }
    track(this.thread, this.id, undefined);
    this.result = Buffer.from(m.digest.buffer, m.digest.byteOffset, m.digest.byteLength);
    this.finished?.resolve();
  }

  fail(e: Error): void {
    this.error = e;
    for (const wake of this.waiting.splice(0)) wake();
    this.finished?.reject(e);
  }

  private nextAck(): Promise<void> {
    return new Promise<void>((r) => this.waiting.push(r));
  }

  /** Hands full slots over while slots are free; with `all`, a last partial one too. */
  private pump(all: boolean): void {
    while (
      this.slotsInUse < SLOTS &&
      !this.error &&
      (this.pendingBytes >= SLOT_BYTES || (all && this.pendingBytes > 0))
    ) {
      const slot = this.nextSlot;
      const base = slot * SLOT_BYTES;
      let length = 0;
      while (length < SLOT_BYTES && this.pending.length > 0) {
        const chunk = this.pending[0]!;
        const n = Math.min(chunk.length, SLOT_BYTES - length);
        this.slots.set(chunk.subarray(0, n), base + length);
        length += n;
        if (n === chunk.length) this.pending.shift();
        else this.pending[0] = chunk.subarray(n);
      }
      this.pendingBytes -= length;
      this.nextSlot = (slot + 1) % SLOTS;
      this.slotsInUse++;
      this.post({ op: 'data', id: this.id, slot, length });
    }
  }

  private post(message: ToHashThread): void {
    if (this.error) return;
    this.thread.worker.postMessage(message);
  }
}

/**
 * A hasher for a request body of `declaredBytes` (Content-Length or x-amz-decoded-content-length;
 * undefined when unknown): off the main thread when the body is large and the algorithm slow.
 */
export function bodyHasher(algorithm: ChecksumAlgorithm | 'MD5', declaredBytes: number | undefined): Hasher {
  const large = declaredBytes !== undefined && declaredBytes >= OFF_THREAD_MIN;
  return large && algorithm !== 'CRC32' ? new ThreadHasher(algorithm) : createHasher(algorithm);
}
