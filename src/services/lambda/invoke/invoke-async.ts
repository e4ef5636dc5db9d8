// InvokeAsync (deprecated; POST /2014-11-13/functions/{FunctionName}/invoke-async/ → 202 {Status}):
// https://docs.aws.amazon.com/lambda/latest/api/API_InvokeAsync.html — "The payload limit is 256KB."
// It queues the event exactly as Invoke with InvocationType Event does.
import type { Readable } from 'node:stream';
import type { AsyncInvoker } from '../../../events/async-invoker.js';
import type { OperationHandler, RequestContext } from '../../service.js';
import type { InvokeTargetResolver } from '../invoke-target.js';
import { requestEntityTooLarge } from '../errors.js';
import { notActive } from './invoke-errors.js';
import { MAX_INVOKE_ASYNC_ARGS_BYTES, normalizePayload, toBuffer } from './payload.js';

export interface InvokeAsyncInput {
  FunctionName: string;
  InvokeArgs?: unknown;
}

export interface InvokeAsyncDeps {
  resolver: InvokeTargetResolver;
  asyncInvoker: AsyncInvoker;
}

export function invokeAsyncHandler(deps: InvokeAsyncDeps): OperationHandler {
  return async (ctx: RequestContext, input: InvokeAsyncInput) => {
    const raw = await readArgs(input.InvokeArgs);
    if (raw.length > MAX_INVOKE_ASYNC_ARGS_BYTES) {
      throw requestEntityTooLarge(
        `${raw.length} byte payload is too large for the Event invocation type (limit ${MAX_INVOKE_ASYNC_ARGS_BYTES} bytes)`,
      );
    }
    const target = await deps.resolver.resolve(input.FunctionName, undefined, ctx.accountId);
    if (target.state !== 'Active') throw notActive(target.state);
    const payload = normalizePayload(raw);
    await deps.asyncInvoker.enqueue(ctx.accountId, input.FunctionName, undefined, payload, {
      requestId: ctx.requestId,
    });
    return { Status: 202 };
  };
}

/** InvokeArgs is a streaming blob: the codec may hand over bytes or a stream. */
async function readArgs(value: unknown): Promise<Buffer> {
  if (value && typeof (value as Readable).pipe === 'function') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of value as Readable) {
      const b = toBuffer(chunk);
      size += b.length;
      chunks.push(b);
      if (size > MAX_INVOKE_ASYNC_ARGS_BYTES) break;
    }
    return Buffer.concat(chunks);
  }
  return toBuffer(value);
}
