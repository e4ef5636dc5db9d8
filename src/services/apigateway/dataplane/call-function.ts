// A REST API's Lambda call: the shared integration call (http-events/invoke-integration.ts), with a
// refused permission reported like any other failure (REST APIs answer 500 for both).
import { invokeIntegration, type IntegrationCall } from '../../http-events/invoke-integration.js';
import type { DataPlaneDeps, FunctionAnswer } from './deps.js';
import type { IntegrationInput } from './integration-input.js';

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

/**
 * A method's integration calling its function (proxy or not): from the method's source ARN, with
 * `${stageVariables.x}` in the function ARN substituted and the integration latency and status
 * recorded for the access log.
 */
export async function callIntegrationFunction(
  deps: DataPlaneDeps,
  input: IntegrationInput,
  functionArn: string,
  payload: Buffer,
  options: { async?: boolean } = {},
): Promise<CallOutcome> {
  const { api, req, match, eventContext, stageName, log } = input;
  const started = Date.now();
  const outcome = await callFunction(deps, {
    functionArn: functionArn.replace(
      /\$\{stageVariables\.([^}]+)\}/g,
      (_m, name: string) => eventContext.stageVariables?.[name] ?? '',
    ),
    accountId: api.accountId,
    sourceArn: `arn:aws:execute-api:${deps.region}:${api.accountId}:${api.id}/${stageName}/${req.method.toUpperCase()}${match.resourcePath}`,
    payload,
    requestId: eventContext.requestId,
    timeoutMs: input.integration.timeoutInMillis,
    async: options.async,
  });
  log.integrationLatency = Date.now() - started;
  log['integration.latency'] = log.integrationLatency;
  if (outcome.kind === 'ok') {
    log.integrationStatus = options.async ? 202 : 200;
    log['integration.status'] = log.integrationStatus;
  }
  return outcome;
}
