// An HTTP API's Lambda call (integrations and Lambda authorizers): the shared integration call
// (http-events/invoke-integration.ts), with a function error told apart from a good answer.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
import { invokeIntegration, type IntegrationCall } from '../../http-events/invoke-integration.js';
import type { ApiGatewayV2Deps } from '../deps.js';

export type InvokeOutcome =
  | { kind: 'ok'; payload: Buffer }
  | { kind: 'function-error'; payload: Buffer; error: string }
  | { kind: 'denied'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'timeout' };

export type InvokeCall = IntegrationCall;

export async function invokeFunction(deps: ApiGatewayV2Deps, call: InvokeCall): Promise<InvokeOutcome> {
  const outcome = await invokeIntegration(deps, call);
  if (outcome.kind === 'ok' && outcome.functionError) {
    return { kind: 'function-error', payload: outcome.payload, error: outcome.functionError };
  }
  return outcome.kind === 'ok' ? { kind: 'ok', payload: outcome.payload } : outcome;
}
