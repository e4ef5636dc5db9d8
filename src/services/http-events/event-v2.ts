// Payload format 2.0: the event HTTP APIs (and function URLs) send to a Lambda proxy integration.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
// Fields without a value (cookies, queryStringParameters, pathParameters, stageVariables, body,
// authorizer) are left out, as AWS leaves them out.
import { clfTime, cookieList, eventBody, groupHeaders, groupQuery, headerPairs } from './request-parts.js';
import type { EventContext, HttpRequest } from './types.js';
import { setEntry } from '../../protocols/map-entry.js';

export interface EventV2 {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    apiId: string;
    authorizer?: Record<string, unknown>;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    routeKey: string;
    stage: string;
    time: string;
    timeEpoch: number;
  };
  body?: string;
  pathParameters?: Record<string, string>;
  isBase64Encoded: boolean;
  stageVariables?: Record<string, string>;
}

export function buildEventV2(req: HttpRequest, ctx: EventContext): EventV2 {
  const pairs = headerPairs(req);
  const headers: Record<string, string> = {};
  // "Duplicate headers are combined with commas"; cookies travel in `cookies` instead.
  for (const [name, values] of groupHeaders(pairs)) {
    if (name !== 'cookie') setEntry(headers, name, values.join(','));
  }
  const event: EventV2 = {
    version: '2.0',
    routeKey: ctx.routeKey,
    rawPath: ctx.path,
    rawQueryString: req.rawQuery,
    headers,
    requestContext: {
      accountId: ctx.accountId,
      apiId: ctx.apiId,
      domainName: ctx.domainName,
      domainPrefix: ctx.domainPrefix,
      http: {
        method: req.method,
        path: ctx.path,
        protocol: req.protocol,
        sourceIp: req.sourceIp,
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: ctx.requestId,
      routeKey: ctx.routeKey,
      stage: ctx.stage,
      time: clfTime(ctx.time),
      timeEpoch: ctx.time.getTime(),
    },
    isBase64Encoded: false,
  };
  const cookies = cookieList(pairs);
  if (cookies.length > 0) event.cookies = cookies;
  const query = groupQuery(req);
  if (query.size > 0) {
    // "Duplicate query strings are combined with commas".
    event.queryStringParameters = Object.fromEntries([...query].map(([k, v]) => [k, v.join(',')]));
  }
  if (ctx.authorizer) event.requestContext.authorizer = ctx.authorizer;
  const body = eventBody(req, ctx.base64Body);
  if (body !== undefined) {
    event.body = body;
    event.isBase64Encoded = ctx.base64Body;
  }
  if (ctx.pathParameters && Object.keys(ctx.pathParameters).length > 0) {
    event.pathParameters = ctx.pathParameters;
  }
  if (ctx.stageVariables && Object.keys(ctx.stageVariables).length > 0) {
    event.stageVariables = ctx.stageVariables;
  }
  return event;
}
