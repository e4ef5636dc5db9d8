// API Gateway REST APIs (the `apigateway` API, version 2015-07-09): the control plane and the data
// plane that serves deployed stages.
//
//   const apigateway = createApiGatewayService({ store, region, resolver, invoke, authenticate, log });
//   services.push({ definition: apigateway.definition, codec: createCodec(apigateway.definition.model), … });
//   rawRoutes.push(executeApiRoute([apigateway.dataPlane, …]));
//
// The data plane answers only for REST API ids it knows (see http-events/execute-api.ts).
import { loadModel } from '../../protocols/models.js';
import type { ExecuteApiHandler } from '../http-events/index.js';
import type { ServiceDefinition } from '../service.js';
import { controlPlaneHandlers } from './control-plane.js';
import { createRestApiDataPlane, type DataPlaneDeps } from './dataplane/index.js';

export type { DataPlaneDeps as ApiGatewayDeps, FunctionAnswer } from './dataplane/index.js';

export interface ApiGatewayService {
  definition: ServiceDefinition;
  dataPlane: ExecuteApiHandler;
}

export function createApiGatewayService(deps: DataPlaneDeps): ApiGatewayService {
  return {
    definition: {
      signingName: 'apigateway',
      model: loadModel('apigateway'),
      handlers: controlPlaneHandlers({ store: deps.store, region: deps.region }),
    },
    dataPlane: createRestApiDataPlane(deps),
  };
}
