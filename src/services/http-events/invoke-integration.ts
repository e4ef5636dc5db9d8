// Calling a function from an API Gateway data plane (REST and HTTP APIs alike): resolve it, check
// that its resource-based policy lets `apigateway.amazonaws.com` invoke it from this source ARN
// (arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}), run it synchronously, and
// give up after the integration timeout (the function keeps running, as on AWS). API Gateway does not
// retry; each API type turns the outcome into its own status. Each invocation gets a Lambda request
// id of its own (a UUID, the function's context.awsRequestId), as Lambda gives every Invoke one;
// API Gateway's request id (HTTP APIs': base64 with '/' and '+') is the event's
// requestContext.requestId, never a Runtime API path segment.
// https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html
import { randomUUID } from 'node:crypto';
import { invokeDenied, serviceMayInvoke } from '../../iam/resource-policy-invoke.js';
import { isServiceError } from '../../server/service-error.js';
import type { InvokeTarget, InvokeTargetResolver } from '../lambda/invoke-target.js';

export interface IntegrationDeps {
  resolver: InvokeTargetResolver;
  invoke(
    target: InvokeTarget,
    payload: Buffer,
    requestId: string,
  ): Promise<{ payload: Buffer; functionError?: string }>;
  /** Queues the event (Lambda's Event invocation type); needed only for `async` calls. */
  invokeAsync?(target: InvokeTarget, payload: Buffer, requestId: string): Promise<void>;
}

export interface IntegrationCall {
  functionArn: string;
  accountId: string;
  sourceArn: string;
  payload: Buffer;
  /** API Gateway's request id (in the event already); the invocation's own id is a new UUID. */
  requestId: string;
  timeoutMs: number;
  /** Invoke with the Event invocation type: queued, answered at once with an empty payload. */
  async?: boolean;
}

export type IntegrationOutcome =
  | { kind: 'ok'; payload: Buffer; functionError?: string }
  | { kind: 'denied'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'timeout' };

const APIGATEWAY = 'apigateway.amazonaws.com';

const describe = (e: unknown): string => (isServiceError(e) ? `${e.code}: ${e.message}` : String(e));

export async function invokeIntegration(
  deps: IntegrationDeps,
  call: IntegrationCall,
): Promise<IntegrationOutcome> {
  let target: InvokeTarget;
  try {
    target = await deps.resolver.resolve(call.functionArn, undefined, call.accountId);
  } catch (e) {
    return { kind: 'failed', reason: `function ${call.functionArn}: ${describe(e)}` };
  }
  if (target.state !== 'Active')
    return { kind: 'failed', reason: `function ${call.functionArn} is ${target.state}` };
  const caller = { principal: APIGATEWAY, sourceArn: call.sourceArn, sourceAccount: call.accountId };
  if (!serviceMayInvoke(target, caller)) return { kind: 'denied', reason: invokeDenied(target, caller) };

  if (call.async) {
    if (!deps.invokeAsync) return { kind: 'failed', reason: 'asynchronous invocation is not available' };
    try {
      await deps.invokeAsync(target, call.payload, randomUUID());
      return { kind: 'ok', payload: Buffer.alloc(0) };
    } catch (e) {
      return { kind: 'failed', reason: `invoke failed: ${describe(e)}` };
    }
  }

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<IntegrationOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), call.timeoutMs);
  });
  const run = deps.invoke(target, call.payload, randomUUID()).then(
    (answer): IntegrationOutcome => ({
      kind: 'ok',
      payload: answer.payload,
      functionError: answer.functionError,
    }),
    (e: unknown): IntegrationOutcome => ({ kind: 'failed', reason: `invoke failed: ${describe(e)}` }),
  );
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
