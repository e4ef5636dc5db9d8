// One synchronous (RequestResponse) invocation: take a concurrency slot or throttle, run the function
// in the runtime, and shape its answer as Invoke's output.
import type { Runtime } from '../../../runtime/runtime.js';
import type { InvokeTarget } from '../invoke-target.js';
import type { ConcurrencyLimiter } from './concurrency.js';
import { responseTooLargeDocument, tooManyRequests } from './invoke-errors.js';
import { MAX_SYNC_RESPONSE_BYTES } from './payload.js';

/** LogResult is "The last 4 KB of the execution log, which is base64-encoded." */
export const LOG_TAIL_BYTES = 4096;

export interface SyncInvocation {
  requestId: string;
  payload: Buffer;
  clientContext?: string;
  tailLog: boolean;
}

export interface InvokeOutput extends Record<string, unknown> {
  StatusCode: number;
  FunctionError?: string;
  LogResult?: string;
  Payload?: Buffer;
  ExecutedVersion?: string;
}

export async function runSync(
  runtime: Runtime,
  limiter: ConcurrencyLimiter,
  target: InvokeTarget,
  invocation: SyncInvocation,
): Promise<InvokeOutput> {
  const slot = limiter.acquire(target);
  if (typeof slot === 'string') throw tooManyRequests(slot);
  let result;
  try {
    result = await runtime.invoke(target.spec, {
      requestId: invocation.requestId,
      payload: invocation.payload,
      invokedFunctionArn: target.invokedArn,
      clientContext: invocation.clientContext || undefined,
      tailLog: invocation.tailLog,
    });
  } finally {
    slot.release();
  }
  let payload = result.payload;
  let functionError: string | undefined = result.functionError;
  if (payload.length > MAX_SYNC_RESPONSE_BYTES) {
    payload = responseTooLargeDocument(payload.length, MAX_SYNC_RESPONSE_BYTES);
    functionError = 'Unhandled';
  }
  const output: InvokeOutput = { StatusCode: 200, Payload: payload, ExecutedVersion: target.executedVersion };
  if (functionError) output.FunctionError = functionError;
  if (invocation.tailLog) output.LogResult = encodeLogTail(result.logTail ?? '');
  return output;
}

/** Base64 of the last 4 KB of the log (cut on a byte boundary, as AWS does). */
export function encodeLogTail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString('base64');
}
