// Random bytes for ids made on every request (request ids, trace ids), drawn from a pool filled
// 4 KiB at a time: one call into the generator per few hundred ids instead of one each, as
// crypto.randomUUID does for its own.
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let used = pool.length;

function take(bytes: number): number {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return used - bytes;
}

export function randomHex(bytes: number): string {
  const at = take(bytes);
  return pool.toString('hex', at, at + bytes);
}

export function randomBase64(bytes: number): string {
  const at = take(bytes);
  return pool.toString('base64', at, at + bytes);
}
