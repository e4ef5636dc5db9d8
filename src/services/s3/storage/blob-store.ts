// Object bytes live in files under <dataDir>/s3/: a body streams to tmp/<id> while it is hashed,
// is fsynced when the server runs durable, and is renamed into blobs/ before any metadata names it.
// So an interrupted upload leaves no object, and a crash can at worst leave an unreferenced file,
// never metadata pointing at a missing one. tmp/ is emptied at start. Nothing is held in memory
// beyond the streams' own buffers.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Hasher } from '../checksums.js';
import type { BlobRef } from './records.js';

export interface WrittenBlob extends BlobRef {
  /** Path of the blob; remove() it when the request fails after writing. */
  absolute: string;
}

class HashingCounter extends Transform {
  size = 0;
  constructor(private readonly hashers: Hasher[]) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.size += chunk.length;
    for (const h of this.hashers) h.update(chunk);
    cb(null, chunk);
  }
}

export class BlobStore {
  private readonly tmpDir: string;
  private readonly blobDir: string;

  constructor(
    readonly root: string,
    private readonly durable: boolean,
  ) {
    this.tmpDir = path.join(root, 'tmp');
    this.blobDir = path.join(root, 'blobs');
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true });
    mkdirSync(this.blobDir, { recursive: true });
  }

  /** Streams `source` into a new blob, feeding every hasher; the blob is complete once this resolves. */
  async write(source: Readable, hashers: Hasher[]): Promise<WrittenBlob> {
    const id = randomUUID();
    const tmp = path.join(this.tmpDir, id);
    const counter = new HashingCounter(hashers);
    try {
      await pipeline(source, counter, createWriteStream(tmp, { flags: 'wx' }));
      if (this.durable) await fsync(tmp);
      const file = path.join('blobs', id.slice(0, 2), id);
      const absolute = path.join(this.root, file);
      mkdirSync(path.dirname(absolute), { recursive: true });
      await rename(tmp, absolute);
      if (this.durable) await fsync(path.dirname(absolute));
      return { file, size: counter.size, absolute };
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  /** Bytes [start, end] (inclusive) of an object made of `blobs`, as one stream. */
  read(blobs: BlobRef[], start = 0, end = totalSize(blobs) - 1): Readable {
    const out = new PassThrough();
    const root = this.root;
    (async () => {
      let offset = 0;
      for (const blob of blobs) {
        const from = Math.max(start, offset);
        const to = Math.min(end, offset + blob.size - 1);
        if (from <= to) {
          await pipeline(
            createReadStream(path.join(root, blob.file), { start: from - offset, end: to - offset }),
            out,
            { end: false },
          );
        }
        offset += blob.size;
        if (offset > end) break;
      }
      out.end();
    })().catch((e: unknown) => out.destroy(e as Error));
    return out;
  }

  /** Removes blobs no metadata names any more (after the transaction that dropped them committed). */
  async remove(blobs: Array<BlobRef | string>): Promise<void> {
    for (const b of blobs) {
      const file = typeof b === 'string' ? b : b.file;
      await rm(path.isAbsolute(file) ? file : path.join(this.root, file), { force: true });
    }
  }
}

export function totalSize(blobs: BlobRef[]): number {
  return blobs.reduce((n, b) => n + b.size, 0);
}

async function fsync(file: string): Promise<void> {
  const fh = await open(file, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
