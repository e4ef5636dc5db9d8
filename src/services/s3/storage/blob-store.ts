// Object bytes live in files under <dataDir>/s3/: a body streams to tmp/<id> while it is hashed,
// is fsynced when the server runs durable, and is renamed into blobs/ before any metadata names it.
// So an interrupted upload leaves no object, and a crash can at worst leave an unreferenced file,
// never metadata pointing at a missing one. tmp/ is emptied at start. Nothing is held in memory
// beyond the streams' own buffers, one write batch (WRITE_BATCH bytes) and what the hashing holds
// (server/hashing: a bounded number of batches in flight to the hash worker).
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  unlinkSync,
  writevSync,
} from 'node:fs';
import { open, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { INLINE_HASHING, type Hashing, type StreamHasher } from '../../../server/hashing/hasher.js';
import { OBJECT_HASHERS, type ChecksumAlgorithm } from '../checksums.js';
import type { BlobRef } from './records.js';
import { YoungGarbage } from '../../../server/young-garbage.js';

export interface WrittenBlob extends BlobRef {
  /** Path of the blob; remove() it when the request fails after writing. */
  absolute: string;
}

export type BlobHash = ChecksumAlgorithm | 'MD5';

/**
 * Bytes gathered before one writev: a socket delivers ~64 KiB at a time, and a write per chunk costs
 * a thread-pool round trip each. One batch is written while the next is received and hashed.
 */
const WRITE_BATCH = 1024 * 1024;
/**
 * Bodies up to this size are written and read with synchronous calls on the main thread when no
 * fsync is asked for: four calls into the page cache cost a few microseconds each, while a
 * thread-pool round trip per call (open, write, close, rename) costs a context switch each and
 * was most of a 1 KiB PUT's server time (bench/s3.ts, small PutObject/GetObject ops/s).
 */
const SMALL_SYNC = 128 * 1024;
/**
 * Files of removed small blobs kept for new blobs to be written into. Creating a file costs ~0.7 ms
 * of kernel time on this machine's ext4 (a loop of fs.openSync(…, 'wx'): 0.72 ms system CPU each),
 * truncating and rewriting an existing one ~0.03 ms: an overwrite then costs no file creation.
 */
const MAX_RECYCLED = 256;
/** Reads longer than this collect their garbage as they go (young-garbage.ts). */
const LARGE_READ = 8 * 1024 * 1024;
/** Read size of GetObject's file streams (fs streams default to 64 KiB). */
const READ_CHUNK = 1024 * 1024;

export class BlobStore {
  private readonly tmpDir: string;
  private readonly blobDir: string;
  /** blobs/<xx> directories known to exist: a PUT need not ask the file system again. */
  private readonly madeDirs = new Set<string>();
  private readonly recycleDir: string;
  /** Files in recycleDir, ready to be written into (opened with truncation). */
  private readonly recycled: string[] = [];
  /** Blob files that streams are reading: never recycled while read (an open fd would see new bytes). */
  private readonly reading = new Map<string, number>();

  constructor(
    readonly root: string,
    private readonly durable: boolean,
    private readonly hashing: Hashing = INLINE_HASHING,
  ) {
    this.tmpDir = path.join(root, 'tmp');
    this.blobDir = path.join(root, 'blobs');
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true });
    mkdirSync(this.blobDir, { recursive: true });
    this.recycleDir = path.join(root, 'recycled');
    rmSync(this.recycleDir, { recursive: true, force: true });
    mkdirSync(this.recycleDir, { recursive: true });
  }

  /**
   * Streams `source` into a new blob and hashes it with each algorithm on the way; the blob is
   * complete, and its digests (in the order of `algorithms`) known, once this resolves.
   */
  async write(
    source: Readable,
    algorithms: readonly BlobHash[],
  ): Promise<WrittenBlob & { digests: Buffer[] }> {
    const hasher = this.hashing.hasher(OBJECT_HASHERS, algorithms);
    const id = randomUUID();
    const recycled = this.recycled.pop();
    const tmp = recycled ?? path.join(this.tmpDir, id);
    const flags = recycled ? 'w' : 'wx';
    let opened: Promise<FileHandle> | undefined;
    const openTmp = (): Promise<FileHandle> => {
      if (!opened) {
        opened = open(tmp, flags);
        opened.catch(() => undefined);
      }
      return opened;
    };
    try {
      const { size, rest } = await copyHashed(source, openTmp, hasher);
      // The last bytes are hashed while they are written; a hashing failure fails the write.
      const digests = hasher.digests();
      digests.catch(() => undefined);
      const small = opened === undefined && size <= SMALL_SYNC && !this.durable;
      if (small) writeSmall(tmp, flags, rest);
      else {
        const fh = await openTmp();
        try {
          await writeAll(fh, rest);
          if (this.durable) await fh.sync();
        } finally {
          await fh.close();
        }
      }
      const hashed = await digests;
      const file = path.join('blobs', id.slice(0, 2), id);
      const absolute = path.join(this.root, file);
      const dir = path.dirname(absolute);
      if (!this.madeDirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      if (small) renameSync(tmp, absolute);
      else await rename(tmp, absolute);
      if (this.durable) await fsync(dir);
      return { file, size, absolute, digests: hashed };
    } catch (e) {
      hasher.abort();
      await rm(tmp, { force: true });
      throw e;
    }
  }

  /**
   * A small one-file object's bytes [start, end] read at once (synchronously, see SMALL_SYNC), or
   * undefined when it is larger or made of several files: then stream it with read().
   */
  readSmall(blobs: BlobRef[], start: number, end: number): Buffer | undefined {
    const only = blobs.length === 1 ? blobs[0] : undefined;
    const length = end - start + 1;
    if (!only || length > SMALL_SYNC || length <= 0) return undefined;
    const fd = openSync(path.join(this.root, only.file), 'r');
    try {
      const out = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, out, got, length - got, start + got);
        if (n === 0) throw new Error(`blob ${only.file} is shorter than its record`);
        got += n;
      }
      return out;
    } finally {
      closeSync(fd);
    }
  }

  /** Bytes [start, end] (inclusive) of an object made of `blobs`, as one stream. */
  read(blobs: BlobRef[], start = 0, end = totalSize(blobs) - 1): Readable {
    const highWaterMark = Math.max(1, Math.min(READ_CHUNK, end - start + 1));
    const only = blobs.length === 1 ? blobs[0] : undefined;
    const large = end - start + 1 > LARGE_READ;
    // The common case, one file: its own stream, without a PassThrough and a pipeline per request.
    // A large read goes through the counting pass-through below instead (young-garbage.ts).
    if (only && end >= start && !large) {
      return this.track(
        [only],
        createReadStream(path.join(this.root, only.file), { start, end, highWaterMark }),
      );
    }
    const out = this.track(blobs, large ? countingPassThrough() : new PassThrough({ highWaterMark }));
    const root = this.root;
    // One pipeline from one source that reads the blobs in turn: a pipeline per blob into `out` left
    // its listeners on `out`, and an object of more than ten parts made Node warn of a leak.
    async function* blobsInRange(): AsyncGenerator<Buffer> {
      let offset = 0;
      for (const blob of blobs) {
        const from = Math.max(start, offset);
        const to = Math.min(end, offset + blob.size - 1);
        if (from <= to) {
          const file = path.join(root, blob.file);
          yield* createReadStream(file, { start: from - offset, end: to - offset, highWaterMark });
        }
        offset += blob.size;
        if (offset > end) break;
      }
    }
    pipeline(blobsInRange, out).catch((e: unknown) => out.destroy(e as Error));
    return out;
  }

  /** Counts the blobs' files as being read until the stream closes. */
  private track<T extends Readable>(blobs: BlobRef[], stream: T): T {
    for (const b of blobs) this.reading.set(b.file, (this.reading.get(b.file) ?? 0) + 1);
    stream.once('close', () => {
      for (const b of blobs) {
        const left = (this.reading.get(b.file) ?? 1) - 1;
        if (left > 0) this.reading.set(b.file, left);
        else this.reading.delete(b.file);
      }
    });
    return stream;
  }

  /**
   * Removes blobs no metadata names any more (after the transaction that dropped them committed).
   * Small ones that nothing is reading are kept, renamed, for new blobs to be written into.
   */
  async remove(blobs: Array<BlobRef | string>): Promise<void> {
    for (const b of blobs) {
      const file = typeof b === 'string' ? b : b.file;
      const absolute = path.isAbsolute(file) ? file : path.join(this.root, file);
      if (typeof b !== 'string' && this.recycle(b, absolute)) continue;
      // unlink, not rm: rm stats first, a second file-system call per removed blob.
      try {
        if (typeof b !== 'string' && b.size <= SMALL_SYNC) unlinkSync(absolute);
        else await unlink(absolute);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }

  private recycle(blob: BlobRef, absolute: string): boolean {
    if (blob.size > SMALL_SYNC || this.recycled.length >= MAX_RECYCLED || this.reading.has(blob.file))
      return false;
    const kept = path.join(this.recycleDir, randomUUID());
    try {
      renameSync(absolute, kept);
    } catch {
      return false;
    }
    this.recycled.push(kept);
    return true;
  }
}

/**
 * Copies source to the file (opened on the first full batch), hashing and counting on the way, with
 * one batch write in flight at a time. Returns the last, unwritten batch: all of a small body, which
 * then never needed the file opened asynchronously. Closes the file if the copy fails.
 */
async function copyHashed(
  source: Readable,
  openFile: () => Promise<FileHandle>,
  hasher: StreamHasher,
): Promise<{ size: number; rest: Buffer[] }> {
  let size = 0;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  let opened: Promise<FileHandle> | undefined;
  const garbage = new YoungGarbage();
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      size += buf.length;
      garbage.consumed(buf.length);
      const hashing = hasher.update(buf);
      batch.push(buf);
      batchBytes += buf.length;
      if (batchBytes >= WRITE_BATCH) {
        await inFlight;
        const chunks = batch;
        batch = [];
        batchBytes = 0;
        opened ??= openFile();
        inFlight = opened.then((fh) => writeAll(fh, chunks));
        // Nothing awaits this write until the next batch; keep its failure from being unhandled meanwhile.
        inFlight.catch(() => undefined);
      }
      // The hashing is behind: let the source wait (its bytes stay in the socket) rather than memory grow.
      if (hashing) await hashing;
    }
    await inFlight;
    return { size, rest: batch };
  } catch (e) {
    await inFlight.catch(() => undefined);
    await opened?.then((fh) => fh.close()).catch(() => undefined);
    throw e;
  }
}

