// The documents and log lines the Lambda platform itself writes (as opposed to the runtime in
// the function's process). Forms are AWS's, as seen in Invoke responses and CloudWatch Logs:
//  - exit:    {"errorType":"Runtime.ExitError","errorMessage":"RequestId: <id> Error: Runtime exited with error: exit status 1"}
//  - OOM:     {"errorType":"Runtime.OutOfMemory","errorMessage":"RequestId: <id> Error: Runtime exited with error: signal: killed"}
//  - timeout: {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id> Error: Task timed out after 3.00 seconds"}
//    (https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html#troubleshooting-timeouts)
//  - log:     START / END / REPORT lines (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html)

/** Max payload the Runtime API accepts for a response: 6 MiB + 100 bytes (AWS's LAMBDA_EVENT_BODY_SIZE). */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

/** Go's names for the signals, as the platform reports "signal: <name>". */
const SIGNAL_NAMES: Record<string, string> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'floating point exception',
  SIGINT: 'interrupt',
  SIGHUP: 'hangup',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
  SIGTRAP: 'trace/breakpoint trap',
  SIGUSR1: 'user defined signal 1',
  SIGUSR2: 'user defined signal 2',
};

/** "Runtime exited with error: exit status 1" / "...: signal: killed" / "Runtime exited without providing a reason". */
export function exitReason(code: number | null, signal: string | null): string {
  if (signal) return `Runtime exited with error: signal: ${SIGNAL_NAMES[signal] ?? signal}`;
  if (code === 0 || code === null) return 'Runtime exited without providing a reason';
  return `Runtime exited with error: exit status ${code}`;
}

export interface PlatformError {
  errorType: string;
  errorMessage: string;
}

export function platformError(errorType: string, requestId: string, reason: string): PlatformError {
  return { errorType, errorMessage: `RequestId: ${requestId} Error: ${reason}` };
}

/** "3.00 seconds": AWS prints the configured timeout with two decimals. */
export function timeoutReason(timeoutSeconds: number): string {
  return `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  /** 'timeout' or 'error' when the platform ended the invocation. */
  status?: 'timeout' | 'error';
  errorType?: string;
}

/** `REPORT RequestId: …\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t…` */
export function reportLine(f: ReportFields): string {
  const parts = [
    `REPORT RequestId: ${f.requestId}`,
    `Duration: ${f.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${billedDuration(f.durationMs)} ms`,
    `Memory Size: ${f.memorySizeMb} MB`,
    `Max Memory Used: ${f.maxMemoryUsedMb} MB`,
  ];
  if (f.initDurationMs !== undefined) parts.push(`Init Duration: ${f.initDurationMs.toFixed(2)} ms`);
  if (f.status) parts.push(`Status: ${f.status}`);
  if (f.errorType) parts.push(`Error Type: ${f.errorType}`);
  return parts.join('\t') + '\t';
}

/** Lambda bills per millisecond, rounded up (at least 1 ms). */
export function billedDuration(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs));
}

/** The line the platform logs after a timeout: `2024-01-01T00:00:00.000Z <id> Task timed out after 3.00 seconds`. */
export function timeoutLogLine(now: Date, requestId: string, timeoutSeconds: number): string {
  return `${now.toISOString()} ${requestId} ${timeoutReason(timeoutSeconds)}`;
}

/** The platform's log event after a runtime exit: `RequestId: <id> Error: <reason>\n<errorType>`. */
export function exitLogLine(err: PlatformError): string {
  return `${err.errorMessage}\n${err.errorType}`;
}
