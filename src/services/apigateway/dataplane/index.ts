// The REST API data plane: the execute-api handler (http-events/execute-api.ts) that serves
// `{restApiId}.execute-api.localhost` and `/_aws/execute-api/{restApiId}/…` for the REST APIs it knows
// (other ids pass to the next API type, HTTP APIs). Per request, in API Gateway's order:
//   stage → deployment snapshot → resource + method (403 Missing Authentication Token)
//   → stage throttling (429) → AWS_IAM SigV4 or Lambda authorizer (401/403/500)
//   → API key + usage plan (403 Forbidden, 429) → request validation (400, validate-request.ts)
//   → integration: Lambda proxy (502/504/500), or a
//     non-proxy one (MOCK, Lambda custom, HTTP) through mapping templates (non-proxy.ts), or HTTP_PROXY
// Every error of API Gateway's own is a GatewayError (gateway-response.ts), answered last as the
// deployment's gateway responses customise it.
import { randomUUID } from 'node:crypto';
import {
  clfTime,
  isBinaryForRestApi,
  writeAccessLog,
  type LogContext,
  readRequestBody,
  type EventContext,
  type ExecuteApiHandler,
  type HttpRequest,
  type HttpResponse,
} from '../../http-events/index.js';
import { lambdaFunctionArn } from '../operations/integrations.js';
import type { DeploymentSnapshot, RestApiRecord } from '../records.js';
import { findApi } from '../repo.js';
import { GenerationCache } from '../../../storage/generation-cache.js';
import { AuthorizerRunner } from './authorizer.js';
import type { DataPlaneDeps } from './deps.js';
import { GatewayError, renderGatewayError } from './gateway-response.js';
import { httpIntegration } from './http-integration.js';
import type { IntegrationInput } from './integration-input.js';
import { lambdaCustom } from './lambda-custom.js';
import { lambdaProxy } from './lambda-proxy.js';
import { matchRequest } from './match.js';
import { mockIntegration } from './mock.js';
import { splitStage } from './stage-path.js';
import { templateScope } from './template-scope.js';
import * as respond from './responses.js';
import { QuotaCounter } from './quota-counter.js';
import { Limits } from './throttle.js';
import { checkApiKey, stageThrottled } from './usage.js';
import { validateRequest } from './validate-request.js';
import { BodyChecker, BodyCheckTimeout } from './body-checker.js';

export type { DataPlaneDeps, FunctionAnswer } from './deps.js';

/** What serve() learnt of the request, for the gateway response of an error. */
interface RequestState {
  snapshot?: DeploymentSnapshot;
  eventContext?: EventContext;
  resourceId?: string;
  /** requestContext.identity fields known so far (AWS_IAM caller, API key). */
  identity: Record<string, unknown>;
}

/** "Maximum payload size: 10 MB" (API Gateway quotas for REST APIs). */
const MAX_PAYLOAD = 10 * 1024 * 1024;

