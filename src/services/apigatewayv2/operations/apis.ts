// CreateApi, GetApi, GetApis, UpdateApi, DeleteApi, DeleteCorsConfiguration.
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html
// Quick create (Target, RouteKey): "creates an integration, a default catch-all route, and a default
// stage that is configured to automatically deploy changes".
import type { RequestContext } from '../../service.js';
import { assignDefined, page, requireApi, type ControlPlane } from '../context.js';
import { apiEndpoint } from '../deps.js';
import { autoDeploy } from '../deploy.js';
import { badRequest } from '../errors.js';
import { newApiId, newIntegrationId, newRouteId } from '../ids.js';
import type { ApiRecord, Cors, IntegrationRecord, RouteRecord, StageRecord } from '../records.js';
import { deleteApiTree, listApis, putApi, putChild } from '../repo.js';
import { DEFAULT_ROUTE, parseRouteKey } from '../route-key.js';

interface ApiInput {
  ApiId?: string;
  Name?: string;
  ProtocolType?: string;
  RouteSelectionExpression?: string;
  ApiKeySelectionExpression?: string;
  CorsConfiguration?: Cors;
  Description?: string;
  DisableExecuteApiEndpoint?: boolean;
  DisableSchemaValidation?: boolean;
  Tags?: Record<string, string>;
  Version?: string;
  Target?: string;
  RouteKey?: string;
  CredentialsArn?: string;
}

export function renderApi(cp: ControlPlane, api: ApiRecord): Record<string, unknown> {
  const { accountId: _accountId, ...rest } = api;
  return { ...structuredClone(rest), ApiEndpoint: apiEndpoint(cp.deps, api.ApiId), Tags: api.Tags ?? {} };
}

export function checkCors(cors: Cors | undefined): void {
  if (!cors) return;
  // "If you specify a wildcard for allowOrigins, you can't specify allowCredentials" (Cors reference).
  if (cors.AllowCredentials && cors.AllowOrigins?.includes('*')) {
    throw badRequest(
      'Access-Control-Allow-Credentials is not supported when Access-Control-Allow-Origin is *',
    );
  }
}

/** A new HTTP API record with AWS's defaults (CreateApi, ImportApi). */
export function newApi(accountId: string, input: ApiInput): ApiRecord {
  const api: ApiRecord = {
    accountId,
    ApiId: newApiId(),
    Name: input.Name!,
    ProtocolType: 'HTTP',
    RouteSelectionExpression: input.RouteSelectionExpression ?? '${request.method} ${request.path}',
    ApiKeySelectionExpression: input.ApiKeySelectionExpression ?? '$request.header.x-api-key',
    CreatedDate: new Date().toISOString(),
    DisableExecuteApiEndpoint: input.DisableExecuteApiEndpoint ?? false,
  };
  return assignDefined(api, {
    CorsConfiguration: input.CorsConfiguration,
    Description: input.Description,
    DisableSchemaValidation: input.DisableSchemaValidation,
    Tags: input.Tags,
    Version: input.Version,
  });
}

export function createApi(cp: ControlPlane) {
  return async (ctx: RequestContext, input: ApiInput) => {
    if (input.ProtocolType !== 'HTTP') {
      throw badRequest(`Unsupported protocol type ${input.ProtocolType}: Cumulo serves HTTP APIs`);
    }
    checkCors(input.CorsConfiguration);
    if (input.RouteKey !== undefined && input.Target === undefined) {
      throw badRequest('RouteKey can only be specified together with Target');
    }
    if (input.RouteKey !== undefined) parseRouteKey(input.RouteKey);
    const api = newApi(ctx.accountId, input);
    await cp.deps.store.write(async (tx) => {
      await putApi(tx, api);
      if (input.Target !== undefined) {
        const integration: IntegrationRecord = {
          IntegrationId: newIntegrationId(),
          IntegrationType: input.Target.startsWith('arn:') ? 'AWS_PROXY' : 'HTTP_PROXY',
          IntegrationUri: input.Target,
          IntegrationMethod: 'POST',
          PayloadFormatVersion: input.Target.startsWith('arn:') ? '2.0' : '1.0',
          TimeoutInMillis: 30000,
          ConnectionType: 'INTERNET',
          ApiGatewayManaged: true,
          ...(input.CredentialsArn ? { CredentialsArn: input.CredentialsArn } : {}),
        };
        await putChild(tx, api.ApiId, 'integration', integration.IntegrationId, integration);
        const route: RouteRecord = {
          RouteId: newRouteId(),
          RouteKey: input.RouteKey ?? DEFAULT_ROUTE,
          ApiKeyRequired: false,
          AuthorizationType: 'NONE',
          Target: `integrations/${integration.IntegrationId}`,
          ApiGatewayManaged: true,
        };
        await putChild(tx, api.ApiId, 'route', route.RouteId, route);
        const now = new Date().toISOString();
        const stage: StageRecord = {
          StageName: '$default',
          AutoDeploy: true,
          CreatedDate: now,
          LastUpdatedDate: now,
          DefaultRouteSettings: { DetailedMetricsEnabled: false },
          RouteSettings: {},
          ApiGatewayManaged: true,
        };
        await putChild(tx, api.ApiId, 'stage', stage.StageName, stage);
        await autoDeploy(tx, api.ApiId);
      }
    });
    return renderApi(cp, api);
  };
}

export function getApi(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string }) =>
    renderApi(cp, await cp.deps.store.read((tx) => requireApi(tx, ctx, input.ApiId)));
}

export function getApis(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { MaxResults?: string; NextToken?: string }) => {
    const apis = await cp.deps.store.read((tx) => listApis(tx, ctx.accountId));
    apis.sort((a, b) => a.CreatedDate.localeCompare(b.CreatedDate) || a.ApiId.localeCompare(b.ApiId));
    return page(
      apis.map((a) => renderApi(cp, a)),
      input.MaxResults,
      input.NextToken,
    );
  };
}

export function updateApi(cp: ControlPlane) {
  return async (ctx: RequestContext, input: ApiInput & { ApiId: string }) => {
    checkCors(input.CorsConfiguration);
    const api = await cp.deps.store.write(async (tx) => {
      const api = await requireApi(tx, ctx, input.ApiId);
      assignDefined(api, {
        Name: input.Name,
        RouteSelectionExpression: input.RouteSelectionExpression,
        ApiKeySelectionExpression: input.ApiKeySelectionExpression,
        CorsConfiguration: input.CorsConfiguration,
        Description: input.Description,
        DisableExecuteApiEndpoint: input.DisableExecuteApiEndpoint,
        DisableSchemaValidation: input.DisableSchemaValidation,
        Version: input.Version,
      });
      await putApi(tx, api);
      await autoDeploy(tx, api.ApiId);
      return api;
    });
    cp.changed(api.ApiId);
    return renderApi(cp, api);
  };
}

export function deleteCorsConfiguration(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string }) => {
    await cp.deps.store.write(async (tx) => {
      const api = await requireApi(tx, ctx, input.ApiId);
      delete api.CorsConfiguration;
      await putApi(tx, api);
      await autoDeploy(tx, api.ApiId);
    });
    cp.changed(input.ApiId);
    return {};
  };
}

export function deleteApi(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string }) => {
    await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      await deleteApiTree(tx, input.ApiId);
    });
    cp.changed(input.ApiId);
    return {};
  };
}
