// An OpenAPI definition → the REST API's resources, methods, integrations, authorizers, models and
// request validators (request-checks.ts), with API Gateway's extensions: x-amazon-apigateway-integration,
// -authorizer, -authtype, -api-key-source, -binary-media-types, -any-method, -request-validator(s),
// -gateway-responses.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
import type { RestApiRecord } from '../records.js';
import { GATEWAY_RESPONSE_STATUS, type GatewayResponseType } from '../gateway-response-types.js';
import { addAuthorizer } from '../operations/authorizers.js';
import { checkStatusCode, gatewayResponseRecord } from '../operations/gateway-responses.js';
import { putIntegration, putIntegrationResponse } from '../operations/integrations.js';
import { putMethod } from '../operations/methods.js';
import { addResource } from '../operations/resources.js';
import { defaultModels } from '../default-models.js';
import {
  importModels,
  importRequestValidators,
  requestModelsOf,
  requestValidatorOf,
} from './request-checks.js';
import {
  basePathOf,
  operationsOf,
  requirementsOf,
  securitySchemesOf,
  withBasePath,
  type BasePathMode,
  type Json,
} from '../../http-events/openapi/index.js';

const LOCATIONS = new Map<unknown, string>([
  ['path', 'path'],
  ['query', 'querystring'],
  ['header', 'header'],
]);

interface Scheme {
  kind: 'authorizer' | 'apiKey' | 'iam' | 'other';
  authorizerId?: string;
}

/** Resource for a path like `/pets/{petId}`, created part by part where missing. */
function ensureResource(api: RestApiRecord, path: string): string {
  let id = api.rootResourceId;
  for (const part of path.split('/').filter(Boolean)) {
    const existing = Object.values(api.resources).find((r) => r.parentId === id && r.pathPart === part);
    id = existing ? existing.id : addResource(api, id, part).id;
  }
  return id;
}

function securitySchemes(api: RestApiRecord, doc: Json): Map<string, Scheme> {
  const schemes = new Map<string, Scheme>();
  for (const [name, scheme] of securitySchemesOf(doc)) {
    const authorizer: Json | undefined = scheme['x-amazon-apigateway-authorizer'];
    if (authorizer) {
      const type = String(authorizer.type ?? 'token').toUpperCase();
      const created = addAuthorizer(api, {
        restApiId: api.id,
        name,
        type,
        authType: scheme['x-amazon-apigateway-authtype'],
        authorizerUri: authorizer.authorizerUri,
        authorizerCredentials: authorizer.authorizerCredentials,
        providerARNs: authorizer.providerARNs,
        identitySource:
          authorizer.identitySource ??
          (type === 'TOKEN' && scheme.in === 'header' ? `method.request.header.${scheme.name}` : undefined),
        identityValidationExpression: authorizer.identityValidationExpression,
        authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds,
      });
      schemes.set(name, { kind: 'authorizer', authorizerId: created.id });
    } else if (String(scheme['x-amazon-apigateway-authtype'] ?? '').toLowerCase() === 'awssigv4') {
      schemes.set(name, { kind: 'iam' });
    } else if (scheme.type === 'apiKey' && String(scheme.name).toLowerCase() === 'x-api-key') {
      schemes.set(name, { kind: 'apiKey' });
    } else {
      schemes.set(name, { kind: 'other' });
    }
  }
  return schemes;
}

function authorization(
  requirements: Array<[string, string[]]>,
  schemes: Map<string, Scheme>,
): { authorizationType: string; authorizerId?: string; apiKeyRequired: boolean } {
  const result = {
    authorizationType: 'NONE',
    authorizerId: undefined as string | undefined,
    apiKeyRequired: false,
  };
  for (const [name] of requirements) {
    const scheme = schemes.get(name);
    if (scheme?.kind === 'apiKey') result.apiKeyRequired = true;
    if (scheme?.kind === 'iam') result.authorizationType = 'AWS_IAM';
    if (scheme?.kind === 'authorizer') {
      result.authorizationType = 'CUSTOM';
      result.authorizerId = scheme.authorizerId;
    }
  }
  return result;
}

function requestParameters(parameters: Json[]): Record<string, boolean> | undefined {
  const params: Record<string, boolean> = {};
  for (const p of parameters) {
    const location = LOCATIONS.get(p?.in);
    if (location && p.name)
      params[`method.request.${location}.${p.name}`] = p.in === 'path' || p.required === true;
  }
  return Object.keys(params).length ? params : undefined;
}

/** A definition's list (`parameters`), or none when it is not a list. */
const listOf = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

const upper = (v: unknown): string | undefined => (typeof v === 'string' ? v.toUpperCase() : undefined);

