// What a REST API's mapping templates and parameter mappings see of one request: `$context` (the
// variables of "Variables for data transformations for API Gateway", absent ones null), the stage
// variables, and the method request parameters. One scope serves the request and the response
// templates, so `#set($context.responseOverride.status = 400)` reaches the response.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
import { groupHeaders, groupQuery, headerPairs } from '../../http-events/request-parts.js';
import { clfTime, mediaType, type EventContext, type HttpRequest } from '../../http-events/index.js';
import {
  fromPlain,
  inputVariable,
  renderTemplate,
  utilVariable,
  type MethodParameters,
  type VMap,
} from '../../http-events/vtl/index.js';

export interface TemplateScope {
  context: VMap;
  stageVariables: VMap;
  params: MethodParameters;
  /** The method request body as text (templates and `method.request.body` mappings read it). */
  body: string;
}

const last = (grouped: Map<string, string[]>): Record<string, string> =>
  Object.fromEntries([...grouped].map(([k, v]) => [k, v[v.length - 1]!]));

export function templateScope(
  req: HttpRequest,
  ctx: EventContext,
  extra: { resourceId: string; identity: Record<string, unknown> },
): TemplateScope {
  // Authorizer context values are stringified ("calling $context.authorizer.numKey returns the "1"
  // string"); principalId and claims keep their form.
  const authorizer = Object.fromEntries(
    Object.entries(ctx.authorizer ?? {}).map(([k, v]) => [
      k,
      k === 'claims' || typeof v === 'object' ? v : String(v),
    ]),
  );
  const context = {
    accountId: ctx.accountId,
    apiId: ctx.apiId,
    authorizer,
    domainName: ctx.domainName,
    domainPrefix: ctx.domainPrefix,
    extendedRequestId: ctx.requestId,
    httpMethod: req.method.toUpperCase(),
    identity: {
      sourceIp: req.sourceIp,
      userAgent: req.headers['user-agent'],
      ...extra.identity,
    },
    path: `/${ctx.stage}${ctx.path}`,
    protocol: req.protocol,
    requestId: ctx.requestId,
    requestTime: clfTime(ctx.time),
    requestTimeEpoch: ctx.time.getTime(),
    resourceId: extra.resourceId,
    resourcePath: ctx.resource,
    stage: ctx.stage,
    requestOverride: { header: {}, path: {}, querystring: {} },
    responseOverride: { header: {} },
  };
  return {
    context: fromPlain(context) as VMap,
    stageVariables: fromPlain(ctx.stageVariables ?? {}) as VMap,
    params: {
      path: { ...ctx.pathParameters },
      querystring: last(groupQuery(req)),
      header: last(groupHeaders(headerPairs(req), true)),
    },
    body: req.body.toString('utf8'),
  };
}

const util = utilVariable();

/** Renders a mapping template with `$input` bound to `body` (the request's, or the integration's answer). */
export function renderMapping(scope: TemplateScope, template: string, body: string): string {
  return renderTemplate(template, {
    input: inputVariable(body, scope.params),
    util,
    context: scope.context,
    stageVariables: scope.stageVariables,
  });
}

/**
 * The response template for the request's Accept header (its first media type), else the
 * application/json one, else the first (integration responses and gateway responses choose alike).
 */
export function chooseTemplate(
  templates: Record<string, string> | undefined,
  accept: string | undefined,
): [string, string] | undefined {
  const entries = Object.entries(templates ?? {});
  const wanted = mediaType(accept?.split(',')[0]);
  return (
    entries.find(([k]) => k.toLowerCase() === wanted) ??
    entries.find(([k]) => k.toLowerCase() === 'application/json') ??
    entries[0]
  );
}
