// Payload format 1.0: the event REST APIs send to a Lambda proxy integration, which HTTP APIs also
// send when an integration's PayloadFormatVersion is 1.0.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
//
// Both flavours: `headers` / `queryStringParameters` hold the last value of a repeated name and the
// multiValue* maps all of them; absent parts are null. They differ in that HTTP APIs lower-case header
// names and add `version: "1.0"`, while REST APIs keep the client's header case and have no version.
import { clfTime, eventBody, groupHeaders, groupQuery, headerPairs } from './request-parts.js';
import type { EventContext, HttpRequest } from './types.js';

export type V1Flavor = 'http' | 'rest';

export interface V1Options {
  flavor: V1Flavor;
  /** `requestContext.path`; REST APIs report the stage segment here (`/prod/items`). Default: ctx.path. */
  contextPath?: string;
  /** `requestContext.resourceId` (REST resource id; null for HTTP APIs). */
  resourceId?: string | null;
  /** Identity fields known for this request (AWS_IAM caller, apiKey, apiKeyId…), merged over nulls. */
  identity?: Record<string, unknown>;
}

export interface EventV1 {
  version?: '1.0';
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string> | null;
  multiValueHeaders: Record<string, string[]> | null;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  requestContext: Record<string, unknown>;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  body: string | null;
  isBase64Encoded: boolean;
}

/** `requestContext.identity` as AWS fills it for an unauthenticated caller. */
function identity(req: HttpRequest, extra: Record<string, unknown> | undefined): Record<string, unknown> {
  return {
    accessKey: null,
    accountId: null,
    caller: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: req.sourceIp,
    user: null,
    userAgent: req.headers['user-agent'] ?? '',
    userArn: null,
    ...extra,
  };
}

export function buildEventV1(req: HttpRequest, ctx: EventContext, options: V1Options): EventV1 {
  const grouped = groupHeaders(headerPairs(req), options.flavor === 'rest');
  const query = groupQuery(req);
  const body = eventBody(req, ctx.base64Body);
  const requestContext: Record<string, unknown> = {
    accountId: ctx.accountId,
    apiId: ctx.apiId,
    domainName: ctx.domainName,
    domainPrefix: ctx.domainPrefix,
    extendedRequestId: ctx.requestId,
    httpMethod: req.method,
    identity: identity(req, options.identity),
    path: options.contextPath ?? ctx.path,
    protocol: req.protocol,
    requestId: ctx.requestId,
    requestTime: clfTime(ctx.time),
    requestTimeEpoch: ctx.time.getTime(),
    resourceId: options.resourceId ?? null,
    resourcePath: ctx.resource,
    stage: ctx.stage,
  };
  if (ctx.authorizer) requestContext.authorizer = ctx.authorizer;
  const event: EventV1 = {
    resource: ctx.resource,
    path: ctx.path,
    httpMethod: req.method,
    headers: grouped.size > 0 ? Object.fromEntries([...grouped].map(([k, v]) => [k, v.at(-1)!])) : null,
    multiValueHeaders: grouped.size > 0 ? Object.fromEntries(grouped) : null,
    queryStringParameters:
      query.size > 0 ? Object.fromEntries([...query].map(([k, v]) => [k, v.at(-1)!])) : null,
    multiValueQueryStringParameters: query.size > 0 ? Object.fromEntries(query) : null,
    requestContext,
    pathParameters:
      ctx.pathParameters && Object.keys(ctx.pathParameters).length > 0 ? ctx.pathParameters : null,
    stageVariables:
      ctx.stageVariables && Object.keys(ctx.stageVariables).length > 0 ? ctx.stageVariables : null,
    body: body ?? null,
    isBase64Encoded: body !== undefined && ctx.base64Body,
  };
  return options.flavor === 'http' ? { version: '1.0', ...event } : event;
}
