// When the async queue tries an event again, and when it gives up — AWS's documented schedule
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html):
//   "If the function returns an error, by default Lambda attempts to run it two more times, with a
//    one-minute wait between the first two attempts, and two minutes between the second and third."
//   "For throttling errors (429) and system errors (500-series), Lambda returns the event to the queue
//    and attempts to run the function again for up to 6 hours by default. The retry interval increases
//    exponentially from 1 second after the first attempt to a maximum of 5 minutes."
// MaximumRetryAttempts (0–2) and MaximumEventAgeInSeconds (60–21600) come from the function's
// event invoke config (https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html).
import type { EventInvokeConfig } from '../services/lambda/invoke-target.js';

export const DEFAULT_MAX_RETRY_ATTEMPTS = 2;
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 6 * 60 * 60;
const MINUTE = 60_000;
const MAX_SYSTEM_RETRY_MS = 5 * MINUTE;

export function maxRetryAttempts(config: EventInvokeConfig | undefined): number {
  return config?.MaximumRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS;
}

export function maxEventAgeMs(config: EventInvokeConfig | undefined): number {
  return (config?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;
}

/** Wait before the next attempt after the `failures`-th function error (1 → 1 minute, 2 → 2 minutes). */
export function functionErrorDelayMs(failures: number, scale: number): number {
  return failures * MINUTE * scale;
}

/** Wait after the `errors`-th consecutive throttle or system error: 1 s, 2 s, 4 s … at most 5 minutes. */
export function systemErrorDelayMs(errors: number, scale: number): number {
  return Math.min(1000 * 2 ** Math.max(0, errors - 1), MAX_SYSTEM_RETRY_MS) * scale;
}

/**
 * Whether an event enqueued at `enqueuedAt` may still be attempted at `at`. Like AWS, a retry that
 * would start after the event's maximum age is not scheduled: the event expires (EventAgeExceeded) now.
 */
export function withinAge(enqueuedAt: number, at: number, config: EventInvokeConfig | undefined): boolean {
  return at - enqueuedAt <= maxEventAgeMs(config);
}