export function createRestApiDataPlane(deps: DataPlaneDeps): ExecuteApiHandler {
  const limits = new Limits();
  const quotas = new QuotaCounter(deps.store);
  const authorizers = new AuthorizerRunner(deps);
  const bodyChecker = new BodyChecker();

  // Every execute-api request asks each API type whether it owns the id: a cached answer.
  const apis = new GenerationCache<RestApiRecord | undefined>(deps.store);

  return async (req, target) => {
    const api = await apis.get(target.apiId, () => deps.store.read((tx) => findApi(tx, target.apiId)));
    if (!api) return undefined;
    const requestId = randomUUID();
    const time = new Date();
    // Access log variables, filled as the request goes.
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
    const log: LogContext = {
      requestId,
      extendedRequestId: requestId,
      apiId: api.id,
      accountId: api.accountId,
      httpMethod: req.method.toUpperCase(),
      protocol: req.protocol,
      requestTime: clfTime(time),
      requestTimeEpoch: time.getTime(),
      'identity.sourceIp': req.sourceIp,
      'identity.userAgent': req.headers['user-agent'],
      domainName: target.host,
      domainPrefix: target.host.split('.')[0],
    };
    // requestContext.domainName: the host the client used (`localhost` in the path form).
    const state: RequestState = { identity: {} };
    let response = await serve(api, req, target.path, target.host, requestId, log, state).catch(
      (e: unknown) => {
        deps.log(`apigateway ${api.id} [${requestId}]: ${(e as Error)?.stack ?? String(e)}`);
        return respond.internalError();
      },
    );
    if (response instanceof GatewayError) response = answerError(api, req, response, state);
    response.headers['x-amzn-requestid'] = requestId;
    const stage = typeof log.stage === 'string' ? api.stages[log.stage] : undefined;
    if (stage) {
      writeAccessLog(
        deps.logSink,
        stage.accessLogSettings,
        api.id,
        stage.stageName,
        log,
        response,
        time.getTime(),
      );
    }
    return response;
  };

  /** An error of API Gateway's own, as the deployment's gateway responses customise it. */
  function answerError(
    api: RestApiRecord,
    req: HttpRequest,
    error: GatewayError,
    state: RequestState,
  ): HttpResponse {
    const { eventContext } = state;
    if (!state.snapshot || !eventContext) return error;
    const log = (line: string): void => deps.log(`apigateway ${api.id}: ${line}`);
    try {
      return renderGatewayError(error, {
        customised: state.snapshot.gatewayResponses,
        scope: () =>
          templateScope(
            req,
            { ...eventContext, authorizer: error.extras.authorizer ?? eventContext.authorizer },
            { resourceId: state.resourceId ?? '', identity: state.identity },
          ),
        accept: req.headers.accept,
        log,
      });
    } catch (e) {
      log(`gateway response ${error.type}: ${(e as Error)?.stack ?? String(e)}`);
      return error;
    }
  }

  async function serve(
    api: RestApiRecord,
    req: HttpRequest,
    fullPath: string,
    host: string,
    requestId: string,
    log: LogContext,
    state: RequestState,
  ): Promise<HttpResponse> {
    const { stage: stageName, path } = splitStage(fullPath);
    const stage = api.stages[stageName];
    const deployment = stage && api.deployments[stage.deploymentId];
    // A stage that does not exist answers 403 Forbidden.
    if (!stage || !deployment) return respond.unknownStage();
    log.stage = stageName;
    log.path = `/${stageName}${path}`;
    const snapshot = deployment.snapshot;
    const method = req.method.toUpperCase();
    // What the request is known by so far; errors from here on read it ($context, stage variables).
    const eventContext: EventContext = {
      accountId: api.accountId,
      apiId: api.id,
      stage: stageName,
      requestId,
      time: new Date(),
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      path,
      routeKey: '',
      resource: '',
      pathParameters: {},
      stageVariables: stage.variables,
      base64Body: isBinaryForRestApi(req.headers['content-type'], snapshot.binaryMediaTypes),
    };
    Object.assign(state, { snapshot, eventContext });
    const match = matchRequest(snapshot.resources, path, method);
    if (!match) return respond.missingToken();
    log.resourcePath = match.resourcePath;
    log.resourceId = match.resource.id;
    state.resourceId = match.resource.id;
    Object.assign(eventContext, {
      routeKey: `${method} ${match.resourcePath}`,
      resource: match.resourcePath,
      pathParameters: match.pathParameters,
    });
    if (stageThrottled(limits, api.id, stage, match.resourcePath, method)) return respond.tooManyRequests();
    try {
      await readRequestBody(req, MAX_PAYLOAD);
    } catch {
      return respond.tooLarge();
    }

    const methodArn = `arn:aws:execute-api:${deps.region}:${api.accountId}:${api.id}/${stageName}/${method}/${path.replace(/^\//, '')}`;
    const identity = state.identity;

    let usageIdentifierKey: string | undefined;
    const auth = match.method.authorizationType;
    if (auth === 'AWS_IAM') {
      try {
        const principal = await deps.authenticate(req);
        Object.assign(identity, {
          accessKey: principal.accessKeyId,
          accountId: principal.accountId,
          caller: principal.arn.split(':').slice(5).join(':'),
          user: principal.arn.split(':').slice(5).join(':'),
          userArn: principal.arn,
        });
      } catch (e) {
        const err = e as { code?: string; name?: string; message?: string };
        return respond.signatureError(
          err.code ?? err.name ?? 'AccessDeniedException',
          err.message ?? 'Forbidden',
        );
      }
    } else if (auth === 'CUSTOM') {
      const authorizer = match.method.authorizerId
        ? snapshot.authorizers[match.method.authorizerId]
        : undefined;
      if (!authorizer) return respond.authorizerError();
      const result = await authorizers.authorize(api.id, authorizer, {
        req,
        eventContext,
        accountId: api.accountId,
        methodArn,
        resourceId: match.resource.id,
      });
      if (!result.ok) return result.response;
      eventContext.authorizer = result.authorizer;
      const principalId = result.authorizer?.principalId;
      if (typeof principalId === 'string') log['authorizer.principalId'] = principalId;
      usageIdentifierKey = result.usageIdentifierKey;
    }

    if (match.method.apiKeyRequired) {
      const value = snapshot.apiKeySource === 'AUTHORIZER' ? usageIdentifierKey : req.headers['x-api-key'];
      const key = await checkApiKey(deps, limits, quotas, {
        apiId: api.id,
        stage: stageName,
        accountId: api.accountId,
        value,
      });
      if (!key.ok) return key.response;
      Object.assign(identity, { apiKey: key.value, apiKeyId: key.keyId });
    }

    for (const [k, v] of Object.entries(identity)) if (typeof v === 'string') log[`identity.${k}`] = v;
    let invalid;
    try {
      invalid = await validateRequest(
        { apiId: api.id, snapshot, method: match.method, req, pathParameters: match.pathParameters },
        (request) => bodyChecker.check(request),
      );
    } catch (e) {
      if (!(e instanceof BodyCheckTimeout)) throw e;
      deps.log(`apigateway ${api.id} ${requestId}: ${e.message}; answered 500`);
      return respond.internalError();
    }
    if (invalid) {
      log['error.message'] = invalid.message;
      log['error.responseType'] = invalid.responseType;
      log['error.validationErrorString'] = invalid.validationErrorString;
      return respond.validationFailed(invalid);
    }
    const integration = match.method.methodIntegration;
    if (!integration) {
      deps.log(`apigateway ${api.id}: the method has no integration`);
      return respond.configurationError();
    }
    const binaryMediaTypes = snapshot.binaryMediaTypes;
    return integrate({
      api,
      req,
      match,
      eventContext,
      identity,
      stageName,
      log,
      integration,
      binaryMediaTypes,
    });
  }

  async function integrate(input: IntegrationInput): Promise<HttpResponse> {
    const { integration } = input;
    const functionArn = lambdaFunctionArn(integration.uri);
    if (integration.type === 'MOCK') return mockIntegration(deps, input);
    if (integration.type === 'AWS_PROXY' && functionArn) return lambdaProxy(deps, input, functionArn);
    if (integration.type === 'AWS' && functionArn) return lambdaCustom(deps, input, functionArn);
    if (integration.type === 'HTTP' || integration.type === 'HTTP_PROXY')
      return httpIntegration(deps, input, integration.type === 'HTTP_PROXY');
    deps.log(`apigateway ${input.api.id}: integration type ${integration.type} is not supported by Cumulo`);
    return respond.configurationError();
  }
}
