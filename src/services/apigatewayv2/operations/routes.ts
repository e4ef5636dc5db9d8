// CreateRoute, GetRoute, GetRoutes, UpdateRoute, DeleteRoute.
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html
import type { WriteTx } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { assignDefined, page, requireApi, requireChild, type ControlPlane } from '../context.js';
import { autoDeploy } from '../deploy.js';
import { badRequest, conflict } from '../errors.js';
import { newRouteId } from '../ids.js';
import type { AuthorizerRecord, RouteRecord } from '../records.js';
import { deleteChild, listChildren, putChild } from '../repo.js';
import { conflictingVariable, parseRouteKey } from '../route-key.js';

type RouteInput = Partial<Omit<RouteRecord, 'RouteId'>> & { ApiId: string; RouteId?: string };

const AUTH_TYPES = new Set(['NONE', 'JWT', 'AWS_IAM', 'CUSTOM']);

async function check(tx: WriteTx, apiId: string, route: RouteRecord): Promise<void> {
  const parsed = parseRouteKey(route.RouteKey);
  const routes = (await listChildren<RouteRecord>(tx, apiId, 'route')).filter(
    (r) => r.RouteId !== route.RouteId,
  );
  if (routes.some((r) => r.RouteKey === route.RouteKey)) {
    // AWS's 409, as users recorded it: "Route with key ANY /{proxy+} already exists for this API".
    throw conflict(`Route with key ${route.RouteKey} already exists for this API`);
  }
  const clash =
    parsed &&
    routes.find((r) => {
      const other = parseRouteKey(r.RouteKey); // undefined for $default
      return other !== undefined && conflictingVariable(parsed, other);
    });
  if (clash) {
    throw conflict(
      `The provided route key "${route.RouteKey}" has a conflicting variable on the same hierarchical level as "${clash.RouteKey}"`,
    );
  }
  if (route.Target !== undefined) {
    const m = /^integrations\/([a-z0-9]+)$/.exec(route.Target);
    if (!m)
      throw badRequest(`Invalid target ${route.Target}: must be of the form integrations/{integrationId}`);
    await requireChild(tx, apiId, 'integration', m[1]!);
  }
  if (!AUTH_TYPES.has(route.AuthorizationType)) {
    throw badRequest(`Invalid authorization type ${route.AuthorizationType}`);
  }
  if (route.AuthorizationType === 'JWT' || route.AuthorizationType === 'CUSTOM') {
    if (!route.AuthorizerId)
      throw badRequest(`AuthorizerId is required for ${route.AuthorizationType} routes`);
    const authorizer = await requireChild<AuthorizerRecord>(tx, apiId, 'authorizer', route.AuthorizerId);
    const expected = route.AuthorizationType === 'JWT' ? 'JWT' : 'REQUEST';
    if (authorizer.AuthorizerType !== expected) {
      throw badRequest(`Authorizer ${route.AuthorizerId} is not of type ${expected}`);
    }
  }
}

export function createRoute(cp: ControlPlane) {
  return async (ctx: RequestContext, input: RouteInput) => {
    const route: RouteRecord = {
      RouteId: newRouteId(),
      RouteKey: input.RouteKey!,
      ApiKeyRequired: input.ApiKeyRequired ?? false,
      AuthorizationType: input.AuthorizationType ?? 'NONE',
    };
    assignDefined(route, {
      AuthorizationScopes: input.AuthorizationScopes,
      AuthorizerId: input.AuthorizerId,
      Target: input.Target,
      OperationName: input.OperationName,
      RequestParameters: input.RequestParameters,
    });
    await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      await check(tx, input.ApiId, route);
      await putChild(tx, input.ApiId, 'route', route.RouteId, route);
      await autoDeploy(tx, input.ApiId);
    });
    cp.changed(input.ApiId);
    return { ...route };
  };
}

export function getRoute(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; RouteId: string }) =>
    cp.deps.store.read(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      return { ...(await requireChild<RouteRecord>(tx, input.ApiId, 'route', input.RouteId)) };
    });
}

export function getRoutes(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; MaxResults?: string; NextToken?: string }) =>
    cp.deps.store.read(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const routes = await listChildren<RouteRecord>(tx, input.ApiId, 'route');
      return page(routes, input.MaxResults, input.NextToken);
    });
}

export function updateRoute(cp: ControlPlane) {
  return async (ctx: RequestContext, input: RouteInput & { RouteId: string }) => {
    const route = await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const route = await requireChild<RouteRecord>(tx, input.ApiId, 'route', input.RouteId);
      const { ApiId: _a, RouteId: _r, ...changes } = input;
      assignDefined(route, changes);
      if (route.AuthorizationType === 'NONE') {
        delete route.AuthorizerId;
        delete route.AuthorizationScopes;
      }
      await check(tx, input.ApiId, route);
      await putChild(tx, input.ApiId, 'route', route.RouteId, route);
      await autoDeploy(tx, input.ApiId);
      return route;
    });
    cp.changed(input.ApiId);
    return { ...route };
  };
}

export function deleteRoute(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; RouteId: string }) => {
    await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      await requireChild(tx, input.ApiId, 'route', input.RouteId);
      await deleteChild(tx, input.ApiId, 'route', input.RouteId);
      await autoDeploy(tx, input.ApiId);
    });
    cp.changed(input.ApiId);
    return {};
  };
}
