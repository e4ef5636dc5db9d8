// Object bytes live in files under <dataDir>/s3/: a body streams to tmp/<id> while it is hashed,
// is fsynced when the server runs durable, and is renamed into blobs/ before any metadata names it.
// So an interrupted upload leaves no object, and a crash can at worst leave an unreferenced file,
// never metadata pointing at a missing one. tmp/ is emptied at start. Nothing is held in memory
// beyond the streams' own buffers and one write batch (WRITE_BATCH bytes).
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import { open, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Hasher } from '../checksums.js';
import type { BlobRef } from './records.js';

export interface WrittenBlob extends BlobRef {
  /** Path of the blob; remove() it when the request fails after writing. */
  absolute: string;
}

/**
 * Bytes gathered before one writev: a socket delivers ~64 KiB at a time, and a write per chunk costs
 * a thread-pool round trip each. One batch is written while the next is received and hashed.
 */
const WRITE_BATCH = 1024 * 1024;
/** Read size of GetObject's file streams (fs streams default to 64 KiB). */
const READ_CHUNK = 1024 * 1024;

export class BlobStore {
  private readonly tmpDir: string;
  private readonly blobDir: string;
  /** blobs/<xx> directories known to exist: a PUT need not ask the file system again. */
  private readonly madeDirs = new Set<string>();

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
    // Reading starts at once, in this tick: the source's errors must find a listener (a request
    // body may fail while the file is still being opened).
    const opened = open(tmp, 'wx');
    opened.catch(() => undefined);
    try {
      const size = await copyHashed(source, opened, hashers);
      const fh = await opened;
      try {
        if (this.durable) await fh.sync();
      } finally {
        await fh.close();
      }
      const file = path.join('blobs', id.slice(0, 2), id);
      const absolute = path.join(this.root, file);
      const dir = path.dirname(absolute);
      if (!this.madeDirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      await rename(tmp, absolute);
      if (this.durable) await fsync(dir);
      return { file, size, absolute };
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  /** Bytes [start, end] (inclusive) of an object made of `blobs`, as one stream. */
  read(blobs: BlobRef[], start = 0, end = totalSize(blobs) - 1): Readable {
    const highWaterMark = Math.max(1, Math.min(READ_CHUNK, end - start + 1));
    const only = blobs.length === 1 ? blobs[0] : undefined;
    // The common case, one file: its own stream, without a PassThrough and a pipeline per request.
    if (only) return createReadStream(path.join(this.root, only.file), { start, end, highWaterMark });
    const out = new PassThrough({ highWaterMark });
    const root = this.root;
    (async () => {
      let offset = 0;
      for (const blob of blobs) {
        const from = Math.max(start, offset);
        const to = Math.min(end, offset + blob.size - 1);
        if (from <= to) {
          await pipeline(
            createReadStream(path.join(root, blob.file), {
              start: from - offset,
              end: to - offset,
              highWaterMark,
            }),
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
      // unlink, not rm: rm stats first, a second file-system call per removed blob.
      await unlink(path.isAbsolute(file) ? file : path.join(this.root, file)).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      });
    }
  }
}

/**
 * Copies source to the file being opened, hashing and counting on the way, with one batch write in
 * flight at a time; closes the file if the copy fails.
 */
async function copyHashed(source: Readable, opened: Promise<FileHandle>, hashers: Hasher[]): Promise<number> {
  let size = 0;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async (): Promise<void> => {
    await inFlight;
    const chunks = batch;
    batch = [];
    batchBytes = 0;
    inFlight = opened.then((fh) => writeAll(fh, chunks));
    // Nothing awaits the write until the next flush; keep its failure from being unhandled meanwhile.
    inFlight.catch(() => undefined);
  };
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      size += buf.length;
      for (const h of hashers) h.update(buf);
      batch.push(buf);
      batchBytes += buf.length;
      if (batchBytes >= WRITE_BATCH) await flush();
    }
    if (batchBytes > 0) await flush();
    await inFlight;
    await opened;
    return size;
  } catch (e) {
    await inFlight.catch(() => undefined);
    await opened.then((fh) => fh.close()).catch(() => undefined);
    throw e;
  }
}

async function writeAll(fh: FileHandle, chunks: Buffer[]): Promise<void> {
  let rest = chunks.filter((c) => c.length > 0);
  while (rest.length > 0) {
    let { bytesWritten } = await fh.writev(rest);
    if (bytesWritten === 0) throw new Error('writev wrote nothing');
    // A short write (rare on files) continues where it stopped.
    while (rest.length > 0 && bytesWritten >= rest[0]!.length) bytesWritten -= rest.shift()!.length;
    if (rest.length > 0 && bytesWritten > 0) rest = [rest[0]!.subarray(bytesWritten), ...rest.slice(1)];
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
