// ImportApi (PUT /v2/apis) and ReimportApi (PUT /v2/apis/{apiId}): an HTTP API from an OpenAPI 3.0
// definition (JSON or YAML). Reimport replaces the API's routes, integrations and authorizers and
// keeps its stages, which AutoDeploy redeploys.
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html#ImportApi
// "Errors are returned as exceptions (for example, BadRequestException) ... When an error occurs, the
// new API definition is discarded and no change is made to the existing API." With failOnWarnings
// "the updates will be rolled back ... warnings are returned as a message in the exception"; without
// it the API is created and the response lists them in Warnings.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-errors-warnings.html
import type { WriteTx } from '../../../storage/store.js';
import { basePathMode, invalidOpenApi, parseOpenApi } from '../../http-events/openapi/index.js';
import type { RequestContext } from '../../service.js';
import { requireApi, type ControlPlane } from '../context.js';
import { autoDeploy } from '../deploy.js';
import { badRequest } from '../errors.js';
import { newAuthorizerId, newIntegrationId, newRouteId } from '../ids.js';
import { planImport, type ImportPlan } from '../openapi/plan.js';
import type { AuthorizerRecord, ChildKind, IntegrationRecord, RouteRecord } from '../records.js';
import { deleteChild, listChildren, putApi, putChild } from '../repo.js';
import { checkCors, newApi, renderApi } from './apis.js';
import { checkAuthorizer } from './authorizers.js';

interface ImportInput {
  Body?: string;
  Basepath?: string;
  FailOnWarnings?: boolean;
}

/** The definition read and checked; nothing stored yet. */
function prepare(input: ImportInput): ImportPlan {
  const plan = planImport(parseOpenApi(input.Body), basePathMode(input.Basepath));
  // An HTTP API needs a name: the definition's info.title.
  if (!plan.Name) throw invalidOpenApi();
  checkCors(plan.CorsConfiguration);
  if (input.FailOnWarnings && plan.warnings.length > 0) {
    // Unconfirmed text: the format of the exception's message.
    throw badRequest(`Warnings found during import:\n\t${plan.warnings.join('\n\t')}`);
  }
  return plan;
}

/** The plan's authorizers, integrations and routes, with new ids. Throws before anything is written. */
function records(plan: ImportPlan): {
  authorizers: AuthorizerRecord[];
  integrations: IntegrationRecord[];
  routes: RouteRecord[];
} {
  const authorizerIds = new Map<string, string>();
  const authorizers: AuthorizerRecord[] = [];
  for (const [scheme, draft] of plan.authorizers) {
    const a: AuthorizerRecord = { AuthorizerId: newAuthorizerId(), ...draft };
    checkAuthorizer(a);
    authorizerIds.set(scheme, a.AuthorizerId);
    authorizers.push(a);
  }
  const integrations: IntegrationRecord[] = [];
  const routes: RouteRecord[] = [];
  for (const planned of plan.routes) {
    const route: RouteRecord = { RouteId: newRouteId(), ...planned.route };
    if (planned.authorizer) route.AuthorizerId = authorizerIds.get(planned.authorizer)!;
    if (planned.integration) {
      const integration: IntegrationRecord = { IntegrationId: newIntegrationId(), ...planned.integration };
      integrations.push(integration);
      route.Target = `integrations/${integration.IntegrationId}`;
    }
    routes.push(route);
  }
  return { authorizers, integrations, routes };
}

async function replaceDefinition(tx: WriteTx, apiId: string, plan: ImportPlan): Promise<void> {
  const made = records(plan);
  const kinds: Array<[ChildKind, (v: never) => string]> = [
    ['route', (r: RouteRecord) => r.RouteId],
    ['integration', (i: IntegrationRecord) => i.IntegrationId],
    ['authorizer', (a: AuthorizerRecord) => a.AuthorizerId],
  ];
  for (const [kind, id] of kinds) {
    for (const old of await listChildren<never>(tx, apiId, kind)) await deleteChild(tx, apiId, kind, id(old));
  }
  for (const a of made.authorizers) await putChild(tx, apiId, 'authorizer', a.AuthorizerId, a);
  for (const i of made.integrations) await putChild(tx, apiId, 'integration', i.IntegrationId, i);
  for (const r of made.routes) await putChild(tx, apiId, 'route', r.RouteId, r);
  await autoDeploy(tx, apiId);
}

const withWarnings = (out: Record<string, unknown>, plan: ImportPlan): Record<string, unknown> =>
  plan.warnings.length > 0 ? { ...out, Warnings: plan.warnings } : out;

export function importApi(cp: ControlPlane) {
  return async (ctx: RequestContext, input: ImportInput) => {
    const plan = prepare(input);
    const api = newApi(ctx.accountId, {
      Name: plan.Name,
      Description: plan.Description,
      Version: plan.Version,
      CorsConfiguration: plan.CorsConfiguration,
    });
    await cp.deps.store.write(async (tx) => {
      await putApi(tx, api);
      await replaceDefinition(tx, api.ApiId, plan);
    });
    return withWarnings(renderApi(cp, api), plan);
  };
}

export function reimportApi(cp: ControlPlane) {
  return async (ctx: RequestContext, input: ImportInput & { ApiId: string }) => {
    const plan = prepare(input);
    const api = await cp.deps.store.write(async (tx) => {
      const api = await requireApi(tx, ctx, input.ApiId);
      api.Name = plan.Name;
      delete api.Description;
      delete api.Version;
      delete api.CorsConfiguration;
      if (plan.Description !== undefined) api.Description = plan.Description;
      if (plan.Version !== undefined) api.Version = plan.Version;
      if (plan.CorsConfiguration) api.CorsConfiguration = plan.CorsConfiguration;
      await putApi(tx, api);
      await replaceDefinition(tx, api.ApiId, plan);
      return api;
    });
    cp.changed(api.ApiId);
    return withWarnings(renderApi(cp, api), plan);
  };
}
