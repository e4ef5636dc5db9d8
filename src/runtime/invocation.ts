// One invocation in an environment: its Runtime API headers, its clock, and the result the
// environment resolves it with.
import { randomHex } from '../server/random-pool.js';
import type { InvocationRequest, InvocationResult } from './types.js';
import { InvocationTail } from './log-collector.js';

export interface Outcome {
  payload: Buffer;
  functionError?: 'Unhandled' | 'Handled';
  /** Set when the platform ended the invocation (REPORT's Status / Error Type). */
  status?: 'timeout' | 'error';
  errorType?: string;
}

/** An invocation the platform ended (timeout, exit, out of memory, bad entrypoint): its error document. */
export function platformFailure(
  err: { errorType: string; errorMessage: string },
  status: 'timeout' | 'error' = 'error',
): Outcome {
  const outcome: Outcome = { payload: Buffer.from(JSON.stringify(err)), functionError: 'Unhandled', status };
  if (status === 'error') outcome.errorType = err.errorType;
  return outcome;
}

export class Invocation {
  readonly tail: InvocationTail | undefined;
  /** performance.now() when the runtime received the event (undefined while still initializing). */
  dispatchedAt: number | undefined;
  deadlineMs = 0;
  /** Content type of the runtime's streamed answer, when it streamed one. */
  streamContentType: string | undefined;
  readonly startedAt = performance.now();
  settled = false;
  private resolveFn!: (r: InvocationResult) => void;
  private rejectFn!: (e: unknown) => void;
  readonly promise: Promise<InvocationResult>;

  constructor(
    readonly request: InvocationRequest,
    readonly timeoutSeconds: number,
  ) {
    this.tail = request.tailLog ? new InvocationTail() : undefined;
    this.promise = new Promise((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
  }

  get requestId(): string {
    return this.request.requestId;
  }

  /** Marks the hand-over to the runtime and returns the /next response headers. */
  dispatch(): Record<string, string> {
    const now = Date.now();
    this.dispatchedAt = performance.now();
    this.deadlineMs = now + this.timeoutSeconds * 1000;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': this.requestId,
      'Lambda-Runtime-Deadline-Ms': String(this.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': this.request.invokedFunctionArn,
      'Lambda-Runtime-Trace-Id': traceHeader(now),
    };
    // X-Amz-Client-Context arrives base64-encoded; the runtime gets the JSON itself.
    if (this.request.clientContext) {
      headers['Lambda-Runtime-Client-Context'] = Buffer.from(this.request.clientContext, 'base64').toString(
        'utf8',
      );
    }
    if (this.request.cognitoIdentity)
      headers['Lambda-Runtime-Cognito-Identity'] = this.request.cognitoIdentity;
    return headers;
  }

  /** Time in the handler (or, when init failed, since the invocation began). */
  durationMs(): number {
    return performance.now() - (this.dispatchedAt ?? this.startedAt);
  }

  resolve(result: InvocationResult): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveFn(result);
  }

  reject(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.rejectFn(err);
  }
}

/** An X-Ray trace header as Lambda sends it: Root=1-<epoch hex>-<96-bit id>;Parent=<64-bit id>;Sampled=0. */
function traceHeader(now: number): string {
  const epoch = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  const ids = randomHex(20);
  return `Root=1-${epoch}-${ids.slice(0, 24)};Parent=${ids.slice(24)};Sampled=0`;
}
