// Lambda custom (non-proxy) integrations — type AWS with a `lambda:path/2015-03-31/functions/…/invocations`
// URI. The mapped request body is the event (an empty one is `{}`, as Invoke without a payload). The
// function's result, or its error object, is the integration response body; a function error picks
// the integration response whose selectionPattern matches its errorMessage, anything else the default
// one. Mapping `X-Amz-Invocation-Type` to 'Event' invokes asynchronously (an empty answer at once).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-custom-integrations.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/handle-errors-in-lambda-integration.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-integration-async.html
import type { HttpResponse } from '../../http-events/index.js';
import { callIntegrationFunction } from './call-function.js';
import type { DataPlaneDeps } from './deps.js';
import type { IntegrationInput } from './integration-input.js';
import { integrationRequest, integrationResponse, scopeOf } from './non-proxy.js';
import { mapParameters } from './parameter-mapping.js';
import * as respond from './responses.js';

/** A Lambda error's errorMessage, and the body with a JSON errorMessage parsed for header mappings. */
function errorDetails(payload: string): { message: string; json?: unknown } {
  try {
    const error = JSON.parse(payload) as { errorMessage?: unknown };
    const message = typeof error?.errorMessage === 'string' ? error.errorMessage : '';
    let parsedMessage: unknown = message;
    try {
      parsedMessage = JSON.parse(message);
    } catch {
      // a plain message
    }
    return { message, json: { ...error, errorMessage: parsedMessage } };
  } catch {
    return { message: payload };
  }
}

export async function lambdaCustom(
  deps: DataPlaneDeps,
  input: IntegrationInput,
  functionArn: string,
): Promise<HttpResponse> {
  const scope = scopeOf(input);
  const mapped = integrationRequest(deps, input, scope);
  if (!mapped.ok) return mapped.response;
  const payload = mapped.body.length ? mapped.body : Buffer.from('{}');
  const log = (line: string): void => deps.log(`apigateway ${input.api.id}: ${line}`);
  try {
    JSON.parse(payload.toString('utf8'));
  } catch {
    // Lambda's Invoke refuses it (InvalidRequestContentException).
    log('Execution failed due to configuration error: Could not parse request body into json');
    return respond.configurationError();
  }
  const headers = mapParameters(input.integration.requestParameters, 'integration.request.header.', scope);
  const invocationType = Object.entries(headers).find(
    ([k]) => k.toLowerCase() === 'x-amz-invocation-type',
  )?.[1];
  const async = invocationType === 'Event';
  const outcome = await callIntegrationFunction(deps, input, functionArn, payload, { async });
  if (outcome.kind === 'timeout') return respond.timedOut();
  if (outcome.kind === 'failed') {
    log(`Execution failed due to configuration error: ${outcome.reason}`);
    return respond.configurationError();
  }
  const body = outcome.answer.payload.toString('utf8');
  const error = outcome.answer.functionError ? errorDetails(body) : undefined;
  const answer = {
    headers: {
      'Content-Type': 'application/json',
      'X-Amzn-RequestId': input.eventContext.requestId,
      ...(outcome.answer.functionError ? { 'X-Amz-Function-Error': outcome.answer.functionError } : {}),
    },
    body,
    json: error?.json,
    bytes: outcome.answer.payload,
    contentType: 'application/json',
    binary: false,
  };
  return integrationResponse(deps, input, scope, error?.message ?? '', answer, async ? 202 : 200);
}
