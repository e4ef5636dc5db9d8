// The steps every non-proxy integration (MOCK, AWS, HTTP) shares around its backend call: the request
// scope and mapped integration request before, the integration response chosen and mapped after.
import type { HttpResponse } from '../../http-events/index.js';
import { isBinaryForRestApi } from '../../http-events/index.js';
import type { DataPlaneDeps } from './deps.js';
import type { IntegrationInput } from './integration-input.js';
import { mapRequest, type MappedRequest } from './integration-request.js';
import { methodResponse, selectIntegrationResponse, type EndpointAnswer } from './integration-response.js';
import { configurationError } from './responses.js';
import { templateScope, type TemplateScope } from './template-scope.js';

export function scopeOf(input: IntegrationInput): TemplateScope {
  return templateScope(input.req, input.eventContext, {
    resourceId: input.match.resource.id,
    identity: input.identity,
  });
}

export function integrationRequest(
  deps: DataPlaneDeps,
  input: IntegrationInput,
  scope: TemplateScope,
): MappedRequest {
  const contentType = input.req.headers['content-type'];
  return mapRequest(
    input.integration,
    scope,
    { body: input.req.body, contentType, binary: isBinaryForRestApi(contentType, input.binaryMediaTypes) },
    (line) => deps.log(`apigateway ${input.api.id}: ${line}`),
  );
}

/**
 * The method response for the integration's answer, the integration response selected by `subject`
 * (the status code, or a Lambda error's errorMessage). No match and no default is a configuration
 * error: 500, logged as AWS logs it.
 */
export function integrationResponse(
  deps: DataPlaneDeps,
  input: IntegrationInput,
  scope: TemplateScope,
  subject: string,
  answer: EndpointAnswer,
  endpointStatus: number,
): HttpResponse {
  const chosen = selectIntegrationResponse(input.integration.integrationResponses, subject);
  const log = (line: string): void => deps.log(`apigateway ${input.api.id}: ${line}`);
  if (!chosen) {
    log(
      'Execution failed due to configuration error: No match for output mapping and no default output mapping configured. ' +
        `Endpoint Response Status Code: ${endpointStatus}`,
    );
    return configurationError();
  }
  return methodResponse({
    chosen,
    scope,
    answer,
    accept: input.req.headers.accept,
    binaryMediaTypes: input.binaryMediaTypes,
    log,
  });
}
