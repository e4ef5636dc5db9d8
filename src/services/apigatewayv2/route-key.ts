// Route keys of HTTP APIs: `$default`, or a method and a resource path — `GET /items/{id}`,
// `ANY /{proxy+}`. "A greedy path variable must be at the end of the resource path"; methods are
// the HTTP methods or ANY.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
import { badRequest } from './errors.js';

export const DEFAULT_ROUTE = '$default';
const METHODS = new Set(['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export type Segment =
  { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export interface ParsedRouteKey {
  method: string;
  /** The resource path as written (`/items/{id}`). */
  path: string;
  segments: Segment[];
}

/** Parses a route key; `$default` gives undefined. Throws AWS's BadRequestException when invalid. */
export function parseRouteKey(key: string): ParsedRouteKey | undefined {
  if (key === DEFAULT_ROUTE) return undefined;
  const invalid = badRequest(`Invalid routeKey ${key}`); // text not confirmed against AWS
  const m = /^([A-Z]+) (\/\S*)$/.exec(key);
  if (!m || !METHODS.has(m[1]!)) throw invalid;
  const path = m[2]!;
  const parts = path === '/' ? [] : path.slice(1).split('/');
  const segments: Segment[] = [];
  const names = new Set<string>();
  parts.forEach((part, i) => {
    const p = /^\{([A-Za-z0-9._-]+)(\+?)\}$/.exec(part);
    if (p) {
      const name = p[1]!;
      if (names.has(name)) throw invalid;
      names.add(name);
      if (p[2] && i !== parts.length - 1) throw invalid;
      segments.push(p[2] ? { kind: 'greedy', name } : { kind: 'param', name });
    } else if (part === '' || /[{}\s]/.test(part)) {
      throw invalid;
    } else {
      segments.push({ kind: 'literal', value: part });
    }
  });
  return { method: m[1]!, path, segments };
}

/**
 * Whether two route keys name different path variables at the same place of the same path, e.g.
 * `GET /items/{id}` and `DELETE /items/{itemId}/tags`: routes share one resource tree, and a level of
 * it has one variable. AWS answers 409 "The provided route key … has a conflicting variable on the
 * same hierarchical level as …", as users recorded it. Greedy variables are not compared.
 */
export function conflictingVariable(a: ParsedRouteKey, b: ParsedRouteKey): boolean {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const x = a.segments[i]!;
    const y = b.segments[i]!;
    if (x.kind === 'param' && y.kind === 'param') {
      if (x.name !== y.name) return true;
    } else if (x.kind !== 'literal' || y.kind !== 'literal' || x.value !== y.value) {
      return false;
    }
  }
  return false;
}
