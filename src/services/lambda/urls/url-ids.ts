// Function URL ids and the two ways a request names one:
//   http://{url-id}.lambda-url.{region}.localhost:{port}/path   (AWS's form, on a local domain)
//   http://localhost:{port}/_aws/lambda-url/{url-id}/path        (needs no DNS)
// AWS's endpoints are `https://<url-id>.lambda-url.<region>.on.aws`, the id being 32 lower-case
// letters and digits (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html).
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const URL_ID_LENGTH = 32;
export const PATH_PREFIX = '/_aws/lambda-url/';

export function newUrlId(): string {
  let id = '';
  for (let i = 0; i < URL_ID_LENGTH; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/** The FunctionUrl Cumulo reports: the host form on `localhost`, with the server's port. */
export function functionUrl(urlId: string, region: string, endpointUrl: string): string {
  const port = new URL(endpointUrl).port;
  return `http://${urlId}.lambda-url.${region}.localhost${port ? `:${port}` : ''}/`;
}

export interface UrlTarget {
  urlId: string;
  /** The path the function sees (`rawPath`), still percent-encoded, always starting with '/'. */
  path: string;
  /** The host name the client used, without the port; undefined for the path form. */
  domainName?: string;
}

const HOST_FORM = /^([a-z0-9]+)\.lambda-url\.[a-z0-9-]+\.[^:]+(?::\d+)?$/i;

/** Which function URL a request is for, from its Host header or its path; undefined when none. */
export function matchUrlRequest(host: string | undefined, path: string): UrlTarget | undefined {
  const hostMatch = host ? HOST_FORM.exec(host) : null;
  if (hostMatch) {
    return { urlId: hostMatch[1]!.toLowerCase(), path: path || '/', domainName: host!.replace(/:\d+$/, '') };
  }
  if (!path.startsWith(PATH_PREFIX)) return undefined;
  const rest = path.slice(PATH_PREFIX.length);
  const slash = rest.indexOf('/');
  const urlId = (slash >= 0 ? rest.slice(0, slash) : rest).toLowerCase();
  if (!/^[a-z0-9]+$/.test(urlId)) return undefined;
  return { urlId, path: slash >= 0 ? rest.slice(slash) : '/' };
}
