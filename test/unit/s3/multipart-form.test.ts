// The POST form reader: fields before the file in order, the file streamed whatever the chunking,
// what follows the file ignored, and S3's errors for a malformed body or too many bytes of fields.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { formBoundary, readForm } from '../../../src/services/s3/post/multipart-form.js';
import { formBody } from './post-form.js';

const B = 'XyZ-boundary';

/** The body cut into chunks of `size` bytes, so boundaries fall across chunk edges. */
const chunked = (body: Buffer, size: number) =>
  Readable.from(
    Array.from({ length: Math.ceil(body.length / size) }, (_, i) => body.subarray(i * size, (i + 1) * size)),
  );

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('formBoundary', () => {
  it('reads the boundary of multipart/form-data only', () => {
    assert.equal(formBoundary('multipart/form-data; boundary=abc'), 'abc');
    assert.equal(formBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b"'), 'a b');
    assert.equal(formBoundary('multipart/mixed; boundary=abc'), undefined);
    assert.equal(formBoundary(undefined), undefined);
  });
});

describe('readForm', () => {
  const content = Buffer.concat([
    Buffer.from('line one\r\n--XyZ-boundar'),
    Buffer.alloc(3000, 0x2d),
    Buffer.from('\r\n'),
  ]);
  const body = Buffer.concat([
    formBody(
      B,
      [
        ['key', 'a/${filename}'],
        ['Content-Type', 'text/plain'],
        ['empty', ''],
      ],
      {
        filename: 'notes.txt',
        contentType: 'text/plain',
        body: content,
      },
    ).subarray(0, -`--${B}--\r\n`.length),
    Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="after"\r\n\r\nignored\r\n--${B}--\r\n`),
  ]);

  for (const size of [1, 7, 64, 100_000]) {
    it(`reads fields and streams the file in chunks of ${size}`, async () => {
      const form = await readForm(chunked(body, size), B, 10_000);
      assert.deepEqual(form.fields, [
        ['key', 'a/${filename}'],
        ['Content-Type', 'text/plain'],
        ['empty', ''],
      ]);
      assert.equal(form.file?.filename, 'notes.txt');
      assert.equal(form.file?.contentType, 'text/plain');
      assert.deepEqual(await collect(form.file!.stream), content);
    });
  }

  it('returns the fields alone when there is no file', async () => {
    const form = await readForm(Readable.from([formBody(B, [['key', 'k']])]), B, 1000);
    assert.deepEqual(form.fields, [['key', 'k']]);
    assert.equal(form.file, undefined);
  });

  it('answers MalformedPOSTRequest for a body cut short, before or inside the file', async () => {
    await assert.rejects(readForm(Readable.from([Buffer.from('no boundary here')]), B, 1000), {
      code: 'MalformedPOSTRequest',
      message: 'The body of your POST request is not well-formed multipart/form-data.',
    });
    const cut = formBody(B, [['key', 'k']], { filename: 'f', body: Buffer.alloc(100, 1) }).subarray(0, -20);
    const form = await readForm(Readable.from([cut]), B, 1000);
    await assert.rejects(collect(form.file!.stream), { code: 'MalformedPOSTRequest' });
  });

  it('answers MaxPostPreDataLengthExceededError when the fields before the file are too large', async () => {
    const big = formBody(
      B,
      [
        ['key', 'k'],
        ['x-ignore-pad', 'p'.repeat(5000)],
      ],
      { filename: 'f', body: Buffer.from('x') },
    );
    await assert.rejects(readForm(chunked(big, 512), B, 1000), {
      code: 'MaxPostPreDataLengthExceededError',
      message: 'Your POST request fields preceding the upload file were too large.',
    });
  });
});
