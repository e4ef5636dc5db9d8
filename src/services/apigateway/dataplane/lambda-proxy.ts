// AWS_PROXY to Lambda: the REST flavour of the payload 1.0 event in, the function's
// {statusCode, headers, body} out; a function error or a malformed answer is a 502.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
import { buildEventV1, mapResponseV1, type HttpResponse } from '../../http-events/index.js';
import { callIntegrationFunction } from './call-function.js';
import type { DataPlaneDeps } from './deps.js';
import type { IntegrationInput } from './integration-input.js';
import * as respond from './responses.js';

export async function lambdaProxy(
  deps: DataPlaneDeps,
  input: IntegrationInput,
  functionArn: string,
): Promise<HttpResponse> {
  const { api, req, match, eventContext, stageName } = input;
  const event = buildEventV1(req, eventContext, {
    flavor: 'rest',
    contextPath: `/${stageName}${eventContext.path}`,
    resourceId: match.resource.id,
    identity: input.identity,
  });
  const outcome = await callIntegrationFunction(deps, input, functionArn, Buffer.from(JSON.stringify(event)));
  if (outcome.kind === 'timeout') return respond.timedOut();
  if (outcome.kind === 'failed') {
    deps.log(`apigateway ${api.id}: Execution failed due to configuration error: ${outcome.reason}`);
    return respond.configurationError();
  }
  if (outcome.answer.functionError) {
    deps.log(`apigateway ${api.id}: Lambda execution failed with status 200 due to customer function error`);
    return respond.badGateway();
  }
  const mapped = mapResponseV1(outcome.answer.payload);
  if (!mapped.ok) {
    deps.log(`apigateway ${api.id}: Execution failed due to configuration error: ${mapped.reason}`);
    return respond.badGateway();
  }
  return mapped.response;
}
