// Deployment packages on disk, content-addressed by SHA-256:
//   <dataDir>/lambda/code/<sha256hex>.zip       the zip as uploaded (GetFunction's Code.Location serves it)
//   <dataDir>/lambda/unpacked/<sha256hex>/      unpacked once per CodeSha256: the function's LAMBDA_TASK_ROOT
// Both are written under a temporary name and renamed into place, so a crash never leaves a
// half-written package behind a final name.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { invalidParameter } from '../errors.js';
import { inspectZip, unpackZip } from './unzip.js';

/** Lambda quotas: 250 MB unzipped (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
export const MAX_UNZIPPED_BYTES = 262_144_000;

export interface StoredCode {
  hex: string;
  /** CodeSha256 as Lambda shows it: base64 of the SHA-256 digest. */
  sha256: string;
  size: number;
}

export class CodeStore {
  private readonly unpacking = new Map<string, Promise<string>>();

  constructor(private readonly dataDir: string) {}

  zipPath(hex: string): string {
    return path.join(this.dataDir, 'lambda', 'code', `${hex}.zip`);
  }

  unpackedDir(hex: string): string {
    return path.join(this.dataDir, 'lambda', 'unpacked', hex);
  }

  /**
   * Checks the package as Lambda does at upload and stores it. Throws InvalidParameterValueException
   * "Could not unzip uploaded file. Please check your file, then try to upload again." for bytes that
   * are not a zip, and "Unzipped size must be smaller than 262144000 bytes" past the quota.
   */
  async put(zip: Buffer): Promise<StoredCode> {
    let unzipped: number;
    try {
      unzipped = (await inspectZip(zip)).unzippedSize;
    } catch {
      throw invalidParameter(
        'Could not unzip uploaded file. Please check your file, then try to upload again.',
      );
    }
    if (unzipped >= MAX_UNZIPPED_BYTES) {
      throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
    }
    const digest = createHash('sha256').update(zip).digest();
    const hex = digest.toString('hex');
    const file = this.zipPath(hex);
    if (!existsSync(file)) {
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, zip);
      await rename(tmp, file);
    }
    return { hex, sha256: digest.toString('base64'), size: zip.length };
  }

  read(hex: string): Promise<Buffer> {
    return readFile(this.zipPath(hex));
  }

  /** The unpacked package, unpacking it on first use (once per process even under concurrent calls). */
  ensureUnpacked(hex: string): Promise<string> {
    const dir = this.unpackedDir(hex);
    if (existsSync(dir)) return Promise.resolve(dir);
    let pending = this.unpacking.get(hex);
    if (!pending) {
      pending = this.unpack(hex, dir).finally(() => this.unpacking.delete(hex));
      this.unpacking.set(hex, pending);
    }
    return pending;
  }

  private async unpack(hex: string, dir: string): Promise<string> {
    const tmp = `${dir}.${randomBytes(6).toString('hex')}.tmp`;
    await mkdir(tmp, { recursive: true });
    try {
      await unpackZip(await this.read(hex), tmp);
      await rename(tmp, dir);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      if (existsSync(dir)) return dir; // another process won the race
      throw e;
    }
    return dir;
  }
}
