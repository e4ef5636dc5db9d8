// Identity sources of HTTP API authorizers: `$request.header.name`, `$request.querystring.name`,
// `$context.variable` and `$stageVariables.name`. "If you specify identity sources, API Gateway ...
// returns 401 if any of them is missing, null, or empty".
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
import type { HttpRequest } from '../../http-events/index.js';

export interface IdentityScope {
  req: HttpRequest;
  stageVariables: Record<string, string>;
  context: Record<string, string>;
}

export function identityValue(source: string, scope: IdentityScope): string | undefined {
  let m = /^\$request\.header\.(.+)$/.exec(source);
  if (m) return scope.req.headers[m[1]!.toLowerCase()];
  m = /^\$request\.querystring\.(.+)$/.exec(source);
  if (m) {
    const values = scope.req.query.filter(([k]) => k === m![1]).map(([, v]) => v);
    return values.length > 0 ? values.join(',') : undefined;
  }
  m = /^\$stageVariables\.(.+)$/.exec(source);
  if (m) return scope.stageVariables[m[1]!];
  m = /^\$context\.(.+)$/.exec(source);
  if (m) return scope.context[m[1]!];
  return undefined;
}

/** All the values, or undefined when one is missing or empty. */
export function identityValues(sources: string[], scope: IdentityScope): string[] | undefined {
  const values: string[] = [];
  for (const s of sources) {
    const v = identityValue(s, scope);
    if (v === undefined || v === '') return undefined;
    values.push(v);
  }
  return values;
}
