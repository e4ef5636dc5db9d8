// What the HTTP API control plane stores. Member names are the API's own (as the model names them),
// so records are returned nearly as they are.

export interface Cors {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

export interface ApiRecord {
  accountId: string;
  ApiId: string;
  Name: string;
  ProtocolType: string;
  RouteSelectionExpression: string;
  ApiKeySelectionExpression: string;
  CreatedDate: string;
  CorsConfiguration?: Cors;
  Description?: string;
  DisableExecuteApiEndpoint: boolean;
  DisableSchemaValidation?: boolean;
  Tags?: Record<string, string>;
  Version?: string;
}

export interface RouteRecord {
  RouteId: string;
  RouteKey: string;
  ApiKeyRequired: boolean;
  AuthorizationType: string;
  AuthorizationScopes?: string[];
  AuthorizerId?: string;
  Target?: string;
  OperationName?: string;
  RequestParameters?: Record<string, { Required?: boolean }>;
  ApiGatewayManaged?: boolean;
}

export interface IntegrationRecord {
  IntegrationId: string;
  IntegrationType: string;
  IntegrationUri?: string;
  IntegrationMethod?: string;
  PayloadFormatVersion: string;
  TimeoutInMillis: number;
  ConnectionType: string;
  Description?: string;
  CredentialsArn?: string;
  RequestParameters?: Record<string, string>;
  ApiGatewayManaged?: boolean;
}

export interface RouteSettings {
  DataTraceEnabled?: boolean;
  DetailedMetricsEnabled?: boolean;
  LoggingLevel?: string;
  ThrottlingBurstLimit?: number;
  ThrottlingRateLimit?: number;
}

export interface StageRecord {
  StageName: string;
  AutoDeploy: boolean;
  CreatedDate: string;
  LastUpdatedDate: string;
  DeploymentId?: string;
  Description?: string;
  StageVariables?: Record<string, string>;
  DefaultRouteSettings: RouteSettings;
  RouteSettings: Record<string, RouteSettings>;
  AccessLogSettings?: { DestinationArn?: string; Format?: string };
  Tags?: Record<string, string>;
  ApiGatewayManaged?: boolean;
  LastDeploymentStatusMessage?: string;
}

export interface AuthorizerRecord {
  AuthorizerId: string;
  Name: string;
  AuthorizerType: string;
  IdentitySource: string[];
  AuthorizerUri?: string;
  AuthorizerPayloadFormatVersion?: string;
  AuthorizerResultTtlInSeconds?: number;
  EnableSimpleResponses?: boolean;
  AuthorizerCredentialsArn?: string;
  IdentityValidationExpression?: string;
  JwtConfiguration?: { Audience?: string[]; Issuer?: string };
}

/** What a deployment freezes: the API as the data plane serves it. */
export interface ApiSnapshot {
  cors?: Cors;
  routes: RouteRecord[];
  integrations: IntegrationRecord[];
  authorizers: AuthorizerRecord[];
}

export interface DeploymentRecord {
  DeploymentId: string;
  DeploymentStatus: string;
  CreatedDate: string;
  AutoDeployed: boolean;
  Description?: string;
  snapshot: ApiSnapshot;
}

export type ChildKind = 'route' | 'integration' | 'stage' | 'deployment' | 'authorizer';
