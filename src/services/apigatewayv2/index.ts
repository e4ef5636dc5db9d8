// API Gateway HTTP APIs (apigatewayv2, API version 2018-11-29): the control plane's operations and the
// data plane other services reach through the shared execute-api route (http-events/execute-api.ts).
//
//   const v2 = createApiGatewayV2Service(deps);
//   services.push({ definition: v2.definition, codec: createCodec(loadModel('apigatewayv2')), … });
//   rawRoutes.push(executeApiRoute([v2.dataPlane, …]));
import { loadModel } from '../../protocols/models.js';
import type { ExecuteApiHandler } from '../http-events/index.js';
import type { OperationHandler, ServiceDefinition } from '../service.js';
import type { ControlPlane } from './context.js';
import { HttpApiDataPlane } from './data-plane/handler.js';
import { ApiViews } from './data-plane/view.js';
import type { ApiGatewayV2Deps } from './deps.js';
import * as apis from './operations/apis.js';
import * as authorizers from './operations/authorizers.js';
import * as deployments from './operations/deployments.js';
import * as imports from './operations/import.js';
import * as integrations from './operations/integrations.js';
import * as routes from './operations/routes.js';
import * as stages from './operations/stages.js';
import * as tags from './operations/tags.js';

export type { ApiGatewayV2Deps, SyncInvokeResult } from './deps.js';

export interface ApiGatewayV2Service {
  definition: ServiceDefinition;
  dataPlane: ExecuteApiHandler;
}

export function createApiGatewayV2Service(deps: ApiGatewayV2Deps): ApiGatewayV2Service {
  const views = new ApiViews(deps.store);
  const cp: ControlPlane = { deps, changed: (apiId) => views.invalidate(apiId) };
  const wrap = (
    make: (cp: ControlPlane) => (ctx: never, input: never) => Promise<unknown>,
  ): OperationHandler => {
    const handler = make(cp);
    return async (ctx, input) => (await handler(ctx as never, input as never)) as Record<string, unknown>;
  };
  const handlers: Record<string, OperationHandler> = {
    CreateApi: wrap(apis.createApi),
    GetApi: wrap(apis.getApi),
    GetApis: wrap(apis.getApis),
    UpdateApi: wrap(apis.updateApi),
    DeleteApi: wrap(apis.deleteApi),
    DeleteCorsConfiguration: wrap(apis.deleteCorsConfiguration),
    ImportApi: wrap(imports.importApi),
    ReimportApi: wrap(imports.reimportApi),
    CreateRoute: wrap(routes.createRoute),
    GetRoute: wrap(routes.getRoute),
    GetRoutes: wrap(routes.getRoutes),
    UpdateRoute: wrap(routes.updateRoute),
    DeleteRoute: wrap(routes.deleteRoute),
    CreateIntegration: wrap(integrations.createIntegration),
    GetIntegration: wrap(integrations.getIntegration),
    GetIntegrations: wrap(integrations.getIntegrations),
    UpdateIntegration: wrap(integrations.updateIntegration),
    DeleteIntegration: wrap(integrations.deleteIntegration),
    CreateStage: wrap(stages.createStage),
    GetStage: wrap(stages.getStage),
    GetStages: wrap(stages.getStages),
    UpdateStage: wrap(stages.updateStage),
    DeleteStage: wrap(stages.deleteStage),
    DeleteAccessLogSettings: wrap(stages.deleteAccessLogSettings),
    CreateDeployment: wrap(deployments.createDeployment),
    GetDeployment: wrap(deployments.getDeployment),
    GetDeployments: wrap(deployments.getDeployments),
    DeleteDeployment: wrap(deployments.deleteDeployment),
    CreateAuthorizer: wrap(authorizers.createAuthorizer),
    GetAuthorizer: wrap(authorizers.getAuthorizer),
    GetAuthorizers: wrap(authorizers.getAuthorizers),
    UpdateAuthorizer: wrap(authorizers.updateAuthorizer),
    DeleteAuthorizer: wrap(authorizers.deleteAuthorizer),
    TagResource: wrap(tags.tagResource),
    UntagResource: wrap(tags.untagResource),
    GetTags: wrap(tags.getTags),
  };
  const dataPlane = new HttpApiDataPlane(deps, views);
  return {
    definition: { signingName: 'apigateway', model: loadModel('apigatewayv2'), handlers },
    dataPlane: dataPlane.handle,
  };
}
