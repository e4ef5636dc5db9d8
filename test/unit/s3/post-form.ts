// Sends an HTML form upload (multipart/form-data) the way a browser does, for the POST Object tests:
// the fields in the given order, then the file. node:http, so the bytes on the wire are exactly these.
import http from 'node:http';

export interface FormFile {
  filename: string;
  contentType?: string;
  body: Buffer;
}

export interface FormReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The multipart body of a form: fields, then (when given) the file under the name `file`. */
export function formBody(
  boundary: string,
  fields: Array<[string, string]>,
  file?: FormFile,
  fileField = 'file',
): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    const type = file.contentType ? `Content-Type: ${file.contentType}\r\n` : '';
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${file.filename}"\r\n${type}\r\n`,
      ),
      file.body,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

export function postForm(
  url: string,
  fields: Array<[string, string]> | Record<string, string>,
  file?: FormFile,
  headers: Record<string, string> = {},
): Promise<FormReply> {
  const boundary = '----CumuloFormBoundary7MA4YWxkTrZu0gW';
  const body = formBody(boundary, Array.isArray(fields) ? fields : Object.entries(fields), file);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The text of an XML element of an S3 answer, entities decoded. */
export function xmlTag(xml: string, name: string): string | undefined {
  const raw = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return raw
    ?.replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
