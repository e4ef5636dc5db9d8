// MOCK integrations answer without a backend: the request template (evaluated) produces
// `{"statusCode": N}` — 200 without a template — and N picks the integration response by its
// selectionPattern, else the default one; its templates and parameters make the method response.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
import type { HttpResponse } from '../../http-events/index.js';
import type { DataPlaneDeps } from './deps.js';
import type { IntegrationInput } from './integration-input.js';
import { integrationRequest, integrationResponse, scopeOf } from './non-proxy.js';

function statusOf(mapped: string): string {
  try {
    const code = (JSON.parse(mapped) as { statusCode?: unknown })?.statusCode;
    if (code !== undefined && /^\d{3}$/.test(String(code))) return String(code);
  } catch {
    // Not JSON: look for the field as AWS's examples write it.
  }
  return /"statusCode"\s*:\s*"?(\d{3})/.exec(mapped)?.[1] ?? '200';
}

export function mockIntegration(deps: DataPlaneDeps, input: IntegrationInput): HttpResponse {
  const scope = scopeOf(input);
  const mapped = integrationRequest(deps, input, scope);
  if (!mapped.ok) return mapped.response;
  const status = mapped.templated ? statusOf(mapped.body.toString('utf8')) : '200';
  input.log.integrationStatus = Number(status);
  input.log['integration.status'] = input.log.integrationStatus;
  const answer = { headers: {}, body: '', bytes: Buffer.alloc(0), binary: false };
  return integrationResponse(deps, input, scope, status, answer, Number(status));
}
