// API Gateway REST APIs (the `apigateway` API, version 2015-07-09): the control plane and the data
// plane that serves deployed stages.
//
//   const apigateway = createApiGatewayService({ store, region, resolver, invoke, authenticate, log });
//   services.push({ definition: apigateway.definition, codec: createCodec(apigateway.definition.model), … });
//
// The data plane is the definition's raw route; it answers only for REST API ids it knows.
import { loadModel } from '../../protocols/models.js';
import type { ServiceDefinition } from '../service.js';
import { controlPlaneHandlers } from './control-plane.js';
import { createRestApiDataPlane, type DataPlaneDeps } from './dataplane/index.js';

export type { DataPlaneDeps as ApiGatewayDeps, FunctionAnswer } from './dataplane/index.js';

export function createApiGatewayService(deps: DataPlaneDeps): { definition: ServiceDefinition } {
  return {
    definition: {
      signingName: 'apigateway',
      model: loadModel('apigateway'),
      handlers: controlPlaneHandlers({ store: deps.store, region: deps.region }),
      rawRoutes: [createRestApiDataPlane(deps)],
    },
  };
}
