// CreateIntegration, GetIntegration, GetIntegrations, UpdateIntegration, DeleteIntegration.
// https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html
// Cumulo runs AWS_PROXY integrations to Lambda functions: IntegrationUri is a function ARN (with an
// optional alias or version) or the `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/
// {functionArn}/invocations` form. PayloadFormatVersion "1.0" (the default) or "2.0"; TimeoutInMillis
// 50–30000, default 30000 ("The default value is 30 seconds for HTTP APIs").
import type { RequestContext } from '../../service.js';
import { assignDefined, page, requireApi, requireChild, type ControlPlane } from '../context.js';
import { autoDeploy } from '../deploy.js';
import { badRequest, conflict } from '../errors.js';
import { newIntegrationId } from '../ids.js';
import type { IntegrationRecord, RouteRecord } from '../records.js';
import { deleteChild, listChildren, putChild } from '../repo.js';

type IntegrationInput = Partial<Omit<IntegrationRecord, 'IntegrationId'>> & {
  ApiId: string;
  IntegrationId?: string;
};

/** The function ARN an integration URI names, or undefined when it names none. */
export function functionArnOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const m = /^arn:aws[a-z-]*:apigateway:[^:]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/.exec(
    uri,
  );
  const arn = m ? m[1]! : uri;
  return /^arn:aws[a-z-]*:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/.test(arn) ? arn : undefined;
}

function check(integration: IntegrationRecord): void {
  if (integration.IntegrationType !== 'AWS_PROXY') {
    throw badRequest(
      `Unsupported integration type ${integration.IntegrationType}: Cumulo runs AWS_PROXY integrations`,
    );
  }
  if (!functionArnOf(integration.IntegrationUri)) {
    throw badRequest(`Invalid integration URI specified ${integration.IntegrationUri ?? ''}`.trim());
  }
  if (integration.PayloadFormatVersion !== '1.0' && integration.PayloadFormatVersion !== '2.0') {
    throw badRequest('PayloadFormatVersion must be one of [1.0, 2.0]');
  }
}

export function createIntegration(cp: ControlPlane) {
  return async (ctx: RequestContext, input: IntegrationInput) => {
    const integration: IntegrationRecord = {
      IntegrationId: newIntegrationId(),
      IntegrationType: input.IntegrationType!,
      IntegrationMethod: input.IntegrationMethod ?? 'POST',
      PayloadFormatVersion: input.PayloadFormatVersion ?? '1.0',
      TimeoutInMillis: input.TimeoutInMillis ?? 30000,
      ConnectionType: input.ConnectionType ?? 'INTERNET',
    };
    assignDefined(integration, {
      IntegrationUri: input.IntegrationUri,
      Description: input.Description,
      CredentialsArn: input.CredentialsArn,
      RequestParameters: input.RequestParameters,
    });
    check(integration);
    await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      await putChild(tx, input.ApiId, 'integration', integration.IntegrationId, integration);
      await autoDeploy(tx, input.ApiId);
    });
    cp.changed(input.ApiId);
    return { ...integration };
  };
}

export function getIntegration(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; IntegrationId: string }) =>
    cp.deps.store.read(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      return {
        ...(await requireChild<IntegrationRecord>(tx, input.ApiId, 'integration', input.IntegrationId)),
      };
    });
}

export function getIntegrations(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; MaxResults?: string; NextToken?: string }) =>
    cp.deps.store.read(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const items = await listChildren<IntegrationRecord>(tx, input.ApiId, 'integration');
      return page(items, input.MaxResults, input.NextToken);
    });
}

export function updateIntegration(cp: ControlPlane) {
  return async (ctx: RequestContext, input: IntegrationInput & { IntegrationId: string }) => {
    const integration = await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      const integration = await requireChild<IntegrationRecord>(
        tx,
        input.ApiId,
        'integration',
        input.IntegrationId,
      );
      const { ApiId: _a, IntegrationId: _i, ...changes } = input;
      assignDefined(integration, changes);
      check(integration);
      await putChild(tx, input.ApiId, 'integration', integration.IntegrationId, integration);
      await autoDeploy(tx, input.ApiId);
      return integration;
    });
    cp.changed(input.ApiId);
    return { ...integration };
  };
}

export function deleteIntegration(cp: ControlPlane) {
  return async (ctx: RequestContext, input: { ApiId: string; IntegrationId: string }) => {
    await cp.deps.store.write(async (tx) => {
      await requireApi(tx, ctx, input.ApiId);
      await requireChild(tx, input.ApiId, 'integration', input.IntegrationId);
      const routes = await listChildren<RouteRecord>(tx, input.ApiId, 'route');
      const users = routes.filter((r) => r.Target === `integrations/${input.IntegrationId}`);
      // AWS's answer as users recorded it (one route each time; several are listed as Java lists print).
      if (users.length > 0) {
        throw conflict(
          `Cannot delete Integration because it is referenced by the following Routes with Ids: [${users.map((r) => r.RouteId).join(', ')}]`,
        );
      }
      await deleteChild(tx, input.ApiId, 'integration', input.IntegrationId);
      await autoDeploy(tx, input.ApiId);
    });
    cp.changed(input.ApiId);
    return {};
  };
}
