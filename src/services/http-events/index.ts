// The shared HTTP event layer: Lambda proxy events built exactly as API Gateway (HTTP and REST APIs)
// and function URLs build them, and the mapping of the function's answer back to HTTP.
//
//   const ctx: EventContext = { accountId, apiId, stage, requestId, time, domainName, domainPrefix,
//     path, routeKey, resource, pathParameters, stageVariables, authorizer,
//     base64Body: isBinaryForHttpApi(req.headers['content-type']) };
//   const event = buildEventV2(req, ctx);            // or buildEventV1(req, ctx, { flavor: 'rest', … })
//   … invoke the function with JSON.stringify(event) …
//   const result = mapResponseV2(payload);           // or mapResponseV1
//   if (!result.ok) log(result.reason) and answer the API type's 5xx
export type { EventContext, HttpRequest, HttpResponse, RawRoute } from './types.js';
export { buildEventV2, type EventV2 } from './event-v2.js';
export { buildEventV1, type EventV1, type V1Flavor, type V1Options } from './event-v1.js';
export { mapResponseV1, mapResponseV2, type ProxyResult } from './response.js';
export { isBinaryForHttpApi, isBinaryForRestApi, mediaType } from './body-encoding.js';
export { clfTime, cookieList, headerPairs } from './request-parts.js';
export { readRequestBody, RequestTooLargeError } from './read-body.js';
export { jsonMessage } from './json-message.js';
export { iamAuthorizer } from './iam-authorizer.js';
export {
  formatAccessLog,
  logGroupOf,
  writeAccessLog,
  type AccessLogSettings,
  type LogContext,
} from './access-log.js';
export {
  executeApiRoute,
  parseExecuteApi,
  type ExecuteApiHandler,
  type ExecuteApiRequest,
} from './execute-api.js';
