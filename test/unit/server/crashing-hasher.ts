// A hasher module for tests of the hash worker: its hasher ends the thread it runs in once it has
// been fed `CRASH_AFTER` bytes, as a worker that dies part way through a body would.
import { isMainThread } from 'node:worker_threads';
import type { Hasher } from '../../../src/server/hashing/hasher.js';
import { hasherModule } from '../../../src/server/hashing/hasher.js';

export const CRASH_AFTER = 2 * 1024 * 1024;

export function createHasher(_algorithm: 'CRASH'): Hasher {
  let fed = 0;
  return {
    update(data) {
      fed += data.length;
      if (fed < CRASH_AFTER) return;
      // Never the test process itself: only a worker thread is meant to die here.
      if (isMainThread) throw new Error('the crashing hasher ran on the main thread');
      process.exit(3);
    },
    digest: () => Buffer.alloc(0),
  };
}

export const CRASHING_HASHER = hasherModule(import.meta.url, createHasher);
