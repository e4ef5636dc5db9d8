// Picks the operation a rest-json / rest-xml request names. Several S3 operations share a method
// and path and differ only by query keys (`?uploads`, `?tagging`, `?list-type=2`) or by required
// members bound to the query or headers (`uploadId`, `x-amz-copy-source`): the most specific match
// wins, i.e. the one whose literal query keys and required query/header members are all present
// and most numerous. v3 clients also send `x-id=<Operation>`, which settles any remaining tie.
import type { HttpRequest } from '../server/http-types.js';
import type { ResolvedOperation } from './codec.js';
import type { OperationModel, ServiceModel } from './model-types.js';
import { compileUriTemplate, matchUriTemplate, type UriTemplate } from './uri-template.js';

interface Route {
  operation: OperationModel;
  template: UriTemplate;
  requiredQuery: string[];
  requiredHeaders: string[];
  deprecated: boolean;
}

export class RestRouter {
  private readonly byMethod = new Map<string, Route[]>();

  constructor(model: ServiceModel) {
    for (const operation of Object.values(model.operations)) {
      if (!operation.http) continue;
      const input = operation.input ? model.shapes[operation.input.shape] : undefined;
      const requiredQuery: string[] = [];
      const requiredHeaders: string[] = [];
      for (const name of input?.required ?? []) {
        const ref = input?.members?.[name];
        if (ref?.location === 'querystring' && ref.locationName) requiredQuery.push(ref.locationName);
        if (ref?.location === 'header' && ref.locationName)
          requiredHeaders.push(ref.locationName.toLowerCase());
      }
      const method = operation.http.method.toUpperCase();
      const routes = this.byMethod.get(method) ?? [];
      routes.push({
        operation,
        template: compileUriTemplate(operation.http.requestUri),
        requiredQuery,
        requiredHeaders,
        deprecated: (operation as { deprecated?: boolean }).deprecated === true,
      });
      this.byMethod.set(method, routes);
    }
  }

  resolve(req: HttpRequest, path = req.path): ResolvedOperation | undefined {
    const routes = this.byMethod.get(req.method.toUpperCase()) ?? [];
    const xId = req.query.find(([k]) => k === 'x-id')?.[1];
    let best: { route: Route; params: Record<string, string>; score: number[] } | undefined;
    for (const route of routes) {
      const params = matchUriTemplate(route.template, path, req.query);
      if (!params) continue;
      if (!route.requiredQuery.every((k) => req.query.some(([q]) => q === k))) continue;
      if (!route.requiredHeaders.every((h) => req.headers[h] !== undefined)) continue;
      const score = [
        xId === route.operation.name ? 1 : 0,
        route.template.query.length + route.requiredQuery.length + route.requiredHeaders.length,
        route.template.literalLength,
        route.deprecated ? 0 : 1,
      ];
      if (!best || compareScores(score, best.score) > 0) best = { route, params, score };
    }
    return best && { operation: best.route.operation, pathParams: best.params };
  }
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
