// One error type for every service: the AWS error code, the HTTP status and the message.
// Codecs serialize it in their protocol's shape; anything else thrown by a handler becomes
// an InternalFailure (500) logged with the request id.

export class ServiceError extends Error {
  constructor(
    /** AWS error code, e.g. 'ResourceNotFoundException'. */
    readonly code: string,
    message: string,
    /** HTTP status code. */
    readonly status = 400,
    /** Extra members of the error shape (e.g. Lambda's `Type`, S3's `Resource`, throttling `Reason`). */
    readonly fields: Record<string, unknown> = {},
    /** Extra response headers (e.g. `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export function isServiceError(e: unknown): e is ServiceError {
  return e instanceof ServiceError;
}
