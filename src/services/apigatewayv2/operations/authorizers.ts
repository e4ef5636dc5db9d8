// CreateAuthorizer, GetAuthorizer, GetAuthorizers, UpdateAuthorizer, DeleteAuthorizer.
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html
// REQUEST (Lambda) authorizers need AuthorizerUri and AuthorizerPayloadFormatVersion ("Required for
// HTTP API Lambda authorizers. Supported values are 1.0 and 2.0"); EnableSimpleResponses needs 2.0.
// JWT authorizers need JwtConfiguration.Issuer.
import type { RequestContext } from '../../service.js';
import { assignDefined, page, requireApi, requireChild, type ControlPlane } from '../context.js';
import { autoDeploy } from '../deploy.js';
import { badRequest, conflict } from '../errors.js';
import { newAuthorizerId } from '../ids.js';
import type { AuthorizerRecord, RouteRecord } from '../records.js';
import { deleteChild, listChildren, putChild } from '../repo.js';
import { functionArnOf } from './integrations.js';

type AuthorizerInput = Partial<Omit<AuthorizerRecord, 'AuthorizerId'>> & {
  ApiId: string;
  AuthorizerId?: string;
};

/** Throws AWS's BadRequestException when the authorizer cannot be created as it is. */
export function checkAuthorizer(a: AuthorizerRecord): void {
  if (a.AuthorizerType === 'REQUEST') {
    if (!functionArnOf(a.AuthorizerUri))
      throw badRequest(`Invalid authorizer URI specified ${a.AuthorizerUri ?? ''}`.trim());
    const v = a.AuthorizerPayloadFormatVersion;
    if (v !== '1.0' && v !== '2.0')
      throw badRequest('AuthorizerPayloadFormatVersion must be one of [1.0, 2.0]');
    if (a.EnableSimpleResponses && v !== '2.0') {
      throw badRequest('EnableSimpleResponses is only supported for authorizer payload format version 2.0');
    }
    if ((a.AuthorizerResultTtlInSeconds ?? 0) > 0 && a.IdentitySource.length === 0) {
      // AWS's text, as Terraform users reported it (hashicorp/terraform-provider-aws pull 32629).
      throw badRequest(
        'Identity source must be set if authorizer caching is enabled (TTL is greater than 0)',
      );
    }
  } else if (a.AuthorizerType === 'JWT') {
    if (!a.JwtConfiguration?.Issuer)
      throw badRequest('JwtConfiguration.Issuer is required for JWT authorizers');
    if (a.IdentitySource.length !== 1) throw badRequest('JWT authorizers take exactly one identity source');
  } else {
    throw badRequest(`Invalid authorizer type ${a.AuthorizerType}: must be one of [REQUEST, JWT]`);
  }
  for (const s of a.IdentitySource) {
    if (!/^\$(request\.(header|querystring)\.[^\s]+|context\.[A-Za-z.]+|stageVariables\.[^\s]+)$/.test(s)) {
      throw badRequest(`Invalid identity source ${s}`);
    }
  }
}

export function createAuthorizer(cp: ControlPlane) {
  return async (ctx: RequestContext, input: AuthorizerInput) => {
    const authorizer: AuthorizerRecord = {
      AuthorizerId: newAuthorizerId(),
      Name: input.Name!,
      AuthorizerType: input.AuthorizerType!,
      IdentitySource: input.IdentitySource ?? [],
    };
    assignDefined(authorizer, {
      AuthorizerUri: input.AuthorizerUri,
      AuthorizerPayloadFormatVersion: input.AuthorizerPayloadFormatVersion,
      AuthorizerResultTtlInSeconds: input.AuthorizerResultTtlInSeconds,
      EnableSimpleResponses: input.EnableSimpleResponses,
      AuthorizerCredentialsArn: input.AuthorizerCredentialsArn,
      IdentityValidationExpression: input.IdentityValidationExpression,
      JwtConfiguration: input.JwtConfiguration,
    });
    checkAuthorizer(authorizer);
    await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      await putChild(tx, input.ApiId, 'authorizer', authorizer.AuthorizerId, authorizer);
      await autoDeploy(tx, input.ApiId);
    });
    cp.changed(input.ApiId);
    return { ...authorizer };
  };
}

export function getAuthorizer(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; AuthorizerId: string }) =>
    cp.deps.store.read(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      return { ...(await requireChild<AuthorizerRecord>(tx, input.ApiId, 'authorizer', input.AuthorizerId)) };
    });
}

export function getAuthorizers(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; MaxResults?: string; NextToken?: string }) =>
    cp.deps.store.read(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const items = await listChildren<AuthorizerRecord>(tx, input.ApiId, 'authorizer');
      return page(items, input.MaxResults, input.NextToken);
    });
}

export function updateAuthorizer(cp: ControlPlane) {
  return async (ctx: RequestContext, input: AuthorizerInput & { AuthorizerId: string }) => {
    const authorizer = await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const a = await requireChild<AuthorizerRecord>(tx, input.ApiId, 'authorizer', input.AuthorizerId);
      const { ApiId: _a, AuthorizerId: _i, ...changes } = input;
      assignDefined(a, changes);
      checkAuthorizer(a);
      await putChild(tx, input.ApiId, 'authorizer', a.AuthorizerId, a);
      await autoDeploy(tx, input.ApiId);
      return a;
    });
    cp.changed(input.ApiId);
    return { ...authorizer };
  };
}

export function deleteAuthorizer(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; AuthorizerId: string }) => {
    await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const authorizer = await requireChild<AuthorizerRecord>(
        tx,
        input.ApiId,
        'authorizer',
        input.AuthorizerId,
      );
      const routes = await listChildren<RouteRecord>(tx, input.ApiId, 'route');
      const user = routes.find((r) => r.AuthorizerId === input.AuthorizerId);
      // AWS's answer as users recorded it (sst/sst#5586).
      if (user) {
        throw conflict(
          `Cannot delete authorizer '${authorizer.Name}', is referenced in route: ${user.RouteKey}`,
        );
      }
      await deleteChild(tx, input.ApiId, 'authorizer', input.AuthorizerId);
      await autoDeploy(tx, input.ApiId);
    });
    cp.changed(input.ApiId);
    return {};
  };
}
