// A Velocity Template Language evaluator for API Gateway mapping templates.
//
//   const out = renderTemplate(template, {
//     input: inputVariable(body, { path, querystring, header }),
//     util: utilVariable(),
//     context: fromPlain({ requestId, stage, identity: { sourceIp } }),
//     stageVariables: fromPlain(stage.variables ?? {}),
//   });
//
// It throws a TemplateError (TemplateSyntaxError, TemplateRuntimeError, InvalidJsonError) when the
// template does not parse or fails; API Gateway answers those with a 500 and logs them.
// https://velocity.apache.org/engine/1.7/vtl-reference.html
import type { TemplateNode } from './ast.js';
import { DEFAULT_LIMITS, Renderer, type RenderLimits } from './evaluate.js';
import { parseTemplateText } from './parse-template.js';

export { TemplateError, TemplateRuntimeError, TemplateSyntaxError } from './cursor.js';
export { InvalidJsonError, inputVariable, utilVariable, type MethodParameters } from './mapping-variables.js';
export { evaluateJsonPath } from './json-path.js';
export { fromPlain, toText, type VMap } from './values.js';
export type { RenderLimits } from './evaluate.js';

/** Parsed templates by source: an API's few templates are parsed once, not per request. */
const parsed = new Map<string, TemplateNode[]>();
const MAX_CACHED = 500;

export function parseTemplate(source: string): TemplateNode[] {
  let nodes = parsed.get(source);
  if (!nodes) {
    nodes = parseTemplateText(source);
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
    parsed.set(source, nodes);
  }
  return nodes;
}

/** Renders `source` with the given variables (`$name` ↔ `variables.name`). */
export function renderTemplate(
  source: string,
  variables: Record<string, unknown>,
  limits: RenderLimits = DEFAULT_LIMITS,
): string {
  return new Renderer(variables, limits).render(parseTemplate(source));
}