function applyIntegration(api: RestApiRecord, resourceId: string, httpMethod: string, x: Json): void {
  putIntegration(api, {
    restApiId: api.id,
    resourceId,
    httpMethod,
    type: upper(x.type) ?? 'MOCK',
    integrationHttpMethod: upper(x.httpMethod),
    uri: x.uri,
    credentials: x.credentials,
    requestParameters: x.requestParameters,
    requestTemplates: x.requestTemplates,
    passthroughBehavior: upper(x.passthroughBehavior),
    contentHandling: upper(x.contentHandling),
    timeoutInMillis: x.timeoutInMillis,
    cacheNamespace: x.cacheNamespace,
    cacheKeyParameters: x.cacheKeyParameters,
  });
  const method = api.resources[resourceId]!.methods[httpMethod]!;
  for (const [pattern, response] of Object.entries<Json>(x.responses ?? {})) {
    putIntegrationResponse(method, {
      statusCode: String(response.statusCode ?? '200'),
      selectionPattern: pattern === 'default' ? undefined : pattern,
      responseParameters: response.responseParameters,
      responseTemplates: response.responseTemplates,
      contentHandling: upper(response.contentHandling),
    });
  }
}

/**
 * `x-amazon-apigateway-gateway-responses`: `{ TYPE: { statusCode, responseParameters,
 * responseTemplates } }`, stored as PutGatewayResponse stores them (types AWS does not know are skipped).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.html
 */
function applyGatewayResponses(api: RestApiRecord, extension: unknown): void {
  if (!extension || typeof extension !== 'object') return;
  for (const [type, response] of Object.entries(extension as Record<string, Json>)) {
    if (!(type in GATEWAY_RESPONSE_STATUS) || !response || typeof response !== 'object') continue;
    const status = response.statusCode;
    api.gatewayResponses = {
      ...(api.gatewayResponses ?? {}),
      [type]: gatewayResponseRecord(type as GatewayResponseType, {
        statusCode: status === undefined ? undefined : checkStatusCode(String(status)),
        responseParameters: response.responseParameters,
        responseTemplates: response.responseTemplates,
      }),
    };
  }
}

/**
 * Applies the definition to the API. `overwrite` (ImportRestApi, PutRestApi's default) replaces the
 * resources, authorizers, models and validators; `merge` adds to them. Deployments and stages are kept either way.
 * `basePath` is the `basepath` import parameter (ignore by default).
 */
export function applyDefinition(
  api: RestApiRecord,
  doc: Json,
  mode: 'overwrite' | 'merge',
  basePath: BasePathMode = 'ignore',
): void {
  if (mode === 'overwrite') {
    api.resources = { [api.rootResourceId]: { id: api.rootResourceId, methods: {} } };
    api.authorizers = {};
    api.models = defaultModels();
    api.requestValidators = {};
    api.gatewayResponses = {};
  }
  const info: Json = doc.info ?? {};
  if (typeof info.title === 'string' && info.title) api.name = info.title;
  if (typeof info.description === 'string') api.description = info.description || undefined;
  if (info.version !== undefined) api.version = String(info.version);
  const keySource = upper(doc['x-amazon-apigateway-api-key-source']);
  if (keySource) api.apiKeySource = keySource;
  const binary = doc['x-amazon-apigateway-binary-media-types'];
  if (Array.isArray(binary)) api.binaryMediaTypes = binary.map(String);
  applyGatewayResponses(api, doc['x-amazon-apigateway-gateway-responses']);

  const schemes = securitySchemes(api, doc);
  importModels(api, doc);
  const validators = importRequestValidators(api, doc);
  const base = basePathOf(doc);
  // Every path gets its resource, with or without operations.
  for (const path of Object.keys(doc.paths ?? {})) ensureResource(api, withBasePath(path, base, basePath));
  for (const { path, method: httpMethod, operation, item } of operationsOf(doc)) {
    const resourceId = ensureResource(api, withBasePath(path, base, basePath));
    const auth = authorization(requirementsOf(operation, doc), schemes);
    const parameters: Json[] = [...listOf(item.parameters), ...listOf(operation.parameters)];
    putMethod(
      api,
      {
        restApiId: api.id,
        resourceId,
        httpMethod,
        ...auth,
        operationName: operation.operationId,
        requestParameters: requestParameters(parameters),
        requestModels: requestModelsOf(api, operation, parameters, doc),
        requestValidatorId: requestValidatorOf(operation, doc, validators),
      },
      true,
    );
    const method = api.resources[resourceId]!.methods[httpMethod]!;
    for (const code of Object.keys(operation.responses ?? {})) {
      if (/^[1-5]\d\d$/.test(code)) method.methodResponses[code] = { statusCode: code };
    }
    const x = operation['x-amazon-apigateway-integration'];
    if (x && typeof x === 'object') applyIntegration(api, resourceId, httpMethod, x);
  }
}
