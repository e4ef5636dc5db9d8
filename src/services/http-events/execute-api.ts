// The one data-plane entry of API Gateway, shared by REST APIs (v1) and HTTP APIs (v2):
//   http://{apiId}.execute-api.localhost:{port}/{stage}/{path}   (host form, as on AWS)
//   http://localhost:{port}/_aws/execute-api/{apiId}/{stage}/{path}   (path form, needs no DNS)
// Each API type's data plane answers for the ids it owns and passes (undefined) on the others;
// an id nobody owns gets HTTP APIs' 404 {"message":"Not Found"}.
import { jsonMessage } from './json-message.js';
import type { HttpRequest, HttpResponse, RawRoute } from './types.js';

export interface ExecuteApiRequest {
  apiId: string;
  /** The path below the API: `/{stage}/{path}`, or `/{path}` for a `$default` stage; still encoded. */
  path: string;
  /** The API's own host name (`{apiId}.execute-api.localhost`, also in the path form). */
  domainName: string;
  /** The host name the client used, without the port (`localhost` in the path form). */
  host: string;
}

/**
 * An API type's data plane: answers for an API id it owns, undefined for ids that are not its own
 * (the next API type is asked).
 */
export type ExecuteApiHandler = (
  req: HttpRequest,
  target: ExecuteApiRequest,
) => Promise<HttpResponse | undefined>;

const EXECUTE_API_PATH_PREFIX = '/_aws/execute-api/';
const HOST = /^([a-z0-9]+)\.execute-api\.[^:]*(:\d+)?$/i;

export function parseExecuteApi(req: HttpRequest): ExecuteApiRequest | undefined {
  const hostHeader = req.headers.host ?? '';
  const host = hostHeader.replace(/:\d+$/, '');
  const m = HOST.exec(hostHeader);
  if (m) return { apiId: m[1]!.toLowerCase(), path: req.path || '/', domainName: host, host };
  if (!req.path.startsWith(EXECUTE_API_PATH_PREFIX)) return undefined;
  const rest = req.path.slice(EXECUTE_API_PATH_PREFIX.length);
  const slash = rest.indexOf('/');
  const apiId = slash >= 0 ? rest.slice(0, slash) : rest;
  if (!apiId) return undefined;
  return {
    apiId,
    path: slash >= 0 ? rest.slice(slash) : '/',
    domainName: `${apiId}.execute-api.localhost`,
    host,
  };
}

/** One raw route for every API type: the first handler that owns the API answers. */
export function executeApiRoute(handlers: ExecuteApiHandler[]): RawRoute {
  return async (req) => {
    const target = parseExecuteApi(req);
    if (!target) return undefined;
    for (const handler of handlers) {
      const response = await handler(req, target);
      if (response) return response;
    }
    return jsonMessage(404, 'Not Found');
  };
}
