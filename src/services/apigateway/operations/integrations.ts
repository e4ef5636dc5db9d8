// PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration and the integration
// responses. https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegration.html
// Defaults as AWS answers: passthroughBehavior WHEN_NO_MATCH, timeoutInMillis 29000, cacheNamespace
// the resource id, cacheKeyParameters []. A Lambda proxy integration's uri is
// `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`.
import { badRequest, integrationNotFound, responseNotFound } from '../errors.js';
import {
  applyPatch,
  mapRule,
  numberRule,
  stringRule,
  type PatchOperation,
  type PatchRule,
} from '../patch.js';
import type {
  IntegrationRecord,
  IntegrationResponseRecord,
  MethodRecord,
  RestApiRecord,
} from '../records.js';
import { integrationView } from '../views.js';
import {
  type ControlPlaneDeps,
  type Handler,
  findMethod,
  findResource,
  readApi,
  updateApi,
} from './common.js';
import { rethrowAsResourceNotFound } from './resources.js';

/** REST API integrations time out after at most 29 s ("Amazon API Gateway quotas": 50 ms – 29 s). */
export const MAX_INTEGRATION_TIMEOUT_MS = 29_000;

const LAMBDA_URI = /^arn:aws[a-z-]*:apigateway:[^:]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;

/** The function ARN inside a Lambda integration URI, or undefined. */
export function lambdaFunctionArn(uri: string | undefined): string | undefined {
  return uri ? LAMBDA_URI.exec(uri)?.[1] : undefined;
}

export interface PutIntegrationInput {
  restApiId: string;
  resourceId: string;
  httpMethod: string;
  type: string;
  integrationHttpMethod?: string;
  uri?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior?: string;
  cacheNamespace?: string;
  cacheKeyParameters?: string[];
  contentHandling?: string;
  timeoutInMillis?: number;
  connectionType?: string;
  connectionId?: string;
}

function checkTimeout(ms: number | undefined): void {
  // AWS's text, as a CloudFormation deployment reported it (aws/aws-cdk issue 31063).
  if (ms !== undefined && (ms < 50 || ms > MAX_INTEGRATION_TIMEOUT_MS))
    throw badRequest(`Timeout should be between 50 ms and ${MAX_INTEGRATION_TIMEOUT_MS} ms`);
}

