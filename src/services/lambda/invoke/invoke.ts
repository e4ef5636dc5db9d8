// Invoke (POST /2015-03-31/functions/{FunctionName}/invocations):
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
//   RequestResponse → 200 with the function's answer (FunctionError, LogResult, ExecutedVersion);
//   Event → 202 once the event is durably queued; DryRun → 204 after every check passes.
import type { AsyncInvoker } from '../../../events/async-invoker.js';
import type { Runtime } from '../../../runtime/runtime.js';
import type { OperationHandler, RequestContext } from '../../service.js';
import type { InvokeTargetResolver } from '../invoke-target.js';
import type { ConcurrencyLimiter } from './concurrency.js';
import { notActive } from './invoke-errors.js';
import { checkClientContext, checkPayloadSize, normalizePayload, toBuffer } from './payload.js';
import { type InvokeOutput, runSync } from './run-sync.js';

export interface InvokeInput {
  FunctionName: string;
  InvocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  LogType?: 'None' | 'Tail';
  ClientContext?: string;
  Qualifier?: string;
  Payload?: unknown;
}

export interface InvokeDeps {
  resolver: InvokeTargetResolver;
  runtime: Runtime;
  limiter: ConcurrencyLimiter;
  asyncInvoker: AsyncInvoker;
}

export function invokeHandler(deps: InvokeDeps): OperationHandler {
  return async (ctx: RequestContext, input: InvokeInput): Promise<InvokeOutput> => {
    const type = input.InvocationType ?? 'RequestResponse';
    const raw = toBuffer(input.Payload);
    checkPayloadSize(raw, type);
    checkClientContext(input.ClientContext);
    const target = await deps.resolver.resolve(input.FunctionName, input.Qualifier, ctx.accountId);
    if (target.state !== 'Active') throw notActive(target.state);
    const payload = normalizePayload(raw);
    switch (type) {
      case 'DryRun':
        return { StatusCode: 204 };
      case 'Event':
        // Queued under the caller's spelling of the function so each attempt resolves it afresh
        // (new code, alias weights). The client context is not passed on: AWS passes it "for
        // synchronous invocations only".
        await deps.asyncInvoker.enqueue(ctx.accountId, input.FunctionName, input.Qualifier, payload, {
          requestId: ctx.requestId,
        });
        return { StatusCode: 202 };
      case 'RequestResponse':
        return runSync(deps.runtime, deps.limiter, target, {
          requestId: ctx.requestId,
          payload,
          ...(input.ClientContext ? { clientContext: input.ClientContext } : {}),
          tailLog: input.LogType === 'Tail',
        });
    }
  };
}
