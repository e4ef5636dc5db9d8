// Builds zips in memory with yazl for the Lambda tests.
import { randomBytes } from 'node:crypto';
import yazl from 'yazl';

export interface ZipEntry {
  name: string;
  content: string | Buffer;
  mode?: number;
}

/** Entries carry a fixed time, so that the same files make the same bytes (a test compares them). */
const MTIME = new Date('2024-01-01T00:00:00Z');

export async function makeZip(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    zip.addBuffer(Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content), e.name, {
      mtime: MTIME,
      ...(e.mode !== undefined ? { mode: e.mode } : {}),
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export const handlerZip = (body = 'exports.handler = async (e) => e;'): Promise<Buffer> =>
  makeZip([{ name: 'index.js', content: body }]);

/** A package of a bit more than `bytes` bytes (random content does not compress). */
export const bigZip = (bytes: number, handler = 'exports.handler = async () => 1;'): Promise<Buffer> =>
  makeZip([
    { name: 'index.js', content: handler },
    { name: 'blob.bin', content: randomBytes(bytes) },
  ]);
