// What API Gateway stores: one document per REST API (its resources, methods, integrations,
// authorizers, deployments and stages — small, and always read together by the data plane), plus API
// keys and usage plans, which belong to the account. Times are epoch milliseconds.

export interface MethodResponseRecord {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface IntegrationResponseRecord {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
}

export interface IntegrationRecord {
  type: string;
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  integrationResponses: Record<string, IntegrationResponseRecord>;
}

export interface MethodRecord {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  authorizationScopes?: string[];
  methodResponses: Record<string, MethodResponseRecord>;
  methodIntegration?: IntegrationRecord;
}

export interface ResourceRecord {
  id: string;
  /** Absent for the root resource `/`. */
  parentId?: string;
  pathPart?: string;
  methods: Record<string, MethodRecord>;
}

export interface AuthorizerRecord {
  id: string;
  name: string;
  type: string;
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds: number;
}

/** A model: a JSON Schema (draft 4) for one content type, named uniquely in its API. */
export interface ModelRecord {
  id: string;
  name: string;
  description?: string;
  schema?: string;
  contentType: string;
}

export interface RequestValidatorRecord {
  id: string;
  name?: string;
  validateRequestBody: boolean;
  validateRequestParameters: boolean;
}

/** A gateway response the API customised (PutGatewayResponse); absent types answer their default. */
export interface GatewayResponseRecord {
  /** Absent only for DEFAULT_4XX / DEFAULT_5XX put without one. */
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
}

/** What a deployment froze: the data plane serves this, not the API's current definition. */
export interface DeploymentSnapshot {
  resources: Record<string, ResourceRecord>;
  authorizers: Record<string, AuthorizerRecord>;
  /** By name. Absent in deployments made before Cumulo had models (nothing to validate then). */
  models?: Record<string, ModelRecord>;
  /** By id; absent as models are. */
  requestValidators?: Record<string, RequestValidatorRecord>;
  apiKeySource: string;
  binaryMediaTypes: string[];
  /** Absent in deployments made before gateway responses existed. */
  gatewayResponses?: Record<string, GatewayResponseRecord>;
}

export interface DeploymentRecord {
  id: string;
  description?: string;
  createdDate: number;
  snapshot: DeploymentSnapshot;
}

export interface MethodSettingRecord {
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
  [setting: string]: unknown;
}

export interface StageRecord {
  stageName: string;
  deploymentId: string;
  description?: string;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  variables?: Record<string, string>;
  methodSettings: Record<string, MethodSettingRecord>;
  tracingEnabled: boolean;
  /** Set with UpdateStage (`/accessLogSettings/destinationArn`, `/accessLogSettings/format`). */
  accessLogSettings?: { destinationArn?: string; format?: string };
  tags?: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

export interface RestApiRecord {
  accountId: string;
  id: string;
  name: string;
  description?: string;
  version?: string;
  createdDate: number;
  binaryMediaTypes: string[];
  minimumCompressionSize?: number;
  apiKeySource: string;
  endpointConfiguration: { types: string[]; ipAddressType?: string };
  policy?: string;
  tags: Record<string, string>;
  disableExecuteApiEndpoint: boolean;
  rootResourceId: string;
  warnings?: string[];
  resources: Record<string, ResourceRecord>;
  authorizers: Record<string, AuthorizerRecord>;
  /** By name (models are addressed by name). Filled by repo.ts for APIs stored before models existed. */
  models: Record<string, ModelRecord>;
  /** By id. */
  requestValidators: Record<string, RequestValidatorRecord>;
  deployments: Record<string, DeploymentRecord>;
  stages: Record<string, StageRecord>;
  /** Customised gateway responses by type; absent in APIs stored before they existed. */
  gatewayResponses?: Record<string, GatewayResponseRecord>;
}

export interface ApiKeyRecord {
  accountId: string;
  id: string;
  value: string;
  name?: string;
  customerId?: string;
  description?: string;
  enabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  stageKeys: string[];
  tags?: Record<string, string>;
}

export interface ThrottleRecord {
  burstLimit?: number;
  rateLimit?: number;
}

export interface UsagePlanRecord {
  accountId: string;
  id: string;
  name: string;
  description?: string;
  apiStages: Array<{ apiId: string; stage: string; throttle?: Record<string, ThrottleRecord> }>;
  throttle?: ThrottleRecord;
  quota?: { limit?: number; offset?: number; period?: string };
  tags?: Record<string, string>;
  /** Ids of the API keys in the plan (CreateUsagePlanKey). */
  keyIds: string[];
}