function checkIntegration(integration: IntegrationRecord): void {
  const { type } = integration;
  if (type === 'AWS' || type === 'AWS_PROXY' || type === 'HTTP' || type === 'HTTP_PROXY') {
    if (!integration.httpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
  }
  if (type === 'AWS_PROXY' && !lambdaFunctionArn(integration.uri)) {
    if (!integration.uri) throw badRequest('Invalid ARN specified in the request');
    throw badRequest(
      "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
    );
  }
  checkTimeout(integration.timeoutInMillis);
}

/** Sets the method's integration from a PutIntegration (or an OpenAPI x-amazon-apigateway-integration). */
export function putIntegration(api: RestApiRecord, input: PutIntegrationInput): IntegrationRecord {
  const method = findMethod(findResource(api, input.resourceId), input.httpMethod);
  const integration: IntegrationRecord = {
    type: input.type,
    httpMethod: input.integrationHttpMethod?.toUpperCase(),
    uri: input.uri,
    connectionType: input.connectionType,
    connectionId: input.connectionId,
    credentials: input.credentials,
    requestParameters: input.requestParameters,
    requestTemplates: input.requestTemplates,
    passthroughBehavior: input.passthroughBehavior ?? 'WHEN_NO_MATCH',
    contentHandling: input.contentHandling,
    timeoutInMillis: input.timeoutInMillis ?? MAX_INTEGRATION_TIMEOUT_MS,
    cacheNamespace: input.cacheNamespace ?? input.resourceId,
    cacheKeyParameters: input.cacheKeyParameters ?? [],
    integrationResponses: {},
  };
  checkIntegration(integration);
  method.methodIntegration = integration;
  return integration;
}

export function putIntegrationResponse(
  method: MethodRecord,
  response: IntegrationResponseRecord,
): IntegrationResponseRecord {
  if (!method.methodIntegration) throw integrationNotFound();
  method.methodIntegration.integrationResponses[response.statusCode] = response;
  return response;
}

const INTEGRATION_RULES: PatchRule<IntegrationRecord>[] = [
  stringRule('/uri', (i, v) => (i.uri = v)),
  stringRule('/httpMethod', (i, v) => (i.httpMethod = v?.toUpperCase())),
  stringRule('/passthroughBehavior', (i, v) => (i.passthroughBehavior = v ?? 'WHEN_NO_MATCH')),
  stringRule('/contentHandling', (i, v) => (i.contentHandling = v)),
  stringRule('/credentials', (i, v) => (i.credentials = v)),
  numberRule('/timeoutInMillis', (i, v) => (i.timeoutInMillis = v ?? MAX_INTEGRATION_TIMEOUT_MS)),
  mapRule(
    '/requestTemplates/',
    (i) => i.requestTemplates,
    (i, m) => (i.requestTemplates = m),
  ),
  mapRule(
    '/requestParameters/',
    (i) => i.requestParameters,
    (i, m) => (i.requestParameters = m),
  ),
];

/** UpdateIntegrationResponse's paths (patch-operations.html#UpdateIntegrationResponse-Patch). */
const INTEGRATION_RESPONSE_RULES: PatchRule<IntegrationResponseRecord>[] = [
  stringRule('/selectionPattern', (r, v) => (r.selectionPattern = v)),
  stringRule('/contentHandling', (r, v) => (r.contentHandling = v)),
  mapRule(
    '/responseParameters/',
    (r) => r.responseParameters,
    (r, m) => (r.responseParameters = m),
  ),
  mapRule(
    '/responseTemplates/',
    (r) => r.responseTemplates,
    (r, m) => (r.responseTemplates = m),
  ),
];

interface MethodAddress {
  restApiId: string;
  resourceId: string;
  httpMethod: string;
}

type IntegrationResponseInput = MethodAddress & IntegrationResponseRecord;

export function integrationHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  const findIntegration = (api: RestApiRecord, input: MethodAddress): IntegrationRecord => {
    const integration = findMethod(findResource(api, input.resourceId), input.httpMethod).methodIntegration;
    if (!integration) throw integrationNotFound();
    return integration;
  };
  const read = (ctx: Parameters<Handler<unknown>>[0], apiId: string) =>
    readApi(deps, ctx, apiId).catch(rethrowAsResourceNotFound);
  const write = <T>(ctx: Parameters<Handler<unknown>>[0], apiId: string, fn: (api: RestApiRecord) => T) =>
    updateApi(deps, ctx, apiId, fn).catch(rethrowAsResourceNotFound);
  return {
    PutIntegration: async (ctx, input: PutIntegrationInput) =>
      write(ctx, input.restApiId, (api) => integrationView(putIntegration(api, input))),
    GetIntegration: async (ctx, input: MethodAddress) =>
      integrationView(findIntegration(await read(ctx, input.restApiId), input)),
    UpdateIntegration: async (ctx, input: MethodAddress & { patchOperations?: PatchOperation[] }) =>
      write(ctx, input.restApiId, (api) => {
        const integration = findIntegration(api, input);
        applyPatch(integration, input.patchOperations, INTEGRATION_RULES);
        checkIntegration(integration);
        return integrationView(integration);
      }),
    DeleteIntegration: async (ctx, input: MethodAddress) =>
      write(ctx, input.restApiId, (api) => {
        findIntegration(api, input);
        delete findMethod(findResource(api, input.resourceId), input.httpMethod).methodIntegration;
        return {};
      }),
    PutIntegrationResponse: async (ctx, input: IntegrationResponseInput) =>
      write(ctx, input.restApiId, (api) => {
        const method = findMethod(findResource(api, input.resourceId), input.httpMethod);
        return {
          ...putIntegrationResponse(method, {
            statusCode: input.statusCode,
            selectionPattern: input.selectionPattern,
            responseParameters: input.responseParameters,
            responseTemplates: input.responseTemplates,
            contentHandling: input.contentHandling,
          }),
        };
      }),
    GetIntegrationResponse: async (ctx, input: IntegrationResponseInput) => {
      const response = findIntegration(await read(ctx, input.restApiId), input).integrationResponses[
        input.statusCode
      ];
      if (!response) throw responseNotFound();
      return { ...response };
    },
    UpdateIntegrationResponse: async (
      ctx,
      input: IntegrationResponseInput & { patchOperations?: PatchOperation[] },
    ) =>
      write(ctx, input.restApiId, (api) => {
        const response = findIntegration(api, input).integrationResponses[input.statusCode];
        if (!response) throw responseNotFound();
        applyPatch(response, input.patchOperations, INTEGRATION_RESPONSE_RULES);
        return { ...response };
      }),
    DeleteIntegrationResponse: async (ctx, input: IntegrationResponseInput) =>
      write(ctx, input.restApiId, (api) => {
        const integration = findIntegration(api, input);
        if (!integration.integrationResponses[input.statusCode]) throw responseNotFound();
        delete integration.integrationResponses[input.statusCode];
        return {};
      }),
  };
}
