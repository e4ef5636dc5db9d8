// The integration request of a non-proxy integration (MOCK, AWS, HTTP): the request template chosen by
// the Content-Type (application/json when absent; only the media type counts), or the payload passed
// through as the integration's passthroughBehavior allows — WHEN_NO_MATCH passes any unmatched type,
// WHEN_NO_TEMPLATES only when no template is defined, NEVER none; refused types answer
// 415 Unsupported Media Type. contentHandling converts text and binary payloads before the template.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
import { mediaType, type HttpResponse } from '../../http-events/index.js';
import { InvalidJsonError, TemplateError } from '../../http-events/vtl/index.js';
import type { IntegrationRecord } from '../records.js';
import { badRequestBody, configurationError, unsupportedMediaType } from './responses.js';
import { renderMapping, type TemplateScope } from './template-scope.js';

export type MappedRequest =
  { ok: true; body: Buffer; templated: boolean } | { ok: false; response: HttpResponse };

type TemplateChoice = { kind: 'template'; template: string } | { kind: 'passthrough' } | { kind: 'refused' };

export function chooseRequestTemplate(
  integration: IntegrationRecord,
  contentType: string | undefined,
): TemplateChoice {
  const templates = Object.entries(integration.requestTemplates ?? {});
  const type = mediaType(contentType) || 'application/json';
  const match = templates.find(([key]) => key.toLowerCase() === type);
  if (match) return { kind: 'template', template: match[1] };
  switch (integration.passthroughBehavior) {
    case 'NEVER':
      return { kind: 'refused' };
    case 'WHEN_NO_TEMPLATES':
      return templates.length ? { kind: 'refused' } : { kind: 'passthrough' };
    default:
      return { kind: 'passthrough' };
  }
}

/** Converts a payload as contentHandling asks: CONVERT_TO_TEXT base64-encodes binary, CONVERT_TO_BINARY decodes text. */
export function convertPayload(body: Buffer, binary: boolean, handling: string | undefined): Buffer {
  if (handling === 'CONVERT_TO_TEXT' && binary) return Buffer.from(body.toString('base64'));
  if (handling === 'CONVERT_TO_BINARY' && !binary) return Buffer.from(body.toString('utf8'), 'base64');
  return body;
}

/**
 * Maps the method request to the integration request body. `log` receives the execution-log line of a
 * failure (AWS: "Execution failed due to configuration error: Unable to transform request").
 */
export function mapRequest(
  integration: IntegrationRecord,
  scope: TemplateScope,
  request: { body: Buffer; contentType: string | undefined; binary: boolean },
  log: (line: string) => void,
): MappedRequest {
  const choice = chooseRequestTemplate(integration, request.contentType);
  if (choice.kind === 'refused') return { ok: false, response: unsupportedMediaType() };
  const payload = convertPayload(request.body, request.binary, integration.contentHandling);
  if (choice.kind === 'passthrough') return { ok: true, body: payload, templated: false };
  try {
    return {
      ok: true,
      body: Buffer.from(renderMapping(scope, choice.template, payload.toString('utf8'))),
      templated: true,
    };
  } catch (e) {
    if (e instanceof InvalidJsonError) return { ok: false, response: badRequestBody(e.message) };
    if (!(e instanceof TemplateError)) throw e;
    log(`Execution failed due to configuration error: Unable to transform request: ${e.message}`);
    return { ok: false, response: configurationError() };
  }
}
