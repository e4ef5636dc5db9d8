// The HTTP API data plane, one request:
//
//   API id → stage (`$default` at the root, else the first path segment) → read body
//     → CORS preflight answered from the API's CorsConfiguration
//     → route (most specific wins; `$default` catches the rest) → stage throttling
//     → authorizer (JWT / REQUEST Lambda) → Lambda proxy integration (payload 1.0 or 2.0)
//     → response mapping, CORS headers, access log
//
// Errors are HTTP APIs' own: 404 {"message":"Not Found"}, 401 Unauthorized, 403 Forbidden,
// 429 Too Many Requests, 500 Internal Server Error (function error, malformed response, no permission),
// 503 Service Unavailable (integration timeout), 413 Request Entity Too Large.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html
import { safeDecode } from '../../../server/safe-decode.js';
import {
  buildEventV1,
  buildEventV2,
  clfTime,
  writeAccessLog,
  type LogContext,
  isBinaryForHttpApi,
  jsonMessage,
  mapResponseV1,
  mapResponseV2,
  readRequestBody,
  RequestTooLargeError,
  type EventContext,
  type ExecuteApiRequest,
  type HttpRequest,
  type HttpResponse,
} from '../../http-events/index.js';
import type { ApiGatewayV2Deps } from '../deps.js';
import { functionArnOf } from '../operations/integrations.js';
import type { RouteRecord } from '../records.js';
import { matchRoute } from '../route-match.js';
import { Authorizers } from './authorize.js';
import { decorate, isPreflight, preflight } from './cors.js';
import { invokeFunction } from './invoke-function.js';
import { newRequestId } from './request-id.js';
import { routeSettings, Throttle } from './throttle.js';
import type { ApiViews, StageView } from './view.js';

/** "Maximum payload size: 10 MB" (HTTP API quotas). */
const MAX_PAYLOAD = 10 * 1024 * 1024;

export class HttpApiDataPlane {
  private readonly throttle = new Throttle();
  readonly authorizers: Authorizers;

  constructor(
    private readonly deps: ApiGatewayV2Deps,
    private readonly views: ApiViews,
  ) {
    this.authorizers = new Authorizers(deps);
  }

  /** The execute-api handler: undefined for API ids that are not HTTP APIs. */
  handle = async (req: HttpRequest, target: ExecuteApiRequest): Promise<HttpResponse | undefined> => {
    const view = await this.views.get(target.apiId);
    if (!view) return undefined;
    const time = new Date();
    const requestId = newRequestId();
    const log: LogContext = {
      requestId,
      extendedRequestId: requestId,
      apiId: target.apiId,
      httpMethod: req.method,
      path: target.path,
      protocol: req.protocol,
      requestTime: clfTime(time),
      requestTimeEpoch: time.getTime(),
      'identity.sourceIp': req.sourceIp,
      'identity.userAgent': req.headers['user-agent'],
      domainName: target.domainName,
      domainPrefix: target.apiId,
    };
    const finish = (response: HttpResponse, stage?: StageView): HttpResponse => {
      response.headers['apigw-requestid'] = requestId;
      if (req.method === 'HEAD') response.body = '';
      if (stage) {
        const settings = stage.stage.AccessLogSettings;
        writeAccessLog(
          this.deps.logSink,
          settings && { destinationArn: settings.DestinationArn, format: settings.Format },
          target.apiId,
          stage.stage.StageName,
          log,
          response,
          time.getTime(),
        );
      }
      return response;
    };

    // Stage: "$default" serves the root; a named stage its first path segment.
    const segments = target.path.split('/');
    const named = view.stages.get(safeDecode(segments[1] ?? ''));
    const stageView = named && segments[1] !== '$default' ? named : view.stages.get('$default');
    if (!stageView) return finish(jsonMessage(404, 'Not Found'));
    const stage = stageView.stage;
    const path = stageView === named ? '/' + segments.slice(2).join('/') : target.path;
    log.stage = stage.StageName;

    try {
      await readRequestBody(req, MAX_PAYLOAD);
    } catch (e) {
      if (e instanceof RequestTooLargeError)
        return finish(jsonMessage(413, 'Request Entity Too Large'), stageView);
      throw e;
    }

    if (stageView.cors && isPreflight(req)) return finish(preflight(stageView.cors, req), stageView);

    const match = matchRoute(stageView.table, req.method, path);
    if (!match) return finish(jsonMessage(404, 'Not Found'), stageView);
    const route = match.route;
    log.routeKey = route.RouteKey;

    const settings = routeSettings(stage.DefaultRouteSettings, stage.RouteSettings, route.RouteKey);
    if (!this.throttle.take(`${target.apiId}\u0000${stage.StageName}\u0000${route.RouteKey}`, settings)) {
      return finish(jsonMessage(429, 'Too Many Requests'), stageView);
    }

    const region = this.deps.region;
    const accountId = view.api.accountId;
    const method = route.RouteKey === '$default' ? undefined : route.RouteKey.split(' ')[0];
    const ctx: EventContext = {
      accountId,
      apiId: target.apiId,
      stage: stage.StageName,
      requestId,
      time,
      domainName: target.domainName,
      domainPrefix: target.apiId,
      // rawPath keeps a named stage's segment ("/prod/items"), as AWS reports it.
      path: target.path,
      routeKey: route.RouteKey,
      resource: match.resource === '$default' ? '$default' : match.resource,
      pathParameters: match.pathParameters,
      ...(stage.StageVariables ? { stageVariables: stage.StageVariables } : {}),
      base64Body: isBinaryForHttpApi(req.headers['content-type']),
    };

    const auth = await this.authorizers.authorize({
      route,
      authorizer: route.AuthorizerId ? stageView.authorizers.get(route.AuthorizerId) : undefined,
      scope: { req, stageVariables: stage.StageVariables ?? {}, context: { ...stringify(log) } },
      accountId,
      apiId: target.apiId,
      routeArn: `arn:aws:execute-api:${region}:${accountId}:${target.apiId}/${stage.StageName}/${req.method}${path}`,
      requestId,
      event: (v) => (v === '2.0' ? buildEventV2(req, ctx) : buildEventV1(req, ctx, { flavor: 'http' })),
    });
    if (auth.kind !== 'allow') {
      log['authorizer.error'] = auth.reason;
      this.deps.log?.(`apigateway ${target.apiId} ${requestId}: ${auth.reason}`);
      const [status, message] =
        auth.kind === 'unauthorized'
          ? [401, 'Unauthorized']
          : auth.kind === 'forbidden'
            ? [403, 'Forbidden']
            : [500, 'Internal Server Error'];
      return finish(jsonMessage(status, message), stageView);
    }
    if (auth.authorizer) ctx.authorizer = auth.authorizer;

    const response = await this.integrate(route, stageView, req, ctx, log, method);
    if (stageView.cors) decorate(stageView.cors, req, response);
    return finish(response, stageView);
  };

