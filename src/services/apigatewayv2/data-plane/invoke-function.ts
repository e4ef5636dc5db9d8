// Runs a Lambda integration (or a Lambda authorizer) the way API Gateway does: as the service principal
// apigateway.amazonaws.com, allowed only when the function's resource-based policy grants it for the
// calling route ("API Gateway ... needs permission to invoke your function ... SourceArn
// arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}"), within the integration's
// timeout. The function keeps running after a timeout, as on AWS.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
import { isInvokeAllowed } from '../../../iam/resource-policy.js';
import { isServiceError } from '../../../server/service-error.js';
import type { ApiGatewayV2Deps } from '../deps.js';

export type InvokeOutcome =
  | { kind: 'ok'; payload: Buffer }
  | { kind: 'function-error'; payload: Buffer; error: string }
  | { kind: 'denied'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'timeout' };

export interface InvokeCall {
  functionArn: string;
  accountId: string;
  sourceArn: string;
  payload: Buffer;
  requestId: string;
  timeoutMs: number;
}

export async function invokeFunction(deps: ApiGatewayV2Deps, call: InvokeCall): Promise<InvokeOutcome> {
  let target;
  try {
    target = await deps.resolver.resolve(call.functionArn, undefined, call.accountId);
  } catch (e) {
    return { kind: 'failed', reason: isServiceError(e) ? `${e.code}: ${e.message}` : String(e) };
  }
  const allowed = isInvokeAllowed(target.policy, {
    principal: { service: 'apigateway.amazonaws.com' },
    action: 'lambda:InvokeFunction',
    resource: target.invokedArn,
    sourceArn: call.sourceArn,
    sourceAccount: call.accountId,
  });
  if (!allowed) {
    return {
      kind: 'denied',
      reason: `The function's resource-based policy does not allow apigateway.amazonaws.com to invoke ${target.invokedArn} from ${call.sourceArn}`,
    };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<InvokeOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), call.timeoutMs);
  });
  const run = deps.invoke(target, call.payload, call.requestId).then(
    (r): InvokeOutcome =>
      r.functionError
        ? { kind: 'function-error', payload: r.payload, error: r.functionError }
        : { kind: 'ok', payload: r.payload },
    (e: unknown): InvokeOutcome => ({
      kind: 'failed',
      reason: isServiceError(e) ? `${e.code}: ${e.message}` : String(e),
    }),
  );
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
