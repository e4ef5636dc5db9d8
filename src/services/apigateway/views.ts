// Records → the output shapes of the API Gateway model. Empty optional members are left out, as
// AWS leaves them out (GetMethod without responses has no `methodResponses`).
import type {
  ApiKeyRecord,
  AuthorizerRecord,
  DeploymentRecord,
  IntegrationRecord,
  MethodRecord,
  ResourceRecord,
  RestApiRecord,
  StageRecord,
  UsagePlanRecord,
} from './records.js';

const nonEmpty = <T extends object>(o: T | undefined): T | undefined =>
  o && Object.keys(o).length > 0 ? o : undefined;

export function restApiView(api: RestApiRecord): Record<string, unknown> {
  return {
    id: api.id,
    name: api.name,
    description: api.description,
    version: api.version,
    createdDate: new Date(api.createdDate),
    binaryMediaTypes: api.binaryMediaTypes.length ? api.binaryMediaTypes : undefined,
    minimumCompressionSize: api.minimumCompressionSize,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: api.endpointConfiguration,
    policy: api.policy,
    tags: api.tags,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.rootResourceId,
    warnings: api.warnings,
  };
}

/** `/pets/{petId}` from the parent chain. */
export function resourcePath(resources: Record<string, ResourceRecord>, id: string): string {
  const parts: string[] = [];
  let current = resources[id];
  while (current?.parentId !== undefined) {
    parts.unshift(current.pathPart ?? '');
    current = resources[current.parentId];
  }
  return '/' + parts.join('/');
}

export function integrationView(integration: IntegrationRecord): Record<string, unknown> {
  return { ...integration, integrationResponses: nonEmpty(integration.integrationResponses) };
}

export function methodView(method: MethodRecord): Record<string, unknown> {
  return {
    ...method,
    methodResponses: nonEmpty(method.methodResponses),
    methodIntegration: method.methodIntegration && integrationView(method.methodIntegration),
  };
}

export function resourceView(
  resources: Record<string, ResourceRecord>,
  resource: ResourceRecord,
  embedMethods: boolean,
): Record<string, unknown> {
  const methods = Object.values(resource.methods);
  return {
    id: resource.id,
    parentId: resource.parentId,
    pathPart: resource.pathPart,
    path: resourcePath(resources, resource.id),
    resourceMethods: methods.length
      ? Object.fromEntries(methods.map((m) => [m.httpMethod, embedMethods ? methodView(m) : {}]))
      : undefined,
  };
}

export const authorizerView = (a: AuthorizerRecord): Record<string, unknown> => ({ ...a });

export const deploymentView = (d: DeploymentRecord): Record<string, unknown> => ({
  id: d.id,
  description: d.description,
  createdDate: new Date(d.createdDate),
});

export const stageView = (s: StageRecord): Record<string, unknown> => ({
  ...s,
  cacheClusterStatus: 'NOT_AVAILABLE',
  variables: nonEmpty(s.variables),
  createdDate: new Date(s.createdDate),
  lastUpdatedDate: new Date(s.lastUpdatedDate),
});

export function apiKeyView(key: ApiKeyRecord, includeValue: boolean): Record<string, unknown> {
  return {
    ...key,
    accountId: undefined,
    value: includeValue ? key.value : undefined,
    createdDate: new Date(key.createdDate),
    lastUpdatedDate: new Date(key.lastUpdatedDate),
  };
}

export const usagePlanView = (p: UsagePlanRecord): Record<string, unknown> => ({
  id: p.id,
  name: p.name,
  description: p.description,
  apiStages: p.apiStages,
  throttle: p.throttle,
  quota: p.quota,
  tags: p.tags,
});
