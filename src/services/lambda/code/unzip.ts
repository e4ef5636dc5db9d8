// Reads and unpacks a deployment package with yauzl. Entries may not leave the target
// directory (absolute paths, '..', or symlinks pointing outside), and Unix file modes are kept
// so a `bootstrap` or a native binary stays executable, as Lambda does when it unpacks a zip
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-package.html#gettingstarted-package-zip).
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

export interface ZipSummary {
  entries: number;
  /** Sum of the entries' uncompressed sizes. */
  unzippedSize: number;
}

/** Opens the central directory and totals the entries; throws when the bytes are not a readable zip. */
export async function inspectZip(zip: Buffer): Promise<ZipSummary> {
  const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true, strictFileNames: false });
  const summary: ZipSummary = { entries: 0, unzippedSize: 0 };
  try {
    await new Promise<void>((resolve, reject) => {
      file.on('entry', (entry: yauzl.Entry) => {
        summary.entries++;
        summary.unzippedSize += entry.uncompressedSize;
        file.readEntry();
      });
      file.once('end', () => resolve());
      file.once('error', reject);
      file.readEntry();
    });
  } finally {
    file.close();
  }
  return summary;
}

/** True when `child` is `root` or inside it. */
function inside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Unpacks every entry of `zip` into `dir` (which must exist and be empty). */
export async function unpackZip(zip: Buffer, dir: string): Promise<void> {
  const root = path.resolve(dir);
  // decodeStrings (the default) makes yauzl reject absolute paths and '..' segments itself.
  const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true, validateEntrySizes: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (e: unknown): void => {
        file.close();
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      file.on('entry', (entry: yauzl.Entry) => {
        extractEntry(file, entry, root).then(() => file.readEntry(), fail);
      });
      file.once('end', () => resolve());
      file.once('error', fail);
      file.readEntry();
    });
  } finally {
    if (file.isOpen) file.close();
  }
}

async function extractEntry(file: yauzl.ZipFile, entry: yauzl.Entry, root: string): Promise<void> {
  const target = path.resolve(root, entry.fileName);
  if (!inside(root, target)) throw new Error(`zip entry escapes the code directory: ${entry.fileName}`);
  const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
  const type = unixMode & S_IFMT;
  if (entry.fileName.endsWith('/') || type === S_IFDIR) {
    await mkdir(target, { recursive: true });
    return;
  }
  await mkdir(path.dirname(target), { recursive: true });
  const stream = await file.openReadStreamPromise(entry);
  if (type === S_IFLNK) {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const linkTarget = Buffer.concat(chunks).toString('utf8');
    if (path.isAbsolute(linkTarget) || !inside(root, path.resolve(path.dirname(target), linkTarget))) {
      throw new Error(`zip symlink points outside the code directory: ${entry.fileName} -> ${linkTarget}`);
    }
    await symlink(linkTarget, target);
    return;
  }
  // No Unix attributes (zips made on Windows): readable by everyone, as Lambda needs.
  const mode = unixMode & 0o7777 || 0o644;
  await pipeline(stream, createWriteStream(target, { mode, flags: 'wx' }));
  await chmod(target, mode);
}
