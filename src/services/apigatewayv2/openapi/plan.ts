// An OpenAPI 3 definition → what an HTTP API gets from it: the API's own fields, its CORS
// configuration (x-amazon-apigateway-cors), routes (`{METHOD} {path}`; `/$default` with
// x-amazon-apigateway-any-method is the `$default` route, as AWS exports it), one integration per
// route (x-amazon-apigateway-integration: type aws_proxy, uri, payloadFormatVersion, timeoutInMillis)
// and authorizers (x-amazon-apigateway-authorizer: jwt and request; x-amazon-apigateway-authtype
// awsSigv4 routes are AWS_IAM).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
// Things API Gateway cannot use are warnings ("A property or structure is invalid according to the
// OpenAPI specification, but it doesn't block API creation"); the warning texts are Cumulo's own.
import {
  basePathOf,
  isObject,
  operationsOf,
  requirementsOf,
  securitySchemesOf,
  withBasePath,
  type BasePathMode,
  type Json,
} from '../../http-events/openapi/index.js';
import { functionArnOf } from '../operations/integrations.js';
import type { AuthorizerRecord, Cors, IntegrationRecord, RouteRecord } from '../records.js';
import { DEFAULT_ROUTE, parseRouteKey } from '../route-key.js';

export type Draft<T> = Omit<T, 'RouteId' | 'IntegrationId' | 'AuthorizerId'>;

export interface PlannedRoute {
  route: Draft<RouteRecord>;
  integration?: Draft<IntegrationRecord>;
  /** The security scheme whose authorizer the route uses. */
  authorizer?: string;
}

