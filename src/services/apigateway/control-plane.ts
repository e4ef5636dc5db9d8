// Every control-plane operation of API Gateway REST APIs (the `apigateway` model), by AWS name.
import type { OperationHandler } from '../service.js';
import { accountHandlers } from './operations/account.js';
import { apiKeyHandlers } from './operations/api-keys.js';
import { authorizerHandlers } from './operations/authorizers.js';
import type { ControlPlaneDeps } from './operations/common.js';
import { deploymentHandlers } from './operations/deployments.js';
import { gatewayResponseHandlers } from './operations/gateway-responses.js';
import { importHandlers } from './operations/import.js';
import { integrationHandlers } from './operations/integrations.js';
import { methodHandlers } from './operations/methods.js';
import { modelHandlers } from './operations/models.js';
import { requestValidatorHandlers } from './operations/request-validators.js';
import { resourceHandlers } from './operations/resources.js';
import { restApiHandlers } from './operations/rest-apis.js';
import { tagHandlers } from './operations/tags.js';
import { usagePlanHandlers } from './operations/usage-plans.js';

export function controlPlaneHandlers(deps: ControlPlaneDeps): Record<string, OperationHandler> {
  return {
    ...restApiHandlers(deps),
    ...resourceHandlers(deps),
    ...methodHandlers(deps),
    ...integrationHandlers(deps),
    ...modelHandlers(deps),
    ...requestValidatorHandlers(deps),
    ...deploymentHandlers(deps),
    ...authorizerHandlers(deps),
    ...apiKeyHandlers(deps),
    ...usagePlanHandlers(deps),
    ...importHandlers(deps),
    ...tagHandlers(deps),
    ...gatewayResponseHandlers(deps),
    ...accountHandlers(deps),
  };
}
