// MOCK integrations answer without a backend: the request template's `statusCode` picks the
// integration response (by its selectionPattern, or the default one without a pattern), whose
// response template is the body and whose static response parameters ('value') are headers.
// Templates are used as written: Cumulo does not evaluate VTL (docs/compatibility.md).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
import type { HttpResponse } from '../../http-events/index.js';
import type { IntegrationRecord } from '../records.js';
import { internalError } from './responses.js';

function pick(templates: Record<string, string> | undefined): [string, string] | undefined {
  if (!templates) return undefined;
  const json = templates['application/json'];
  if (json !== undefined) return ['application/json', json];
  return Object.entries(templates)[0];
}

export function mockResponse(integration: IntegrationRecord): HttpResponse {
  const request = pick(integration.requestTemplates)?.[1] ?? '';
  const statusCode = /"statusCode"\s*:\s*"?(\d{3})/.exec(request)?.[1] ?? '200';
  const responses = Object.values(integration.integrationResponses);
  const chosen =
    responses.find((r) => r.selectionPattern && new RegExp(`^(?:${r.selectionPattern})$`).test(statusCode)) ??
    responses.find((r) => !r.selectionPattern);
  if (!chosen) return internalError();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(chosen.responseParameters ?? {})) {
    const header = /^method\.response\.header\.(.+)$/.exec(name)?.[1];
    const literal = /^'(.*)'$/.exec(value)?.[1];
    if (header && literal !== undefined) headers[header.toLowerCase()] = literal;
  }
  const [contentType, body] = pick(chosen.responseTemplates) ?? ['application/json', ''];
  return { status: Number(chosen.statusCode), headers: { 'content-type': contentType, ...headers }, body };
}
