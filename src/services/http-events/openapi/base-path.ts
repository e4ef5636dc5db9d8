// The base path of an imported definition and the `basepath` import option (ignore, prepend, split).
// "In OpenAPI 3.0, basePath is no longer a top-level property. Instead, API Gateway uses a server
// variable as a convention": the first `basePath` server variable, else the path of `servers[].url`
// beyond "/". ignore (the default) drops it; prepend puts it before every path; split drops its
// first part (taken as the stage) and prepends the rest.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api-basePath.html
import { ServiceError } from '../../../server/service-error.js';
import { isObject, type Json } from './document.js';

export type BasePathMode = 'ignore' | 'prepend' | 'split';

export function basePathMode(value: string | undefined): BasePathMode {
  const mode = (value ?? 'ignore').toLowerCase();
  if (mode === 'ignore' || mode === 'prepend' || mode === 'split') return mode;
  // Unconfirmed text: AWS's message for another value.
  throw new ServiceError(
    'BadRequestException',
    `Invalid basepath value ${value}: must be one of [ignore, prepend, split]`,
    400,
  );
}

/** The definition's base path without a trailing slash (`/a/b`), or '' when it has none. */
export function basePathOf(doc: Json): string {
  if (typeof doc.basePath === 'string') return normalize(doc.basePath);
  const servers: unknown[] = Array.isArray(doc.servers) ? doc.servers : [];
  for (const server of servers) {
    const variable: unknown = isObject(server) ? server.variables?.basePath : undefined;
    if (isObject(variable) && variable.default !== undefined) return normalize(String(variable.default));
  }
  const first = servers[0];
  if (!isObject(first) || typeof first.url !== 'string') return '';
  const url = first.url.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v: unknown = first.variables?.[name]?.default;
    return v === undefined ? '' : String(v);
  });
  try {
    return normalize(new URL(url, 'http://localhost').pathname);
  } catch {
    return '';
  }
}

/** The path a route or resource gets for `path` under `basePath` imported with `mode`. */
export function withBasePath(path: string, basePath: string, mode: BasePathMode): string {
  if (mode === 'ignore' || !basePath) return path;
  const base = mode === 'split' ? basePath.replace(/^\/[^/]*/, '') : basePath;
  if (!base) return path;
  return path === '/' ? base : base + path;
}

function normalize(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (!trimmed) return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
