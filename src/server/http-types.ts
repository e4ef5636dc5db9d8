// The server's view of one HTTP exchange, independent of HTTP/1.1 or HTTP/2.
// Codecs and the router work on these; service handlers never see them.
import type { Readable } from 'node:stream';

export interface HttpRequest {
  method: string;
  /** Raw path as received, still percent-encoded, without the query string. */
  path: string;
  /** Raw query string without the leading '?', still percent-encoded ('' when absent). */
  rawQuery: string;
  /** Decoded query parameters in order (a key may repeat). */
  query: Array<[string, string]>;
  /** Header names lower-cased; repeated headers joined with ', ' as HTTP allows. */
  headers: Record<string, string>;
  /** The whole body. Streaming operations (S3) use `stream` instead and leave this empty. */
  body: Buffer;
  /** The body as a stream, for operations whose payload is a streaming blob. */
  stream?: Readable;
  /** Remote address of the client. */
  sourceIp: string;
  /** 'HTTP/1.1' or 'HTTP/2.0'. */
  protocol: string;
  /** How long (ms) the body may go without a byte before its reader fails (BodyIdleTimeout); 0 = never. */
  bodyIdleMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer | string | Readable;
}
