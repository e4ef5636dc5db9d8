// Decodes `Content-Encoding: aws-chunked` bodies, which the SDKs send for streamed uploads
// (signed chunks, or unsigned chunks with a checksum trailer):
//   <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n ... 0[;chunk-signature=..]\r\n[trailers]\r\n
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// Chunk signatures are not checked here (the SigV4 layer owns signatures); only data passes on.
import { Transform, type TransformCallback } from 'node:stream';

export class AwsChunkedDecoder extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private remaining = -1; // bytes of chunk data still to pass on; -1 while reading a size line
  private done = false;
  /** Trailing headers after the last chunk (e.g. x-amz-checksum-crc32). */
  readonly trailers: Record<string, string> = {};

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    try {
      this.drain();
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.done && this.buffer.length) this.readTrailers(true);
    callback(this.done ? null : new Error('aws-chunked body ended before its final chunk'));
  }

  private drain(): void {
    for (;;) {
      if (this.done) return this.readTrailers(false);
      if (this.remaining > 0) {
        if (this.buffer.length === 0) return;
        const n = Math.min(this.remaining, this.buffer.length);
        this.push(this.buffer.subarray(0, n));
        this.buffer = this.buffer.subarray(n);
        this.remaining -= n;
        continue;
      }
      if (this.remaining === 0) {
        if (this.buffer.length < 2) return;
        this.buffer = this.buffer.subarray(2); // CRLF after the chunk data
        this.remaining = -1;
        continue;
      }
      const eol = this.buffer.indexOf('\r\n');
      if (eol < 0) return;
      const size = parseInt(this.buffer.subarray(0, eol).toString('latin1').split(';')[0]!, 16);
      if (Number.isNaN(size)) throw new Error('malformed aws-chunked size line');
      this.buffer = this.buffer.subarray(eol + 2);
      if (size === 0) this.done = true;
      else this.remaining = size;
    }
  }

  private readTrailers(final: boolean): void {
    for (;;) {
      const eol = this.buffer.indexOf('\r\n');
      if (eol < 0 && !final) return;
      const line = (eol < 0 ? this.buffer : this.buffer.subarray(0, eol)).toString('latin1');
      this.buffer = eol < 0 ? Buffer.alloc(0) : this.buffer.subarray(eol + 2);
      const colon = line.indexOf(':');
      if (colon > 0) this.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      if (this.buffer.length === 0) return;
    }
  }
}

/** Decodes a whole aws-chunked body held in memory. */
export function decodeAwsChunked(body: Buffer): Buffer {
  const decoder = new AwsChunkedDecoder();
  const out: Buffer[] = [];
  decoder.on('data', (b: Buffer) => out.push(b));
  decoder.write(body);
  return Buffer.concat(out);
}

export function isAwsChunked(headers: Record<string, string>): boolean {
  return (headers['content-encoding'] ?? '').split(',').some((e) => e.trim() === 'aws-chunked');
}
