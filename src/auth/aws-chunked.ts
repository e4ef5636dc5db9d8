// Streaming decoder of `Content-Encoding: aws-chunked` bodies, in the three framings the SDKs send:
//   signed chunks:              <hex-size>;chunk-signature=<sig>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n\r\n
//   signed chunks with trailer: ... 0;chunk-signature=<sig>\r\n<name>:<value>\r\nx-amz-trailer-signature:<sig>\r\n\r\n
//   unsigned chunks + trailer:  <hex-size>\r\n<data>\r\n ... 0\r\n<name>:<value>\r\n\r\n
// Each chunk signature chains on the previous one, starting from the request's (seed) signature:
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
// Data is passed on as it arrives (never buffered whole); a bad chunk fails the stream before it ends, so
// a consumer must commit what it read only once the stream ended without error.
import type { Readable, TransformCallback } from 'node:stream';
import { Transform } from 'node:stream';
import { createHash, type Hash } from 'node:crypto';
import { ServiceError } from '../server/service-error.js';
import { EMPTY_SHA256, hmacSha256, sha256Hex, signaturesEqual } from './crypto.js';

export type ChunkMode = 'signed' | 'signed-trailer' | 'unsigned-trailer';

export interface AwsChunkedContext {
  mode: ChunkMode;
  /** The request's own signature: the "previous signature" of the first chunk. */
  seedSignature: string;
  signingKey: Buffer;
  amzDate: string;
  /** `date/region/service/aws4_request`. */
  scope: string;
  accessKeyId?: string;
  /** x-amz-decoded-content-length: the decoded body must have exactly this many bytes. */
  decodedContentLength?: number;
  /** x-amz-trailer names, lower case. */
  trailerNames: string[];
  /** Runs with the trailing headers before the stream ends; throw (e.g. a checksum mismatch) to fail it. */
  verifyTrailers?: (trailers: Record<string, string>) => void;
}

/** Non-final chunks must carry at least 8 KiB (sigv4-streaming.html, "Chunk size"). */
const MIN_CHUNK_SIZE = 8192;
const MAX_LINE = 16 * 1024;

function incompleteBody(): ServiceError {
  return new ServiceError('IncompleteBody', 'The request body terminated unexpectedly', 400);
}

function lengthMismatch(): ServiceError {
  return new ServiceError(
    'IncompleteBody',
    'You did not provide the number of bytes specified by the Content-Length HTTP header',
    400,
  );
}

function malformedTrailer(): ServiceError {
  return new ServiceError(
    'MalformedTrailerError',
    'The request contained trailing data that was not well-formed or did not conform to our published schema.',
    400,
  );
}

type State = 'size' | 'data' | 'data-crlf' | 'trailer' | 'done';

export class AwsChunkedDecoder extends Transform {
  /** Trailing headers (lower-case names, x-amz-trailer-signature excluded), complete once the stream ended. */
  readonly trailers: Record<string, string> = {};
  /** Decoded bytes passed on so far. */
  decodedLength = 0;

  private state: State = 'size';
  private line: Buffer[] = [];
  private lineLength = 0;
  private remaining = 0;
  private chunkNumber = 0;
  private previousSize = -1;
  private chunkSignature = '';
  private previousSignature: string;
  private hash: Hash | undefined;
  private trailerCanonical = '';
  private trailerSignature: string | undefined;
  private readonly signed: boolean;

  constructor(private readonly ctx: AwsChunkedContext) {
    super();
    this.previousSignature = ctx.seedSignature;
    this.signed = ctx.mode !== 'unsigned-trailer';
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      let i = 0;
      while (i < chunk.length) {
        if (this.state === 'data') {
          const n = Math.min(this.remaining, chunk.length - i);
          const part = chunk.subarray(i, i + n);
          this.hash?.update(part);
          this.decodedLength += n;
          if (
            this.ctx.decodedContentLength !== undefined &&
            this.decodedLength > this.ctx.decodedContentLength
          ) {
            throw lengthMismatch();
          }
          this.push(part);
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) this.endOfChunkData();
        } else if (this.state === 'done') {
          throw incompleteBody();
        } else {
          const nl = chunk.indexOf(0x0a, i);
          const end = nl < 0 ? chunk.length : nl + 1;
          this.lineLength += end - i;
          if (this.lineLength > MAX_LINE) throw incompleteBody();
          this.line.push(chunk.subarray(i, end));
          i = end;
          if (nl >= 0) this.onLine();
        }
      }
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      // Tolerate a body that stops right after its last trailer line, without the closing empty line.
      if (this.state === 'trailer' && this.lineLength === 0 && this.ctx.mode !== 'signed')
        this.finishTrailers();
      if (this.state !== 'done') throw incompleteBody();
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  private takeLine(): string {
    const raw = Buffer.concat(this.line).toString('latin1');
    this.line = [];
    this.lineLength = 0;
    if (!raw.endsWith('\r\n')) throw incompleteBody();
    return raw.slice(0, -2);
  }

