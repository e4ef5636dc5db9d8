// Checks on what a caller hands Invoke, with AWS's limits and messages.
// Limits: https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html ("For synchronous invocations,
// the maximum payload size is 6 MB. For asynchronous invocations, the maximum payload size is 1 MB.")
// and https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html.
import { ServiceError } from '../../../server/service-error.js';
import { requestEntityTooLarge } from '../errors.js';
import { describeJsonError } from './json-error.js';

/** 6 MB: the synchronous request limit (AWS: "Request must be smaller than 6291456 bytes …"). */
export const MAX_SYNC_REQUEST_BYTES = 6_291_456;
/** The synchronous response limit AWS enforces on the function's answer (6291556, as AWS reports it). */
export const MAX_SYNC_RESPONSE_BYTES = 6_291_556;
/** 1 MB: the asynchronous (Event) payload limit. */
export const MAX_ASYNC_REQUEST_BYTES = 1_048_576;
/** 256 KB: the deprecated InvokeAsync's limit (https://docs.aws.amazon.com/lambda/latest/dg/API_InvokeAsync.html). */
export const MAX_INVOKE_ASYNC_ARGS_BYTES = 262_144;
/** "Up to 3,583 bytes of base64-encoded data" (Invoke's ClientContext). */
export const MAX_CLIENT_CONTEXT_BYTES = 3583;

const user = { Type: 'User' };

/**
 * AWS answers an oversized synchronous payload with RequestEntityTooLargeException (413)
 * "Request must be smaller than 6291456 bytes for the InvokeFunction operation", and an oversized
 * Event payload with "<n> byte payload is too large for the Event invocation type (limit <max> bytes)".
 * (The model names the shape RequestTooLargeException; the wire code AWS sends is RequestEntityTooLargeException.)
 */
export function checkPayloadSize(payload: Buffer, invocationType: string): void {
  if (invocationType === 'Event') {
    if (payload.length > MAX_ASYNC_REQUEST_BYTES) {
      throw requestEntityTooLarge(
        `${payload.length} byte payload is too large for the Event invocation type (limit ${MAX_ASYNC_REQUEST_BYTES} bytes)`,
      );
    }
  } else if (payload.length > MAX_SYNC_REQUEST_BYTES) {
    throw requestEntityTooLarge(
      `Request must be smaller than ${MAX_SYNC_REQUEST_BYTES} bytes for the InvokeFunction operation`,
    );
  }
}

/** An absent or empty payload reaches the function as `{}` (as on AWS); anything else must be JSON. */
export function normalizePayload(payload: Buffer): Buffer {
  if (payload.length === 0) return Buffer.from('{}');
  const text = payload.toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    throw new ServiceError(
      'InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: ${describeJsonError(text)}`,
      400,
      user,
    );
  }
  return payload;
}

/** The X-Amz-Client-Context header must be base64 of a JSON object, at most 3583 bytes. */
export function checkClientContext(clientContext: string | undefined): void {
  if (clientContext === undefined || clientContext === '') return;
  const invalid = (): ServiceError =>
    new ServiceError(
      'InvalidRequestContentException',
      'Client context must be a valid Base64-encoded JSON object.',
      400,
      user,
    );
  if (Buffer.byteLength(clientContext) > MAX_CLIENT_CONTEXT_BYTES) throw invalid();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clientContext)) throw invalid();
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientContext, 'base64').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  } catch {
    throw invalid();
  }
}

/** Whatever the codec hands over for a blob member (Buffer, bytes, string, absent) as a Buffer. */
export function toBuffer(value: unknown): Buffer {
  if (value === undefined || value === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value);
  throw new TypeError(`unexpected payload type ${typeof value}`);
}
