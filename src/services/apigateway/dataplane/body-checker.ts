// Runs body checks against models in a worker thread (body-check-thread.ts) with a deadline. A check
// past the deadline stops the thread (the next check starts a new one) and fails with
// BodyCheckTimeout, so a runaway `pattern` in a model costs its own request, never the server.
import { Worker } from 'node:worker_threads';
import type { ModelRecord } from '../records.js';

export interface BodyCheckRequest {
  id: number;
  /** Names the compiled models: one per deployment snapshot. */
  key: string;
  apiId: string;
  models: Record<string, ModelRecord>;
  model: string;
  body: Uint8Array;
}

export type BodyCheckReply =
  { id: number; errors?: string; failure?: undefined } | { id: number; failure: string };

export class BodyCheckTimeout extends Error {
  constructor(ms: number) {
    super(`request body validation took longer than ${ms} ms`);
  }
}

/** How long one check may take: far more than any body within API Gateway's 10 MB limit needs. */
const DEADLINE_MS = 2000;

interface Pending {
  request: BodyCheckRequest;
  resolve(errors: string | undefined): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class BodyChecker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly deadlineMs = DEADLINE_MS) {}

  /** Undefined when the body conforms, else the validation error string. */
  check(request: Omit<BodyCheckRequest, 'id'>): Promise<string | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry: Pending = { request: { ...request, id }, resolve, reject, timer: undefined! };
      this.pending.set(id, entry);
      this.send(entry);
    });
  }

  /** Posts a check to the thread (starting one if needed) and arms its deadline. */
  private send(entry: Pending): void {
    const worker = this.start();
    worker.ref(); // while checks are pending; unref'd when the last one is answered
    entry.timer = setTimeout(() => this.expire(entry), this.deadlineMs);
    worker.postMessage(entry.request);
  }

  /**
   * A check ran past its deadline: it fails, the thread stuck in it is stopped, and the checks queued
   * behind it go to a new thread with fresh deadlines — they did not cause the delay.
   */
  private expire(entry: Pending): void {
    this.pending.delete(entry.request.id);
    entry.reject(new BodyCheckTimeout(this.deadlineMs));
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const other of this.pending.values()) {
      clearTimeout(other.timer);
      this.send(other);
    }
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./body-check-thread.js', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    worker.unref();
    worker.on('message', (m: BodyCheckReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (this.pending.size === 0) worker.unref();
      if (m.failure !== undefined) p.reject(new Error(m.failure));
      else p.resolve(m.errors);
    });
    // A thread that fails on its own (out of memory) fails the checks it had; a stopped one is not ours any more.
    const lost = (reason: Error): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        this.pending.delete(id);
        p.reject(reason);
      }
    };
    worker.on('error', lost);
    worker.on('exit', () => lost(new Error('the body check thread exited')));
    this.worker = worker;
    return worker;
  }
}
