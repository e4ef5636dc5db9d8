// Matches rest-json / rest-xml requests against operations' `requestUri` templates:
// labels `{Name}` (one segment), greedy `{Key+}` (the rest, slashes included), and literal
// query parts (`/{Bucket}?list-type=2`, `?uploads`) that must be present.
// https://smithy.io/2.0/spec/http-bindings.html#http-trait
export interface UriTemplate {
  regex: RegExp;
  labels: string[];
  /** Literal query keys (and values, when given) the request must carry. */
  query: Array<[string, string | undefined]>;
  /** Literal characters of the path: more means more specific. */
  literalLength: number;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compileUriTemplate(requestUri: string): UriTemplate {
  const q = requestUri.indexOf('?');
  let path = q < 0 ? requestUri : requestUri.slice(0, q);
  const queryPart = q < 0 ? '' : requestUri.slice(q + 1);
  const greedyEnd = /\+\}$/.test(path);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const labels: string[] = [];
  let literalLength = 0;
  let source = '';
  for (const part of path.split(/(\{[^}]+\})/)) {
    const label = /^\{([^}+]+)(\+?)\}$/.exec(part);
    if (label) {
      labels.push(label[1]!);
      source += label[2] ? '(.+)' : '([^/]+)';
    } else {
      literalLength += part.length;
      source += escapeRegex(part);
    }
  }
  // A trailing slash is optional ("/2015-03-31/functions/" is sent as written, some clients
  // drop it) unless a greedy label ends the path: there it is part of the key.
  const regex = new RegExp(`^${source}${greedyEnd || source === '/' ? '' : '/?'}$`);
  const query: Array<[string, string | undefined]> = [];
  for (const pair of queryPart.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    query.push(eq < 0 ? [pair, undefined] : [pair.slice(0, eq), pair.slice(eq + 1)]);
  }
  return { regex, labels, query, literalLength };
}

/** The decoded label values when the raw (percent-encoded) path matches; undefined otherwise. */
export function matchUriTemplate(
  template: UriTemplate,
  rawPath: string,
  query: Array<[string, string]>,
): Record<string, string> | undefined {
  const m = template.regex.exec(rawPath);
  if (!m) return undefined;
  for (const [key, value] of template.query) {
    if (!query.some(([k, v]) => k === key && (value === undefined || v === value))) return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < template.labels.length; i++) {
    try {
      params[template.labels[i]!] = decodeURIComponent(m[i + 1]!);
    } catch {
      return undefined;
    }
  }
  return params;
}
