// The hash worker's thread: hashes the bytes the main thread sends for each session with the same
// hasher modules the main thread uses inline (imported here by URL), and returns every buffer once
// hashed so the main thread can reuse it. See hash-worker.ts.
import { parentPort } from 'node:worker_threads';
import type { Hasher } from './hasher.js';
import type { FromWorker, ToWorker } from './messages.js';

type Factory = (algorithm: string) => Hasher;

const port = parentPort!;
const factories = new Map<string, Promise<Factory>>();
/**
 * Each session's hashers, made once its module is imported. Every message of a session chains on
 * this one promise, and callbacks on a promise run in the order they were attached: in message order.
 */
const sessions = new Map<number, Promise<Hasher[]>>();
const NO_SESSION: Promise<Hasher[]> = Promise.resolve([]);

function factory(url: string): Promise<Factory> {
  let found = factories.get(url);
  if (!found) {
    found = import(url).then((m: { createHasher?: Factory }) => {
      if (typeof m.createHasher !== 'function') throw new Error(`${url} exports no createHasher`);
      return m.createHasher;
    });
    factories.set(url, found);
  }
  return found;
}

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'open': {
      const hashers = factory(m.module).then((create) => m.algorithms.map((a) => create(a)));
      hashers.catch(() => undefined); // reported when the digest is asked for
      sessions.set(m.id, hashers);
      return;
    }
    case 'data': {
      const { id, buffer, length } = m;
      // The buffer goes back whatever happens: the main thread counts it as in flight until then.
      void (sessions.get(id) ?? NO_SESSION)
        .then((hashers) => {
          const bytes = Buffer.from(buffer, 0, length);
          for (const h of hashers) h.update(bytes);
        })
        .catch(() => undefined)
        .then(() => send({ type: 'free', id, buffer }, [buffer]));
      return;
    }
    case 'digest': {
      const { id } = m;
      const hashers = sessions.get(id) ?? Promise.reject(new Error(`no hash session ${id}`));
      sessions.delete(id);
      hashers.then(
        (hs) => send({ type: 'digests', id, digests: hs.map((h) => new Uint8Array(h.digest())) }),
        (e: unknown) => send({ type: 'failed', id, message: (e as Error)?.message ?? String(e) }),
      );
      return;
    }
    case 'abort':
      sessions.delete(m.id);
      return;
  }
});
