// The two invoke URL forms of a REST API stage:
//   http://{restApiId}.execute-api.localhost:{port}/{stage}/{path}       (like AWS's host form)
//   http://localhost:{port}/_aws/execute-api/{restApiId}/{stage}/{path}  (needs no DNS)
import type { HttpRequest } from '../../http-events/index.js';

export const PATH_PREFIX = '/_aws/execute-api/';
const HOST = /^([a-z0-9]+)\.execute-api\.[^:]*(?::\d+)?$/i;

export interface InvokeTarget {
  apiId: string;
  /** The path after the API id, still percent-encoded: `/{stage}/{resource path}`. */
  path: string;
  /** The host the client used (requestContext.domainName). */
  host: string;
}

export function parseInvokeUrl(req: HttpRequest): InvokeTarget | undefined {
  const host = req.headers.host ?? '';
  const byHost = HOST.exec(host);
  if (byHost) return { apiId: byHost[1]!.toLowerCase(), path: req.path || '/', host: host.split(':')[0]! };
  if (!req.path.startsWith(PATH_PREFIX)) return undefined;
  const rest = req.path.slice(PATH_PREFIX.length);
  const slash = rest.indexOf('/');
  const apiId = slash < 0 ? rest : rest.slice(0, slash);
  if (!apiId) return undefined;
  return { apiId, path: slash < 0 ? '/' : rest.slice(slash), host: host.split(':')[0]! };
}

/** `/{stage}/{path}` → the stage and the resource path (at least `/`). */
export function splitStage(path: string): { stage: string; path: string } {
  const trimmed = path.replace(/^\/+/, '');
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { stage: decodeURIComponent(trimmed), path: '/' };
  return { stage: decodeURIComponent(trimmed.slice(0, slash)), path: trimmed.slice(slash) || '/' };
}
