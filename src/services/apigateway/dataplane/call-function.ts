// A REST API's Lambda call: the shared integration call (http-events/invoke-integration.ts), with a
// refused permission reported like any other failure (REST APIs answer 500 for both).
import { invokeIntegration, type IntegrationCall } from '../../http-events/invoke-integration.js';
import type { DataPlaneDeps, FunctionAnswer } from './deps.js';

export type CallOutcome =
  { kind: 'ok'; answer: FunctionAnswer } | { kind: 'failed'; reason: string } | { kind: 'timeout' };

export async function callFunction(deps: DataPlaneDeps, call: IntegrationCall): Promise<CallOutcome> {
  const outcome = await invokeIntegration(deps, call);
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'ok', answer: { payload: outcome.payload, functionError: outcome.functionError } };
    case 'denied':
      return { kind: 'failed', reason: `Invalid permissions on Lambda function: ${outcome.reason}` };
    case 'failed':
    case 'timeout':
      return outcome;
  }
}
