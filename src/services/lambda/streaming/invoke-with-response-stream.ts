// InvokeWithResponseStream (POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations):
// the function's answer as an event stream of PayloadChunk events, as the function writes it, closed by
// one InvokeComplete event carrying ErrorCode / ErrorDetails when the function failed and LogResult
// when LogType is Tail. https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html
// A function that does not stream answers in one PayloadChunk. InvocationType RequestResponse (the
// default) or DryRun (204 after every check, no stream).
import { PassThrough, type Readable } from 'node:stream';
import type { Runtime } from '../../../runtime/runtime.js';
import type { InvocationResult } from '../../../runtime/types.js';
import type { OperationHandler, RequestContext } from '../../service.js';
import type { ConcurrencyLimiter } from '../invoke/concurrency.js';
import { notActive, tooManyRequests } from '../invoke/invoke-errors.js';
import { checkClientContext, checkPayloadSize, normalizePayload, toBuffer } from '../invoke/payload.js';
import { encodeLogTail } from '../invoke/run-sync.js';
import type { InvokeTargetResolver } from '../invoke-target.js';
import { invalidParameter } from '../errors.js';
import { encodeEvent } from './event-stream.js';

export interface StreamingInvokeDeps {
  resolver: InvokeTargetResolver;
  runtime: Runtime;
  limiter: ConcurrencyLimiter;
}

interface Input {
  FunctionName: string;
  InvocationType?: string;
  LogType?: 'None' | 'Tail';
  ClientContext?: string;
  Qualifier?: string;
  Payload?: unknown;
}

const chunk = (bytes: Buffer): Buffer => encodeEvent('PayloadChunk', 'application/octet-stream', bytes);

/** InvokeComplete: ErrorCode / ErrorDetails from the function's error document, LogResult when asked. */
function complete(result: InvocationResult, tailLog: boolean): Buffer {
  const doc: Record<string, string> = {};
  if (result.functionError) {
    let error: { errorType?: unknown; errorMessage?: unknown } = {};
    try {
      error = JSON.parse(result.payload.toString('utf8')) as typeof error;
    } catch {
      // not a JSON error document: report the function error kind alone
    }
    doc.ErrorCode = typeof error.errorType === 'string' ? error.errorType : result.functionError;
    doc.ErrorDetails = typeof error.errorMessage === 'string' ? error.errorMessage : '';
  }
  if (tailLog) doc.LogResult = encodeLogTail(result.logTail ?? '');
  return encodeEvent('InvokeComplete', 'application/json', Buffer.from(JSON.stringify(doc)));
}

export function invokeWithResponseStreamHandler(deps: StreamingInvokeDeps): OperationHandler {
  return async (ctx: RequestContext, input: Input) => {
    const type = input.InvocationType ?? 'RequestResponse';
    if (type !== 'RequestResponse' && type !== 'DryRun') {
      throw invalidParameter(`Unsupported invocation type ${type}`);
    }
    const raw = toBuffer(input.Payload);
    checkPayloadSize(raw, 'RequestResponse');
    checkClientContext(input.ClientContext);
    const target = await deps.resolver.resolve(input.FunctionName, input.Qualifier, ctx.accountId);
    if (target.state !== 'Active') throw notActive(target.state);
    const payload = normalizePayload(raw);
    if (type === 'DryRun') return { StatusCode: 204 };
    const slot = deps.limiter.acquire(target);
    if (typeof slot === 'string') throw tooManyRequests(slot);
    const tailLog = input.LogType === 'Tail';

    let onStream!: (s: { contentType: string; body: Readable }) => void;
    const started = new Promise<{ contentType: string; body: Readable }>((resolve) => (onStream = resolve));
    const done = deps.runtime.invoke(target.spec, {
      requestId: ctx.requestId,
      payload,
      invokedFunctionArn: target.invokedArn,
      ...(input.ClientContext ? { clientContext: input.ClientContext } : {}),
      tailLog,
      onResponseStream: onStream,
    });
    done.finally(() => slot.release()).catch(() => undefined);
    const first = await Promise.race([done.then((result) => ({ result })), started.then((s) => ({ s }))]);

    const events = new PassThrough();
    let contentType: string;
    if ('result' in first) {
      // Not streamed: the whole answer (unless it is an error document) in one chunk.
      contentType = 'application/json';
      if (!first.result.functionError && first.result.payload.length > 0)
        events.write(chunk(first.result.payload));
      events.end(complete(first.result, tailLog));
    } else {
      contentType = first.s.contentType;
      first.s.body.on('data', (bytes: Buffer) => events.write(chunk(bytes)));
      first.s.body.on('error', () => undefined);
      done.then(
        (result) => events.end(complete(result, tailLog)),
        (e: unknown) => events.destroy(e as Error),
      );
    }
    return {
      StatusCode: 200,
      ExecutedVersion: target.executedVersion,
      ResponseStreamContentType: contentType,
      EventStream: events,
    };
  };
}