/** Writes a small body in one go on this thread (see SMALL_SYNC). */
function writeSmall(file: string, flags: string, chunks: Buffer[]): void {
  const fd = openSync(file, flags);
  try {
    let rest = chunks.filter((c) => c.length > 0);
    while (rest.length > 0) rest = unwritten(rest, writevSync(fd, rest));
  } finally {
    closeSync(fd);
  }
}

async function writeAll(fh: FileHandle, chunks: Buffer[]): Promise<void> {
  let rest = chunks.filter((c) => c.length > 0);
  while (rest.length > 0) rest = unwritten(rest, (await fh.writev(rest)).bytesWritten);
}

/** What is left of `chunks` after a writev wrote `written` bytes (short writes are rare on files). */
function unwritten(chunks: Buffer[], written: number): Buffer[] {
  if (written === 0) throw new Error('writev wrote nothing');
  let i = 0;
  while (i < chunks.length && written >= chunks[i]!.length) written -= chunks[i++]!.length;
  const rest = chunks.slice(i);
  if (rest.length > 0 && written > 0) rest[0] = rest[0]!.subarray(written);
  return rest;
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

/** A pass-through that counts what goes through it for YoungGarbage: large bodies read from disk. */
function countingPassThrough(): Transform {
  const garbage = new YoungGarbage();
  return new Transform({
    highWaterMark: READ_CHUNK,
    transform(chunk: Buffer, _encoding, done) {
      garbage.consumed(chunk.length);
      done(null, chunk);
    },
  });
}