export interface ImportPlan {
  Name: string;
  Description?: string;
  Version?: string;
  CorsConfiguration?: Cors;
  /** By security scheme name. */
  authorizers: Map<string, Draft<AuthorizerRecord>>;
  routes: PlannedRoute[];
  warnings: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

/** x-amazon-apigateway-cors: the CorsConfiguration members, camel-cased. */
function cors(x: unknown): Cors | undefined {
  if (!isObject(x)) return undefined;
  const c: Cors = {};
  if (typeof x.allowCredentials === 'boolean') c.AllowCredentials = x.allowCredentials;
  if (strings(x.allowHeaders)) c.AllowHeaders = strings(x.allowHeaders);
  if (strings(x.allowMethods)) c.AllowMethods = strings(x.allowMethods);
  if (strings(x.allowOrigins)) c.AllowOrigins = strings(x.allowOrigins);
  if (strings(x.exposeHeaders)) c.ExposeHeaders = strings(x.exposeHeaders);
  if (typeof x.maxAge === 'number') c.MaxAge = x.maxAge;
  return c;
}

/** `identitySource`: one string of comma-separated sources, or an array of them. */
function identitySources(v: unknown): string[] {
  const list = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : [];
  return list.map((s) => s.trim()).filter(Boolean);
}

type Scheme = { kind: 'authorizer'; type: 'JWT' | 'CUSTOM' } | { kind: 'iam' } | { kind: 'other' };

function jwtAuthorizer(name: string, x: Json): Draft<AuthorizerRecord> {
  const jwt = isObject(x.jwtConfiguration) ? x.jwtConfiguration : {};
  return {
    Name: name,
    AuthorizerType: 'JWT',
    IdentitySource: identitySources(x.identitySource),
    JwtConfiguration: {
      ...(strings(jwt.audience) ? { Audience: strings(jwt.audience) } : {}),
      ...(str(jwt.issuer) ? { Issuer: str(jwt.issuer) } : {}),
    },
  };
}

function requestAuthorizer(name: string, x: Json): Draft<AuthorizerRecord> {
  const a: Draft<AuthorizerRecord> = {
    Name: name,
    AuthorizerType: 'REQUEST',
    IdentitySource: identitySources(x.identitySource),
  };
  if (str(x.authorizerUri)) a.AuthorizerUri = str(x.authorizerUri);
  if (str(x.authorizerPayloadFormatVersion))
    a.AuthorizerPayloadFormatVersion = str(x.authorizerPayloadFormatVersion);
  if (typeof x.authorizerResultTtlInSeconds === 'number')
    a.AuthorizerResultTtlInSeconds = x.authorizerResultTtlInSeconds;
  if (typeof x.enableSimpleResponses === 'boolean') a.EnableSimpleResponses = x.enableSimpleResponses;
  if (str(x.authorizerCredentials)) a.AuthorizerCredentialsArn = str(x.authorizerCredentials);
  return a;
}

function securitySchemes(doc: Json, plan: ImportPlan): Map<string, Scheme> {
  const schemes = new Map<string, Scheme>();
  for (const [name, scheme] of securitySchemesOf(doc)) {
    const x: unknown = scheme['x-amazon-apigateway-authorizer'];
    const type = isObject(x) ? String(x.type ?? '').toLowerCase() : undefined;
    if (isObject(x) && type === 'jwt') {
      plan.authorizers.set(name, jwtAuthorizer(name, x));
      schemes.set(name, { kind: 'authorizer', type: 'JWT' });
    } else if (isObject(x) && type === 'request') {
      plan.authorizers.set(name, requestAuthorizer(name, x));
      schemes.set(name, { kind: 'authorizer', type: 'CUSTOM' });
    } else if (String(scheme['x-amazon-apigateway-authtype'] ?? '').toLowerCase() === 'awssigv4') {
      schemes.set(name, { kind: 'iam' });
    } else {
      if (isObject(x)) {
        plan.warnings.push(
          `Unsupported authorizer type ${String(x.type)} for security scheme ${name}. Ignoring it.`,
        );
      }
      schemes.set(name, { kind: 'other' });
    }
  }
  return schemes;
}

function integration(x: unknown, routeKey: string, plan: ImportPlan): Draft<IntegrationRecord> | undefined {
  if (!isObject(x)) return undefined;
  const ignore = (why: string): undefined => {
    plan.warnings.push(`${why} for route ${routeKey}. Ignoring the integration.`);
    return undefined;
  };
  // "HTTP APIs support only Lambda proxy and HTTP proxy integrations"; Cumulo runs Lambda proxies.
  if (String(x.type ?? '').toUpperCase() !== 'AWS_PROXY')
    return ignore(`Unsupported integration type ${String(x.type)}`);
  const uri = str(x.uri) ?? str(x.integrationUri);
  if (!functionArnOf(uri)) return ignore(`Invalid integration URI ${uri ?? ''}`);
  const version = x.payloadFormatVersion === undefined ? '1.0' : String(x.payloadFormatVersion);
  if (version !== '1.0' && version !== '2.0') return ignore(`Invalid payloadFormatVersion ${version}`);
  const timeout = typeof x.timeoutInMillis === 'number' ? x.timeoutInMillis : 30000;
  if (timeout < 50 || timeout > 30000) return ignore(`Invalid timeoutInMillis ${timeout}`);
  const result: Draft<IntegrationRecord> = {
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: uri!,
    IntegrationMethod: str(x.httpMethod)?.toUpperCase() ?? 'POST',
    PayloadFormatVersion: version,
    TimeoutInMillis: timeout,
    ConnectionType: str(x.connectionType)?.toUpperCase() ?? 'INTERNET',
  };
  if (str(x.credentials)) result.CredentialsArn = str(x.credentials);
  if (str(x.description)) result.Description = str(x.description);
  return result;
}

function routeKeyOf(path: string, method: string, base: string, basePath: BasePathMode): string {
  // AWS exports the `$default` route as the path `/$default` with x-amazon-apigateway-any-method.
  if (path === `/${DEFAULT_ROUTE}` && method === 'ANY') return DEFAULT_ROUTE;
  return `${method} ${withBasePath(path, base, basePath)}`;
}

export function planImport(doc: Json, basePath: BasePathMode): ImportPlan {
  const info = isObject(doc.info) ? doc.info : {};
  const plan: ImportPlan = { Name: str(info.title) ?? '', authorizers: new Map(), routes: [], warnings: [] };
  if (str(info.description)) plan.Description = str(info.description);
  if (info.version !== undefined) plan.Version = String(info.version);
  const c = cors(doc['x-amazon-apigateway-cors']);
  if (c) plan.CorsConfiguration = c;

  const schemes = securitySchemes(doc, plan);
  const base = basePathOf(doc);
  for (const { path, method, operation } of operationsOf(doc)) {
    const routeKey = routeKeyOf(path, method, base, basePath);
    try {
      parseRouteKey(routeKey);
    } catch {
      plan.warnings.push(`Invalid route key ${routeKey}. Ignoring the route.`);
      continue;
    }
    const route: Draft<RouteRecord> = {
      RouteKey: routeKey,
      ApiKeyRequired: false,
      AuthorizationType: 'NONE',
    };
    if (str(operation.operationId)) route.OperationName = str(operation.operationId);
    const planned: PlannedRoute = { route };
    for (const [name, scopes] of requirementsOf(operation, doc)) {
      const scheme = schemes.get(name);
      if (!scheme) {
        plan.warnings.push(`Security scheme ${name} of route ${routeKey} is not defined. Ignoring it.`);
      } else if (scheme.kind === 'iam') {
        route.AuthorizationType = 'AWS_IAM';
      } else if (scheme.kind === 'authorizer') {
        route.AuthorizationType = scheme.type;
        planned.authorizer = name;
        if (scheme.type === 'JWT' && scopes.length > 0) route.AuthorizationScopes = scopes;
      }
    }
    const i = integration(operation['x-amazon-apigateway-integration'], routeKey, plan);
    if (i) planned.integration = i;
    plan.routes.push(planned);
  }
  return plan;
}
