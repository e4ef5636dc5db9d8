// HTTP and HTTP_PROXY integrations: a request to the integration URI — `${stageVariables.x}` and
// `{name}` path parameters substituted (from `integration.request.path.name` mappings, else the method
// request's path parameter of that name) — with the integration's httpMethod (ANY: the client's).
// HTTP_PROXY forwards the client's headers, query string and body and passes the answer back as is;
// HTTP (non-proxy) sends the mapped request (template, `integration.request.header/querystring.*`
// mappings, `$context.requestOverride`) and maps the answer through the integration response chosen
// by the endpoint's status code.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
import { isBinaryForRestApi, type HttpResponse } from '../../http-events/index.js';
import { toText } from '../../http-events/vtl/index.js';
import type { DataPlaneDeps } from './deps.js';
import { callEndpoint } from './http-call.js';
import type { IntegrationInput } from './integration-input.js';
import { integrationRequest, integrationResponse, scopeOf } from './non-proxy.js';
import { mapParameters } from './parameter-mapping.js';
import * as respond from './responses.js';
import type { TemplateScope } from './template-scope.js';

/** Headers that belong to one connection and are not forwarded (RFC 9110 §7.6.1), plus Host. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

const forwardable = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));

/** `$context.requestOverride.{header,querystring,path}` set by the request template. */
function overrides(scope: TemplateScope, part: string): Record<string, string> {
  const all = scope.context.get('requestOverride');
  const map = all instanceof Map ? all.get(part) : undefined;
  if (!(map instanceof Map)) return {};
  return Object.fromEntries([...map].filter(([, v]) => v !== undefined).map(([k, v]) => [k, toText(v)]));
}

function endpointUrl(input: IntegrationInput, pathParams: Record<string, string>): URL {
  const stageVariables = input.eventContext.stageVariables ?? {};
  const uri = (input.integration.uri ?? '')
    .replace(/\$\{stageVariables\.([^}]+)\}/g, (_m, name: string) => stageVariables[name] ?? '')
    .replace(/\{([^}]+?)(\+?)\}/g, (_m, name: string) => {
      const value = pathParams[name] ?? input.match.pathParameters[name] ?? '';
      // A greedy value keeps its slashes.
      return value.split('/').map(encodeURIComponent).join('/');
    });
  return new URL(uri);
}

export async function httpIntegration(
  deps: DataPlaneDeps,
  input: IntegrationInput,
  proxy: boolean,
): Promise<HttpResponse> {
  const { integration, req } = input;
  const scope = scopeOf(input);
  const log = (line: string): void => deps.log(`apigateway ${input.api.id}: ${line}`);
  let body = req.body;
  let headers: Record<string, string> = {};
  const query = new URLSearchParams();
  if (proxy) {
    headers = forwardable(req.headers);
    for (const [k, v] of req.query) query.append(k, v);
  } else {
    const mapped = integrationRequest(deps, input, scope);
    if (!mapped.ok) return mapped.response;
    body = mapped.body;
    if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
  }
  const mappedQuery = {
    ...mapParameters(integration.requestParameters, 'integration.request.querystring.', scope),
    ...overrides(scope, 'querystring'),
  };
  for (const [k, v] of Object.entries(mappedQuery)) query.set(k, v);
  Object.assign(
    headers,
    mapParameters(integration.requestParameters, 'integration.request.header.', scope),
    overrides(scope, 'header'),
  );
  const pathParams = {
    ...mapParameters(integration.requestParameters, 'integration.request.path.', scope),
    ...overrides(scope, 'path'),
  };

  let url: URL;
  try {
    url = endpointUrl(input, pathParams);
  } catch {
    log(`Execution failed due to configuration error: Invalid endpoint address ${integration.uri ?? ''}`);
    return respond.configurationError();
  }
  for (const [k, v] of query) url.searchParams.append(k, v);
  const method =
    !integration.httpMethod || integration.httpMethod === 'ANY' ? req.method : integration.httpMethod;
  const started = Date.now();
  const outcome = await callEndpoint({ url, method, headers, body, timeoutMs: integration.timeoutInMillis });
  input.log.integrationLatency = Date.now() - started;
  input.log['integration.latency'] = input.log.integrationLatency;
  if (outcome.kind === 'timeout') return respond.timedOut();
  if (outcome.kind === 'failed') {
    log(`Execution failed due to configuration error: ${outcome.reason}`);
    return respond.configurationError();
  }
  input.log.integrationStatus = outcome.status;
  input.log['integration.status'] = outcome.status;
  if (proxy) return { status: outcome.status, headers: forwardable(outcome.headers), body: outcome.body };
  const contentType = outcome.headers['content-type'];
  const answer = {
    headers: outcome.headers,
    body: outcome.body.toString('utf8'),
    bytes: outcome.body,
    contentType,
    binary: isBinaryForRestApi(contentType, input.binaryMediaTypes),
  };
  return integrationResponse(deps, input, scope, String(outcome.status), answer, outcome.status);
}
