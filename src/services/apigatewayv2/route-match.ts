// Which route serves a request, as "Working with routes for HTTP APIs" describes it: "API Gateway
// selects the most-specific match, using the following priorities: 1. Full match for a route and
// method. 2. Match for a route and method with path variable. 3. Match for a route and method with
// greedy path variable ({proxy+})." A method's own route beats ANY on the same path, and `$default`
// catches whatever matches nothing.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
import { safeDecode } from '../../server/safe-decode.js';
import { DEFAULT_ROUTE, parseRouteKey, type ParsedRouteKey, type Segment } from './route-key.js';

export interface RouteTable<R> {
  routes: Array<{ route: R; key: ParsedRouteKey }>;
  fallback?: R;
}

export interface RouteMatch<R> {
  route: R;
  /** `/items/{id}` or `$default`. */
  resource: string;
  pathParameters: Record<string, string>;
}

export function buildRouteTable<R extends { RouteKey: string }>(routes: R[]): RouteTable<R> {
  const table: RouteTable<R> = { routes: [] };
  for (const route of routes) {
    if (route.RouteKey === DEFAULT_ROUTE) table.fallback = route;
    else table.routes.push({ route, key: parseRouteKey(route.RouteKey)! });
  }
  return table;
}

const RANK: Record<Segment['kind'], number> = { literal: 0, param: 1, greedy: 2 };

/** Path parameters when the segments match the path's parts, else undefined. */
function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.kind === 'greedy') {
      // A greedy variable takes one or more remaining segments.
      if (i >= parts.length) return undefined;
      params[seg.name] = safeDecode(parts.slice(i).join('/'));
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.kind === 'literal') {
      if (seg.value !== part && safeDecode(seg.value) !== safeDecode(part)) return undefined;
    } else {
      if (part === '') return undefined;
      params[seg.name] = safeDecode(part);
    }
  }
  return segments.length === parts.length ? params : undefined;
}

/** Negative when a is more specific than b. */
function compare(a: ParsedRouteKey, b: ParsedRouteKey): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const ra = a.segments[i] ? RANK[a.segments[i]!.kind] : 3;
    const rb = b.segments[i] ? RANK[b.segments[i]!.kind] : 3;
    if (ra !== rb) return ra - rb;
  }
  return (a.method === 'ANY' ? 1 : 0) - (b.method === 'ANY' ? 1 : 0);
}

/** `path` is the request path below the stage (`/items/7`), still percent-encoded. */
export function matchRoute<R>(table: RouteTable<R>, method: string, path: string): RouteMatch<R> | undefined {
  const parts = path === '/' || path === '' ? [] : path.replace(/^\//, '').split('/');
  let best: { route: R; key: ParsedRouteKey; params: Record<string, string> } | undefined;
  for (const { route, key } of table.routes) {
    if (key.method !== method && key.method !== 'ANY') continue;
    const params = matchSegments(key.segments, parts);
    if (!params) continue;
    if (!best || compare(key, best.key) < 0) best = { route, key, params };
  }
  if (best) return { route: best.route, resource: best.key.path, pathParameters: best.params };
  if (table.fallback !== undefined)
    return { route: table.fallback, resource: DEFAULT_ROUTE, pathParameters: {} };
  return undefined;
}
