// A layer's zip on disk: saved once per content (SHA-256) and unpacked once next to it, keeping
// file modes (so `bin/*` stays executable) and refusing entries that would land outside the
// directory (absolute paths, `..`, symlinks pointing out).
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ServiceError } from '../../../server/service-error.js';
import { unpackedDir, zipPath } from './keys.js';

/** Lambda's quota for a deployment package or layer, unzipped. https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
export const MAX_UNZIPPED_BYTES = 262_144_000;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

export interface SavedArchive {
  sha256: string;
  /** Base64 SHA-256, as CodeSha256 shows it. */
  codeSha256: string;
  size: number;
  dir: string;
}

/** Validates and unpacks the zip, then keeps it; both are no-ops when the same content is already there. */
export async function saveLayerArchive(dataDir: string, zip: Buffer): Promise<SavedArchive> {
  const digest = createHash('sha256').update(zip).digest();
  const sha256 = digest.toString('hex');
  const dir = unpackedDir(dataDir, sha256);
  await unpackOnce(zip, dir);
  const file = zipPath(dataDir, sha256);
  if (!(await exists(file))) await writeAtomically(file, zip);
  return { sha256, codeSha256: digest.toString('base64'), size: zip.length, dir };
}

/** The unpacked directory of a saved zip, unpacking it again if it went missing. */
export async function ensureUnpacked(dataDir: string, sha256: string): Promise<string> {
  const dir = unpackedDir(dataDir, sha256);
  if (!(await exists(dir))) await unpackOnce(await fs.readFile(zipPath(dataDir, sha256)), dir);
  return dir;
}

async function unpackOnce(zip: Buffer, dir: string): Promise<void> {
  if (await exists(dir)) return;
  await fs.mkdir(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await extract(zip, tmp);
    await fs.rename(tmp, dir).catch(async (e: NodeJS.ErrnoException) => {
      // Another request unpacked the same content first.
      if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    });
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

async function extract(zip: Buffer, root: string): Promise<void> {
  let archive: yauzl.ZipFile;
  try {
    archive = await yauzl.fromBufferPromise(zip, { lazyEntries: true, validateEntrySizes: true });
  } catch {
    throw unzipError();
  }
  await fs.mkdir(root, { recursive: true });
  let total = 0;
  try {
    for (;;) {
      const entry = await nextEntry(archive);
      if (!entry) break;
      total += entry.uncompressedSize;
      if (total > MAX_UNZIPPED_BYTES) {
        throw new ServiceError(
          'InvalidParameterValueException',
          `Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`,
          400,
          { Type: 'User' },
        );
      }
      await writeEntry(archive, entry, root);
    }
  } catch (e) {
    throw e instanceof ServiceError ? e : unzipError();
  } finally {
    archive.close();
  }
}

function nextEntry(archive: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      archive.off('entry', onEntry);
      archive.off('end', onEnd);
      archive.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry): void => (cleanup(), resolve(entry));
    const onEnd = (): void => (cleanup(), resolve(undefined));
    const onError = (e: Error): void => (cleanup(), reject(e));
    archive.on('entry', onEntry);
    archive.on('end', onEnd);
    archive.on('error', onError);
    archive.readEntry();
  });
}

async function writeEntry(archive: yauzl.ZipFile, entry: yauzl.Entry, root: string): Promise<void> {
  // yauzl has already refused absolute paths and `..` segments; this guards the joined result too.
  const target = inside(root, entry.fileName);
  const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
  const type = unixMode & S_IFMT;
  const perm = unixMode & 0o7777;
  if (entry.fileName.endsWith('/') || type === S_IFDIR) {
    await fs.mkdir(target, { recursive: true });
    if (perm) await fs.chmod(target, perm | 0o700);
    return;
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  const stream = await archive.openReadStreamPromise(entry);
  if (type === S_IFLNK) {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const link = Buffer.concat(chunks).toString('utf8');
    // A link may point anywhere inside the layer, never outside it.
    if (path.isAbsolute(link)) throw unzipError();
    inside(root, path.relative(root, path.resolve(path.dirname(target), link)));
    await fs.symlink(link, target);
    return;
  }
  await pipeline(stream, createWriteStream(target, { mode: 0o600 }));
  await fs.chmod(target, perm || 0o644);
}

function inside(root: string, relative: string): string {
  const resolved = path.resolve(root, relative);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) throw unzipError();
  return resolved;
}

function unzipError(): ServiceError {
  // The message Lambda returns for a package it cannot unzip.
  return new ServiceError(
    'InvalidParameterValueException',
    'Could not unzip uploaded file. Please check your file, then try to upload again.',
    400,
    { Type: 'User' },
  );
}

async function writeAtomically(file: string, data: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}
