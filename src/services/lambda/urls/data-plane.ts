// The function URL data plane: a raw route that finds the URL's configuration, answers CORS
// preflights, authenticates and authorizes the caller (url-auth.ts), invokes the function with a
// payload 2.0 event (the shared builder in ../../http-events/) and maps its answer back, buffered or
// streamed (InvokeMode). https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
//
// Lambda's own answers: an unknown URL id is 403 {"Message":null} and a caller who may not invoke
// gets 403 {"Message":"Forbidden"} (both with x-amzn-ErrorType AccessDeniedException); a function
// error, a timeout or a malformed response is 502 "Internal Server Error".
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../../runtime/runtime.js';
import { isServiceError } from '../../../server/service-error.js';
import { GenerationCache } from '../../../storage/generation-cache.js';
import type { Store } from '../../../storage/store.js';
import {
  buildEventV2,
  iamAuthorizer,
  isBinaryForHttpApi,
  readRequestBody,
  RequestTooLargeError,
  type HttpRequest,
  type HttpResponse,
  type RawRoute,
} from '../../http-events/index.js';
import type { ConcurrencyLimiter } from '../invoke/concurrency.js';
import { MAX_SYNC_REQUEST_BYTES } from '../invoke/payload.js';
import type { InvokeTargetResolver } from '../invoke-target.js';
import { functionArn } from '../function-ref.js';
import { applyCors, isPreflight, preflightHeaders } from './cors.js';
import { findUrlConfigById, type StoredUrlConfig } from './keys.js';
import { bufferedAnswer, streamedAnswer } from './url-response.js';
import { authenticate, mayInvokeUrl, type SecretLookup } from './url-auth.js';
import { matchUrlRequest } from './url-ids.js';

export interface UrlDataPlaneDeps {
  store: Store;
  region: string;
  resolver: InvokeTargetResolver;
  runtime: Runtime;
  limiter: ConcurrencyLimiter;
  secrets: SecretLookup;
  log?: (line: string) => void;
}

function lambdaError(
  status: number,
  type: string,
  message: string | null,
  requestId: string,
  key: 'Message' | 'message' = 'Message',
): HttpResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': type,
    },
    body: JSON.stringify({ [key]: message }),
  };
}

export function functionUrlRoute(deps: UrlDataPlaneDeps): RawRoute {
  const log = deps.log ?? ((line: string) => process.stderr.write(line + '\n'));
  // Every request looks its URL up: a cached answer while nothing has been written.
  const configs = new GenerationCache<StoredUrlConfig | undefined>(deps.store);
  return async (req: HttpRequest): Promise<HttpResponse | undefined> => {
    const match = matchUrlRequest(req.headers.host, req.path);
    if (!match) return undefined;
    const requestId = randomUUID();
    const config = await configs.get(match.urlId, () =>
      deps.store.read((tx) => findUrlConfigById(tx, match.urlId)),
    );
    if (!config) return lambdaError(403, 'AccessDeniedException', null, requestId);
    if (config.Cors && isPreflight(req.method, req.headers)) {
      return {
        status: 200,
        headers: { ...preflightHeaders(config.Cors, req.headers), 'x-amzn-requestid': requestId },
        body: '',
      };
    }
    try {
      await readRequestBody(req, MAX_SYNC_REQUEST_BYTES);
    } catch (e) {
      if (!(e instanceof RequestTooLargeError)) throw e;
      return lambdaError(413, 'RequestEntityTooLargeException', 'Request Entity Too Large', requestId);
    }
    const response = await invoke(deps, log, req, config, match, requestId);
    response.headers['x-amzn-requestid'] ??= requestId;
    if (response.status !== 403) applyCors(config.Cors, req.headers, response.headers);
    return response;
  };
}

async function invoke(
  deps: UrlDataPlaneDeps,
  log: (line: string) => void,
  req: HttpRequest,
  config: StoredUrlConfig,
  match: { urlId: string; path: string; domainName?: string },
  requestId: string,
): Promise<HttpResponse> {
  let authorizer: Record<string, unknown> | undefined;
  let principal;
  if (config.AuthType === 'AWS_IAM') {
    const auth = await authenticate(req, deps.secrets);
    if (!auth.ok) {
      // A signature that does not verify: the SigV4 error under a lower-case "message" (url-auth.ts).
      if (auth.signature) {
        return lambdaError(403, auth.signature.code, auth.signature.message, requestId, 'message');
      }
      return lambdaError(403, 'AccessDeniedException', auth.message, requestId);
    }
    principal = auth.principal!;
    authorizer = iamAuthorizer(principal);
  }
  const qualifier = config.Qualifier === '$LATEST' ? undefined : config.Qualifier;
  let target;
  try {
    target = await deps.resolver.resolve(config.FunctionName, qualifier, config.AccountId);
  } catch (e) {
    if (!isServiceError(e)) throw e;
    log(`[${requestId}] function URL ${config.UrlId}: ${e.message}`);
    return lambdaError(403, 'AccessDeniedException', 'Forbidden', requestId);
  }
  const resource = functionArn(deps.region, config.AccountId, config.FunctionName, qualifier);
  if (!mayInvokeUrl(config.AuthType, target.policy, resource, config.AccountId, principal)) {
    return lambdaError(403, 'AccessDeniedException', 'Forbidden', requestId);
  }
  const domainName = match.domainName ?? `${config.UrlId}.lambda-url.${deps.region}.localhost`;
  const event = buildEventV2(req, {
    // AWS reports "anonymous" as the account of an unauthenticated caller.
    accountId: principal?.accountId ?? 'anonymous',
    apiId: config.UrlId,
    stage: '$default',
    requestId,
    time: new Date(),
    domainName,
    domainPrefix: config.UrlId,
    path: match.path,
    routeKey: '$default',
    resource: match.path,
    ...(authorizer ? { authorizer } : {}),
    base64Body: isBinaryForHttpApi(req.headers['content-type']),
  });
  const invocation = { requestId, payload: Buffer.from(JSON.stringify(event)), log };
  return config.InvokeMode === 'RESPONSE_STREAM'
    ? streamedAnswer(deps, target, invocation)
    : bufferedAnswer(deps, target, invocation);
}
