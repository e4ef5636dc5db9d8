// The worker thread of thread-hasher.ts: hashes each slot of shared memory it is handed, job by job,
// and hands the slot back.
import { parentPort } from 'node:worker_threads';
import { createHasher, type Hasher } from '../checksums.js';
import { SLOT_BYTES, type ToHashThread } from './thread-hasher.js';

const port = parentPort!;
const jobs = new Map<number, { hasher: Hasher; slots: SharedArrayBuffer }>();

port.on('message', (m: ToHashThread) => {
  switch (m.op) {
    case 'start':
      jobs.set(m.id, { hasher: createHasher(m.algorithm), slots: m.slots });
      return;
    case 'data': {
      const job = jobs.get(m.id);
      job?.hasher.update(Buffer.from(job.slots, m.slot * SLOT_BYTES, m.length));
      port.postMessage({ op: 'ack', id: m.id });
      return;
    }
    case 'end': {
      const job = jobs.get(m.id);
      jobs.delete(m.id);
      if (job) port.postMessage({ op: 'digest', id: m.id, digest: job.hasher.digest() });
      return;
    }
    case 'drop':
      jobs.delete(m.id);
      return;
  }
});
