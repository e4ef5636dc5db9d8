// PutMethod, GetMethod, UpdateMethod, DeleteMethod and the method responses (Put/Get/Delete
// MethodResponse). https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html
// Texts as AWS answers (LocalStack's validated snapshots, TestApiGatewayApiMethod).
import { badRequest, conflict, responseNotFound } from '../errors.js';
import { applyPatch, booleanRule, stringRule, type PatchOperation, type PatchRule } from '../patch.js';
import type { MethodRecord, MethodResponseRecord, RestApiRecord } from '../records.js';
import { methodView } from '../views.js';
import {
  type ControlPlaneDeps,
  type Handler,
  findMethod,
  findResource,
  readApi,
  updateApi,
} from './common.js';
import { rethrowAsResourceNotFound } from './resources.js';

export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'];
const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

export interface PutMethodInput {
  restApiId: string;
  resourceId: string;
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired?: boolean;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  requestValidatorId?: string;
  authorizationScopes?: string[];
}

export function checkHttpMethod(httpMethod: string): string {
  const upper = httpMethod.toUpperCase();
  if (!HTTP_METHODS.includes(upper))
    throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(',')}`);
  return upper;
}

/** Authorization type and authorizer must agree: CUSTOM needs an authorizer of this API. */
function checkAuthorization(api: RestApiRecord, method: MethodRecord): void {
  if (!AUTHORIZATION_TYPES.includes(method.authorizationType)) {
    // Unconfirmed text: the AWS message for an unknown authorization type.
    throw badRequest(
      `Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(',')}`,
    );
  }
  if (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS') {
    if (!method.authorizerId || !api.authorizers[method.authorizerId]) {
      throw badRequest(
        'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
      );
    }
  } else {
    delete method.authorizerId;
  }
}

/** The validator and models a method request names must exist in the API. */
function checkMethodRequest(api: RestApiRecord, method: MethodRecord): void {
  if (method.requestValidatorId && !api.requestValidators[method.requestValidatorId])
    throw badRequest('Invalid Request Validator identifier specified');
  for (const name of Object.values(method.requestModels ?? {}))
    if (!api.models[name]) throw badRequest(`Invalid model identifier specified: ${name}`);
}

/** Builds the method record a PutMethod (or an OpenAPI operation) describes. */
export function putMethod(api: RestApiRecord, input: PutMethodInput, replace: boolean): MethodRecord {
  const resource = findResource(api, input.resourceId);
  const httpMethod = checkHttpMethod(input.httpMethod);
  if (!replace && resource.methods[httpMethod]) throw conflict('Method already exists for this resource');
  const method: MethodRecord = {
    httpMethod,
    authorizationType: input.authorizationType,
    authorizerId: input.authorizerId,
    apiKeyRequired: input.apiKeyRequired ?? false,
    operationName: input.operationName,
    requestParameters: input.requestParameters,
    requestModels: input.requestModels,
    requestValidatorId: input.requestValidatorId,
    authorizationScopes: input.authorizationScopes,
    methodResponses: {},
  };
  checkAuthorization(api, method);
  checkMethodRequest(api, method);
  resource.methods[httpMethod] = method;
  return method;
}

const METHOD_RULES: PatchRule<{ api: RestApiRecord; method: MethodRecord }>[] = [
  stringRule('/authorizationType', ({ api, method }, v) => {
    method.authorizationType = v ?? 'NONE';
    checkAuthorization(api, method);
  }),
  stringRule('/authorizerId', ({ method }, v) => (method.authorizerId = v)),
  booleanRule('/apiKeyRequired', ({ method }, v) => (method.apiKeyRequired = v)),
  stringRule('/operationName', ({ method }, v) => (method.operationName = v)),
  stringRule('/requestValidatorId', ({ method }, v) => (method.requestValidatorId = v)),
  {
    path: '/requestParameters/',
    ops: ['add', 'replace', 'remove'],
    apply: ({ method }, op, value, key) => {
      const params = { ...(method.requestParameters ?? {}) };
      if (op === 'remove') delete params[key];
      else params[key] = value === 'true';
      method.requestParameters = Object.keys(params).length ? params : undefined;
    },
  },
  {
    path: '/requestModels/',
    ops: ['add', 'replace', 'remove'],
    apply: ({ method }, op, value, key) => {
      const models = { ...(method.requestModels ?? {}) };
      if (op === 'remove') delete models[key];
      else models[key] = value ?? '';
      method.requestModels = Object.keys(models).length ? models : undefined;
    },
  },
];

/** UpdateMethodResponse's paths: parameters are declared required ("true") or not. */
const METHOD_RESPONSE_RULES: PatchRule<MethodResponseRecord>[] = [
  {
    path: '/responseParameters/',
    ops: ['add', 'replace', 'remove'],
    apply: (r, op, value, key) => {
      const params = { ...r.responseParameters };
      if (op === 'remove') delete params[key];
      else params[key] = value === 'true';
      r.responseParameters = params;
    },
  },
  {
    path: '/responseModels/',
    ops: ['add', 'replace', 'remove'],
    apply: (r, op, value, key) => {
      const models = { ...r.responseModels };
      if (op === 'remove') delete models[key];
      else models[key] = value ?? '';
      r.responseModels = models;
    },
  },
];

interface MethodAddress {
  restApiId: string;
  resourceId: string;
  httpMethod: string;
}

interface MethodResponseInput extends MethodAddress {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export function methodHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  const onMethod = <T>(
    ctx: Parameters<Handler<unknown>>[0],
    input: MethodAddress,
    fn: (api: RestApiRecord, m: MethodRecord) => T,
  ) =>
    updateApi(deps, ctx, input.restApiId, (api) =>
      fn(api, findMethod(findResource(api, input.resourceId), input.httpMethod)),
    ).catch(rethrowAsResourceNotFound);
  return {
    PutMethod: async (ctx, input: PutMethodInput) =>
      updateApi(deps, ctx, input.restApiId, (api) => methodView(putMethod(api, input, false))).catch(
        rethrowAsResourceNotFound,
      ),
    GetMethod: async (ctx, input: MethodAddress) => {
      const api = await readApi(deps, ctx, input.restApiId).catch(rethrowAsResourceNotFound);
      return methodView(findMethod(findResource(api, input.resourceId), input.httpMethod));
    },
    UpdateMethod: async (ctx, input: MethodAddress & { patchOperations?: PatchOperation[] }) =>
      onMethod(ctx, input, (api, method) => {
        applyPatch({ api, method }, input.patchOperations, METHOD_RULES);
        checkMethodRequest(api, method);
        return methodView(method);
      }),
    DeleteMethod: async (ctx, input: MethodAddress) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        const resource = findResource(api, input.resourceId);
        findMethod(resource, input.httpMethod);
        delete resource.methods[input.httpMethod.toUpperCase()];
        return {};
      }).catch(rethrowAsResourceNotFound),
    PutMethodResponse: async (ctx, input: MethodResponseInput) =>
      onMethod(ctx, input, (_api, method) => {
        const response: MethodResponseRecord = {
          statusCode: input.statusCode,
          responseParameters: input.responseParameters ?? {},
          responseModels: input.responseModels ?? {},
        };
        method.methodResponses[input.statusCode] = response;
        return { ...response };
      }),
    GetMethodResponse: async (ctx, input: MethodResponseInput) => {
      const api = await readApi(deps, ctx, input.restApiId).catch(rethrowAsResourceNotFound);
      const response = findMethod(findResource(api, input.resourceId), input.httpMethod).methodResponses[
        input.statusCode
      ];
      if (!response) throw responseNotFound();
      return { ...response };
    },
    UpdateMethodResponse: async (ctx, input: MethodResponseInput & { patchOperations?: PatchOperation[] }) =>
      onMethod(ctx, input, (_api, method) => {
        const response = method.methodResponses[input.statusCode];
        if (!response) throw responseNotFound();
        applyPatch(response, input.patchOperations, METHOD_RESPONSE_RULES);
        return { ...response };
      }),
    DeleteMethodResponse: async (ctx, input: MethodResponseInput) =>
      onMethod(ctx, input, (_api, method) => {
        if (!method.methodResponses[input.statusCode]) throw responseNotFound();
        delete method.methodResponses[input.statusCode];
        return {};
      }),
  };
}
