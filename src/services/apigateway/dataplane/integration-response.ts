// From a non-proxy integration's answer to the method response: the integration response chosen by
// its selectionPattern (a Java regex matched against the whole of the status code, or of a Lambda
// error's errorMessage; the response without a pattern is the default), its response parameters as
// headers, the response template chosen by the request's Accept header (the first media type; else
// application/json; else the first template; none passes the body through), `$context.responseOverride`
// and contentHandling.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
import { isBinaryForRestApi, type HttpResponse } from '../../http-events/index.js';
import { fullMatch } from '../../http-events/vtl/java-regex.js';
import { TemplateError, toText } from '../../http-events/vtl/index.js';
import type { IntegrationResponseRecord } from '../records.js';
import { convertPayload } from './integration-request.js';
import { mapParameters, type IntegrationAnswer } from './parameter-mapping.js';
import { configurationError } from './responses.js';
import { chooseTemplate, renderMapping, type TemplateScope } from './template-scope.js';

export interface EndpointAnswer extends IntegrationAnswer {
  bytes: Buffer;
  /** The integration response's Content-Type, used when no template applies. */
  contentType?: string;
  /** Whether the answer is binary (its Content-Type is one of the API's binaryMediaTypes). */
  binary: boolean;
}

/** The integration response whose selectionPattern matches `subject`, else the default one. */
export function selectIntegrationResponse(
  responses: Record<string, IntegrationResponseRecord>,
  subject: string,
): IntegrationResponseRecord | undefined {
  const all = Object.values(responses);
  const matches = (pattern: string): boolean => {
    try {
      return fullMatch(pattern, subject);
    } catch {
      return false; // a pattern Java accepts but JavaScript does not: treated as not matching
    }
  };
  return (
    all.find((r) => r.selectionPattern && matches(r.selectionPattern)) ?? all.find((r) => !r.selectionPattern)
  );
}

export interface MethodResponseInput {
  chosen: IntegrationResponseRecord;
  scope: TemplateScope;
  answer: EndpointAnswer;
  accept: string | undefined;
  binaryMediaTypes: string[];
  log: (line: string) => void;
}

export function methodResponse(input: MethodResponseInput): HttpResponse {
  const { chosen, scope, answer } = input;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(
    mapParameters(chosen.responseParameters, 'method.response.header.', scope, answer),
  ))
    headers[name.toLowerCase()] = value;

  // To text before the template (which then sees base64 in $input.body), to binary after it.
  let body =
    chosen.contentHandling === 'CONVERT_TO_TEXT'
      ? convertPayload(answer.bytes, answer.binary, 'CONVERT_TO_TEXT')
      : answer.bytes;
  let binary = answer.binary && chosen.contentHandling !== 'CONVERT_TO_TEXT';
  let contentType = answer.contentType ?? 'application/json';
  const template = chooseTemplate(chosen.responseTemplates, input.accept);
  if (template) {
    try {
      body = Buffer.from(renderMapping(scope, template[1], body.toString('utf8')));
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      input.log(`Execution failed due to configuration error: Unable to transform response: ${e.message}`);
      return configurationError();
    }
    binary = false;
    contentType = template[0];
  }
  const acceptBinary =
    input.binaryMediaTypes.length > 0 &&
    isBinaryForRestApi(input.accept?.split(',')[0], input.binaryMediaTypes);
  if (chosen.contentHandling === 'CONVERT_TO_BINARY' || (!chosen.contentHandling && acceptBinary && !binary))
    body = convertPayload(body, false, 'CONVERT_TO_BINARY');
  else if (!chosen.contentHandling && binary && !acceptBinary && input.binaryMediaTypes.length > 0)
    body = convertPayload(body, true, 'CONVERT_TO_TEXT');

  // `#set($context.responseOverride.status = 400)` and `.header.X` in a template win over the mapping.
  const override = scope.context.get('responseOverride');
  let status = Number(chosen.statusCode);
  if (override instanceof Map) {
    const s = Number(toText(override.get('status')));
    if (override.get('status') !== undefined && Number.isInteger(s) && s >= 100 && s <= 599) status = s;
    const overrideHeaders = override.get('header');
    if (overrideHeaders instanceof Map)
      for (const [k, v] of overrideHeaders) if (v !== undefined) headers[k.toLowerCase()] = toText(v);
  }
  return { status, headers: { 'content-type': contentType, ...headers }, body };
}
