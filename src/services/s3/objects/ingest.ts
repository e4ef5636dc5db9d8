// Streams a request body (PutObject, UploadPart) into a blob and checks it on the way: the MD5 that
// becomes the ETag and Content-MD5, and the flexible checksum the client sent as a header
// (x-amz-checksum-<alg>), as an aws-chunked trailer (x-amz-trailer), or only named
// (x-amz-sdk-checksum-algorithm). A body that fails a check is deleted before the error is thrown.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
import { Readable } from 'node:stream';
import { BodyIdleTimeout } from '../../../server/body-idle.js';
import { ServiceError } from '../../../server/service-error.js';
import {
  CHECKSUM_ALGORITHMS,
  DIGEST_BYTES,
  checksumHeader,
  isChecksumAlgorithm,
  type ChecksumAlgorithm,
} from '../checksums.js';
import type { S3Context } from '../deps.js';
import {
  badChecksum,
  badDigestMd5,
  invalidChecksumHeader,
  invalidDigest,
  invalidRequest,
  requestTimeout,
} from '../errors.js';
import type { WrittenBlob } from '../storage/blob-store.js';

export interface Ingested {
  blob: WrittenBlob;
  md5: Buffer;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

export interface ChecksumRequest {
  algorithm?: ChecksumAlgorithm;
  /** The value to verify against; undefined when only computed, or when it arrives in a trailer. */
  expected?: string;
  trailer?: string;
}

/** Which checksum a request carries, from its headers; validates their form. */
export function checksumRequest(
  headers: Record<string, string>,
  fallback?: ChecksumAlgorithm,
): ChecksumRequest {
  const present = CHECKSUM_ALGORITHMS.filter((a) => headers[checksumHeader(a)] !== undefined);
  if (present.length > 1) {
    throw invalidRequest(
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  }
  const trailer = headers['x-amz-trailer']?.trim().toLowerCase();
  if (trailer?.startsWith('x-amz-checksum-')) {
    const algorithm = trailer.slice('x-amz-checksum-'.length).toUpperCase();
    if (!isChecksumAlgorithm(algorithm))
      throw invalidRequest('The value specified in the x-amz-trailer header is not supported');
    return { algorithm, trailer };
  }
  const found = present[0];
  if (found) {
    const header = checksumHeader(found);
    const value = headers[header]!;
    if (!isBase64Of(value, DIGEST_BYTES[found])) throw invalidChecksumHeader(header);
    return { algorithm: found, expected: value };
  }
  const named = (
    headers['x-amz-sdk-checksum-algorithm'] ?? headers['x-amz-checksum-algorithm']
  )?.toUpperCase();
  if (named !== undefined) {
    if (!isChecksumAlgorithm(named))
      throw invalidRequest(
        'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
      );
    return { algorithm: named };
  }
  return { algorithm: fallback };
}

function isBase64Of(value: string, bytes: number): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  return Buffer.from(value, 'base64').length === bytes;
}

/** The Content-MD5 header as bytes; InvalidDigest when it is not base64 of 16 bytes. */
export function contentMd5(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  if (!isBase64Of(value, 16)) throw invalidDigest(value);
  return Buffer.from(value, 'base64');
}

export async function ingestBody(
  s3: S3Context,
  body: unknown,
  headers: Record<string, string>,
  request: ChecksumRequest,
): Promise<Ingested> {
  const md5Expected = contentMd5(headers['content-md5']);
  const source = toReadable(body);
  let written: WrittenBlob & { digests: Buffer[] };
  try {
    written = await s3.blobs.write(source, request.algorithm ? ['MD5', request.algorithm] : ['MD5']);
  } catch (e) {
    // The client went away before its body was complete: S3 names the client's fault. Anything else
    // (a full disk, a hash worker lost) is the server's and ends as its internal error.
    if (e instanceof BodyIdleTimeout) throw requestTimeout();
    if (!(e instanceof ServiceError) && isClientAbort(e)) {
      throw new ServiceError(
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
        400,
      );
    }
    throw e;
  }
  const {
    digests: [md5, computed],
    ...blob
  } = written;
  try {
    if (md5Expected && !md5Expected.equals(md5!)) throw badDigestMd5();
    let checksum: Ingested['checksum'];
    if (request.algorithm && computed) {
      const value = computed.toString('base64');
      const expected =
        request.expected ?? (request.trailer ? trailersOf(source)[request.trailer] : undefined);
      if (
        request.trailer &&
        expected !== undefined &&
        !isBase64Of(expected, DIGEST_BYTES[request.algorithm])
      ) {
        throw invalidChecksumHeader(request.trailer);
      }
      if (expected !== undefined && expected !== value) throw badChecksum(request.algorithm);
      checksum = { algorithm: request.algorithm, value };
    }
    return { blob, md5: md5!, checksum };
  } catch (e) {
    await s3.blobs.remove([blob]);
    throw e;
  }
}

/** How Node reports a request body whose connection ended early. */
const CLIENT_ABORTS = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

export function isClientAbort(e: unknown): boolean {
  const err = e as NodeJS.ErrnoException | undefined;
  return CLIENT_ABORTS.has(err?.code ?? '') || err?.message === 'aborted';
}

function toReadable(body: unknown): Readable {
  if (body instanceof Readable) return body;
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return Readable.from([Buffer.from(body)]);
  if (typeof body === 'string') return Readable.from([Buffer.from(body)]);
  return Readable.from([]);
}

/** The trailing headers of an aws-chunked body, which the SigV4 layer's decoder collects as it reads. */
function trailersOf(stream: Readable): Record<string, string> {
  return (stream as Readable & { trailers?: Record<string, string> }).trailers ?? {};
}

/** Drains an unread request body so the connection stays usable after an early error. */
export function discardBody(body: unknown): void {
  if (body instanceof Readable) {
    body.on('error', () => undefined);
    body.resume();
  }
}