  private onLine(): void {
    const line = this.takeLine();
    switch (this.state) {
      case 'size':
        return this.onChunkHeader(line);
      case 'data-crlf':
        if (line !== '') throw incompleteBody();
        this.state = 'size';
        return;
      case 'trailer':
        return this.onTrailerLine(line);
      default:
        throw incompleteBody();
    }
  }

  private onChunkHeader(line: string): void {
    const semi = line.indexOf(';');
    const sizeHex = semi < 0 ? line : line.slice(0, semi);
    if (!/^[0-9a-fA-F]{1,13}$/.test(sizeHex)) throw incompleteBody();
    const size = parseInt(sizeHex, 16);
    if (this.signed) {
      const ext = semi < 0 ? '' : line.slice(semi + 1);
      if (!ext.startsWith('chunk-signature=')) throw incompleteBody();
      this.chunkSignature = ext.slice('chunk-signature='.length);
    }
    this.chunkNumber++;
    // Only the last chunk may be under 8 KiB; S3 notices when the next chunk starts, and reports that
    // chunk's number with the size of the short one.
    if (size > 0 && this.previousSize >= 0 && this.previousSize < MIN_CHUNK_SIZE) {
      throw new ServiceError(
        'InvalidChunkSizeError',
        'Only the last chunk is allowed to have a size less than 8192 bytes',
        400,
        {
          Chunk: String(this.chunkNumber),
          BadChunkSize: String(this.previousSize),
        },
      );
    }
    this.previousSize = size;
    this.remaining = size;
    this.hash = this.signed ? createHash('sha256') : undefined;
    if (size > 0) {
      this.state = 'data';
      return;
    }
    this.verifyChunk(EMPTY_SHA256);
    if (this.ctx.decodedContentLength !== undefined && this.decodedLength !== this.ctx.decodedContentLength) {
      throw lengthMismatch();
    }
    this.state = 'trailer';
  }

  private endOfChunkData(): void {
    if (this.hash) this.verifyChunk(this.hash.digest('hex'));
    this.hash = undefined;
    this.state = 'data-crlf';
  }

  private verifyChunk(dataHash: string): void {
    if (!this.signed) return;
    const toSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      this.ctx.amzDate,
      this.ctx.scope,
      this.previousSignature,
      EMPTY_SHA256,
      dataHash,
    ].join('\n');
    this.check(toSign, this.chunkSignature);
  }

  private check(toSign: string, provided: string): void {
    const expected = hmacSha256(this.ctx.signingKey, toSign).toString('hex');
    if (!signaturesEqual(expected, provided)) {
      throw new ServiceError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        403,
        { AWSAccessKeyId: this.ctx.accessKeyId ?? '', StringToSign: toSign, SignatureProvided: provided },
      );
    }
    this.previousSignature = expected;
  }

  private onTrailerLine(line: string): void {
    if (line === '') {
      // The empty line ends the body; a trailer framing may put it before its trailer lines too.
      if (
        this.ctx.mode !== 'signed' &&
        this.trailerCanonical === '' &&
        this.trailerSignature === undefined &&
        this.ctx.trailerNames.length > 0
      ) {
        return;
      }
      this.finishTrailers();
      return;
    }
    if (this.ctx.mode === 'signed') throw malformedTrailer();
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformedTrailer();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.trailerSignature = value;
      return;
    }
    if (this.trailerSignature !== undefined) throw malformedTrailer();
    this.trailers[name] = value;
    this.trailerCanonical += `${name}:${value}\n`;
  }

  private finishTrailers(): void {
    if (this.ctx.mode === 'signed-trailer') {
      if (this.trailerSignature === undefined) throw malformedTrailer();
      const toSign = [
        'AWS4-HMAC-SHA256-TRAILER',
        this.ctx.amzDate,
        this.ctx.scope,
        this.previousSignature,
        sha256Hex(this.trailerCanonical),
      ].join('\n');
      this.check(toSign, this.trailerSignature);
    }
    this.ctx.verifyTrailers?.(this.trailers);
    this.state = 'done';
  }
}

/**
 * Pipes an aws-chunked body through a decoder and returns it: read it for the decoded bytes; after 'end',
 * `trailers` holds the trailing headers (e.g. x-amz-checksum-crc32). Errors of the source stream are
 * passed on.
 */
export function decodeAwsChunked(stream: Readable, context: AwsChunkedContext): AwsChunkedDecoder {
  const decoder = new AwsChunkedDecoder(context);
  stream.on('error', (err) => decoder.destroy(err));
  stream.pipe(decoder);
  return decoder;
}
