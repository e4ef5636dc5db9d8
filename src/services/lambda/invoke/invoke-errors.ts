// The errors the invoke path raises, in AWS's words.
import { ServiceError } from '../../../server/service-error.js';
import { conflict } from '../errors.js';
import type { ThrottleReason } from './concurrency.js';

/**
 * A throttled synchronous invocation: 429 TooManyRequestsException with the throttle `Reason`,
 * `Type: User` and the message "Rate Exceeded." (the body AWS sends:
 * {"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}),
 * plus the modelled Retry-After header (TooManyRequestsException.retryAfterSeconds).
 */
export function tooManyRequests(reason: ThrottleReason, retryAfterSeconds = 1): ServiceError {
  return new ServiceError(
    'TooManyRequestsException',
    'Rate Exceeded.',
    429,
    { Reason: reason, Type: 'User' },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/**
 * Invoking a function that is not Active: AWS answers ResourceConflictException (409) "The operation
 * cannot be performed at this time. The function is currently in the following state: Pending"
 * (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html: "Functions can only be
 * successfully invoked while active").
 */
export function notActive(state: string): ServiceError {
  return conflict(
    `The operation cannot be performed at this time. The function is currently in the following state: ${state}`,
  );
}

/**
 * The error document Lambda returns in place of a synchronous response larger than 6 MB
 * (errorType Function.ResponseSizeTooLarge, as the Runtime Interface Emulator and AWS report it).
 */
export function responseTooLargeDocument(size: number, max: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      errorMessage: `Response payload size (${size} bytes) exceeded maximum allowed payload size (${max} bytes).`,
      errorType: 'Function.ResponseSizeTooLarge',
    }),
  );
}
