// Parameter mapping expressions of integration requests and responses: `'static value'`,
// `method.request.{path,querystring,header}.NAME`, `method.request.body[.JSONPath]`,
// `integration.response.header.NAME`, `integration.response.body[.JSONPath]`, `context.NAME`,
// `stageVariables.NAME`. A JSONPath omits its `$.`; a complex value maps as JSON text.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
import { evaluateJsonPath, toText, type VMap } from '../../http-events/vtl/index.js';
import type { TemplateScope } from './template-scope.js';

/** The integration's answer, for response mappings. */
export interface IntegrationAnswer {
  headers: Record<string, string>;
  body: string;
  /** The body parsed for `integration.response.body.…` (Lambda errors with a JSON errorMessage parsed too). */
  json?: unknown;
}

function bodyPath(text: string, json: unknown, path: string | undefined): string | undefined {
  if (path === undefined) return text;
  let document = json;
  if (document === undefined) {
    try {
      document = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  try {
    const result = evaluateJsonPath(document, `$.${path}`);
    if (!result.found || result.value === null || result.value === undefined) return undefined;
    return typeof result.value === 'string' ? result.value : JSON.stringify(result.value);
  } catch {
    return undefined;
  }
}

function dotted(map: VMap, path: string): string | undefined {
  let value: unknown = map;
  for (const part of path.split('.')) value = value instanceof Map ? value.get(part) : undefined;
  return value === undefined ? undefined : toText(value);
}

const header = (headers: Record<string, string>, name: string): string | undefined =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** The value an expression maps to, or undefined when its source has none (the parameter is left out). */
export function mappedValue(
  expression: string,
  scope: TemplateScope,
  answer?: IntegrationAnswer,
): string | undefined {
  const literal = /^'(.*)'$/s.exec(expression);
  if (literal) return literal[1];
  const [, source, rest] = /^(method\.request|integration\.response|context|stageVariables)\.?(.*)$/s.exec(
    expression,
  ) ?? [undefined, undefined, ''];
  if (source === 'context') return dotted(scope.context, rest!);
  if (source === 'stageVariables') return dotted(scope.stageVariables, rest!);
  const [, part, name] = /^(path|querystring|header|body)\.?(.*)$/s.exec(rest!) ?? [];
  if (source === 'method.request') {
    if (part === 'body') return bodyPath(scope.body, undefined, name || undefined);
    if (part === 'header') return header(scope.params.header, name!);
    if (part === 'path' || part === 'querystring') return scope.params[part][name!];
  }
  if (source === 'integration.response' && answer) {
    if (part === 'body') return bodyPath(answer.body, answer.json, name || undefined);
    if (part === 'header') return header(answer.headers, name!);
  }
  return undefined;
}

/** `{ prefix + NAME: expression }` → `{ NAME: value }` for the entries whose value is known. */
export function mapParameters(
  parameters: Record<string, string> | undefined,
  prefix: string,
  scope: TemplateScope,
  answer?: IntegrationAnswer,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [target, expression] of Object.entries(parameters ?? {})) {
    if (!target.startsWith(prefix)) continue;
    const value = mappedValue(expression, scope, answer);
    if (value !== undefined) out[target.slice(prefix.length)] = value;
  }
  return out;
}
