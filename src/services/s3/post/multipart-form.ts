// Reads a browser POST upload's multipart/form-data body (RFC 7578) as S3 does: the form fields come
// first and are read into memory (bounded); the `file` field must be the last one ("make sure that
// the file field is the last field in the form", RESTObjectPOST), and its content is handed on as a
// stream without ever being buffered whole. Anything after the file is ignored.
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
import { Readable } from 'node:stream';
import { ServiceError } from '../../../server/service-error.js';

export interface FormFile {
  /** The file name the browser sent (for `${filename}` in the key). */
  filename: string;
  contentType?: string;
  /** The file's bytes; fails with MalformedPOSTRequest when the body ends before its boundary. */
  stream: Readable;
}

export interface ParsedForm {
  /** Fields before the file, in order, names as sent. */
  fields: Array<[string, string]>;
  file?: FormFile;
}

/** S3's error for a body that is not multipart/form-data as it expects. */
export const malformedPost = (): ServiceError =>
  new ServiceError(
    'MalformedPOSTRequest',
    'The body of your POST request is not well-formed multipart/form-data.',
    400,
  );

/** S3's error for too many bytes of fields before the file. */
export const preDataTooLarge = (): ServiceError =>
  new ServiceError(
    'MaxPostPreDataLengthExceededError',
    'Your POST request fields preceding the upload file were too large.',
    400,
  );

/** The boundary of a `multipart/form-data; boundary=…` content type; undefined for any other type. */
export function formBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

interface PartHeaders {
  name: string;
  filename?: string;
  contentType?: string;
}

function parsePartHeaders(block: string): PartHeaders {
  let disposition = '';
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  if (!/^form-data\s*;/i.test(disposition)) throw malformedPost();
  const param = (key: string) =>
    new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition)?.[1] ??
    new RegExp(`;\\s*${key}=([^;\\s]+)`, 'i').exec(disposition)?.[1];
  const name = param('name');
  if (name === undefined) throw malformedPost();
  return { name, filename: param('filename'), contentType };
}

/**
 * Reads fields up to the file. `maxPreData` bounds the bytes read before the file's content.
 * The returned file stream continues reading `body`; nothing of `body` is read past the file.
 */
export async function readForm(body: Readable, boundary: string, maxPreData: number): Promise<ParsedForm> {
  const source = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let buf: Buffer = Buffer.alloc(0);
  let ended = false;
  let consumed = 0;
  /** Reads more of the body into `buf`; false at its end. */
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const next = await source.next();
    if (next.done) {
      ended = true;
      return false;
    }
    buf = buf.length === 0 ? next.value : Buffer.concat([buf, next.value]);
    return true;
  };
  /** Waits until `needle` is in `buf`; its index. Counts towards the pre-data limit. */
  const find = async (needle: Buffer): Promise<number> => {
    for (;;) {
      const at = buf.indexOf(needle);
      if (at >= 0) return at;
      if (consumed + buf.length > maxPreData) throw preDataTooLarge();
      if (!(await more())) throw malformedPost();
    }
  };
  const take = (n: number): Buffer => {
    const out = buf.subarray(0, n);
    buf = buf.subarray(n);
    consumed += n;
    return out;
  };

  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  try {
    return await readFields();
  } catch (e) {
    // Read the rest of the body, so the error can be answered on a connection still in step.
    while (!ended) await more().catch(() => (ended = true));
    throw e;
  }

  async function readFields(): Promise<ParsedForm> {
    // Preamble, then the first boundary line.
    take((await find(dashBoundary)) + dashBoundary.length);
    const fields: Array<[string, string]> = [];
    for (;;) {
      // After a boundary: `--` ends the body, CRLF starts a part.
      while (buf.length < 2) if (!(await more())) throw malformedPost();
      if (buf[0] === 0x2d && buf[1] === 0x2d) return { fields };
      const headerEnd = await find(Buffer.from('\r\n\r\n'));
      const part = parsePartHeaders(take(headerEnd + 4).toString('utf8'));
      if (part.name.toLowerCase() === 'file') {
        return {
          fields,
          file: {
            filename: part.filename ?? '',
            contentType: part.contentType,
            stream: Readable.from(fileContent(), { objectMode: false }),
          },
        };
      }
      const valueEnd = await find(delimiter);
      fields.push([part.name, take(valueEnd).toString('utf8')]);
      take(delimiter.length);
    }
  }

  /** The file's bytes up to the next delimiter, holding back only what could start one. */
  async function* fileContent(): AsyncGenerator<Buffer> {
    for (;;) {
      const at = buf.indexOf(delimiter);
      if (at >= 0) {
        if (at > 0) yield take(at);
        buf = Buffer.alloc(0);
        // The rest of the body (closing boundary, fields S3 ignores) is read and dropped.
        while (await more()) buf = Buffer.alloc(0);
        return;
      }
      const safe = buf.length - (delimiter.length - 1);
      if (safe > 0) yield take(safe);
      if (!(await more())) throw malformedPost();
    }
  }
}
