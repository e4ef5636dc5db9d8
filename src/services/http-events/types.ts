// The data-plane request and response types, taken from ServiceDefinition's raw routes: services
// do not import the HTTP layer (eslint no-restricted-imports), yet data planes work on raw HTTP.
import type { ServiceDefinition } from '../service.js';

export type RawRoute = NonNullable<ServiceDefinition['rawRoutes']>[number];
export type HttpRequest = Parameters<RawRoute>[0];
export type HttpResponse = NonNullable<Awaited<ReturnType<RawRoute>>>;

/** What every proxy event needs to know about the request besides the HTTP message itself. */
export interface EventContext {
  accountId: string;
  /** API id (or function URL id). */
  apiId: string;
  /** Stage name; `$default` for the default stage and for function URLs. */
  stage: string;
  /** AWS's request id for this request (`requestContext.requestId`). */
  requestId: string;
  /** When API Gateway received the request. */
  time: Date;
  /** `{apiId}.execute-api.{region}.amazonaws.com` or the host the client used. */
  domainName: string;
  /** The first label of domainName. */
  domainPrefix: string;
  /**
   * The path the event reports: for HTTP APIs the request path including a named stage's segment
   * (`rawPath`, `requestContext.http.path`); REST APIs pass the path without the stage here.
   */
  path: string;
  /** The matched route key (`GET /items/{id}`, `$default`): payload 2.0 `routeKey`. */
  routeKey: string;
  /** The matched resource path (`/items/{id}`): payload 1.0 `resource` and `resourcePath`. */
  resource: string;
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
  /** `requestContext.authorizer` as the authorizer produced it (omitted when none ran). */
  authorizer?: Record<string, unknown>;
  /** Whether the body goes to the function base64-encoded (see body-encoding.ts). */
  base64Body: boolean;
}