  private async integrate(
    route: RouteRecord,
    stageView: StageView,
    req: HttpRequest,
    ctx: EventContext,
    log: LogContext,
    method: string | undefined,
  ): Promise<HttpResponse> {
    const integrationId = /^integrations\/(.+)$/.exec(route.Target ?? '')?.[1];
    const integration = integrationId ? stageView.integrations.get(integrationId) : undefined;
    if (!integration) return jsonMessage(404, 'Not Found');
    const functionArn = functionArnOf(integration.IntegrationUri)!;
    const v2 = integration.PayloadFormatVersion === '2.0';
    const event = v2 ? buildEventV2(req, ctx) : buildEventV1(req, ctx, { flavor: 'http' });
    const resourcePath = route.RouteKey === '$default' ? '$default' : `${method}${ctx.resource}`;
    const started = Date.now();
    const outcome = await invokeFunction(this.deps, {
      functionArn,
      accountId: ctx.accountId,
      sourceArn: `arn:aws:execute-api:${this.deps.region}:${ctx.accountId}:${ctx.apiId}/${ctx.stage}/${resourcePath}`,
      payload: Buffer.from(JSON.stringify(event)),
      requestId: ctx.requestId,
      timeoutMs: integration.TimeoutInMillis,
    });
    log.integrationLatency = Date.now() - started;
    log['integration.latency'] = log.integrationLatency;
    const fail = (status: number, message: string, reason: string): HttpResponse => {
      log.integrationErrorMessage = reason;
      log['integration.error'] = reason;
      this.deps.log?.(`apigateway ${ctx.apiId} ${ctx.requestId}: ${reason}`);
      return jsonMessage(status, message);
    };
    switch (outcome.kind) {
      case 'timeout':
        return fail(
          503,
          'Service Unavailable',
          `Integration timed out after ${integration.TimeoutInMillis} ms`,
        );
      case 'denied':
      case 'failed':
        return fail(500, 'Internal Server Error', outcome.reason);
      case 'function-error':
        log.integrationStatus = 200;
        return fail(500, 'Internal Server Error', `The Lambda function returned an error (${outcome.error})`);
      case 'ok': {
        log.integrationStatus = 200;
        log['integration.status'] = 200;
        const mapped = v2 ? mapResponseV2(outcome.payload) : mapResponseV1(outcome.payload);
        if (!mapped.ok) return fail(500, 'Internal Server Error', mapped.reason);
        return mapped.response;
      }
    }
  }
}

function stringify(log: LogContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(log)) if (v !== undefined) out[k] = String(v);
  return out;
}
