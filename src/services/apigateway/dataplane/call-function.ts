// Calling a function from API Gateway: resolve it, check that its resource policy lets
// `apigateway.amazonaws.com` invoke it from this source ARN, run it synchronously, and give up after
// the integration timeout. API Gateway does not retry; the outcome decides the client's status.
// https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html
import { isInvokeAllowed } from '../../../iam/resource-policy.js';
import type { DataPlaneDeps, FunctionAnswer } from './deps.js';

export type CallOutcome =
  { kind: 'ok'; answer: FunctionAnswer } | { kind: 'failed'; reason: string } | { kind: 'timeout' };

export async function callFunction(
  deps: DataPlaneDeps,
  call: {
    functionArn: string;
    accountId: string;
    sourceArn: string;
    payload: Buffer;
    requestId: string;
    timeoutMs: number;
  },
): Promise<CallOutcome> {
  let target;
  try {
    target = await deps.resolver.resolve(call.functionArn, undefined, call.accountId);
  } catch (e) {
    return { kind: 'failed', reason: `function ${call.functionArn}: ${(e as Error).message}` };
  }
  if (target.state !== 'Active')
    return { kind: 'failed', reason: `function ${call.functionArn} is ${target.state}` };
  const allowed = isInvokeAllowed(target.policy, {
    principal: { service: 'apigateway.amazonaws.com' },
    action: 'lambda:InvokeFunction',
    resource: target.invokedArn,
    sourceArn: call.sourceArn,
    sourceAccount: call.accountId,
  });
  if (!allowed) {
    return {
      kind: 'failed',
      reason: `Invalid permissions on Lambda function: the policy of ${target.invokedArn} does not allow apigateway.amazonaws.com from ${call.sourceArn}`,
    };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CallOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), call.timeoutMs);
  });
  const run = deps
    .invoke(target, call.payload, call.requestId)
    .then((answer): CallOutcome => ({ kind: 'ok', answer }))
    .catch((e: unknown): CallOutcome => ({
      kind: 'failed',
      reason: `invoke failed: ${(e as Error).message}`,
    }));
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
