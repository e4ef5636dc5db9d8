// Which resource and method of a deployment serve a request path, as REST APIs choose: segment by
// segment, a literal path part wins over a `{param}`, which wins over a greedy `{proxy+}`; a greedy
// variable takes the rest of the path (at least one segment). The method must be defined on the
// resource, or `ANY` is.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html
import { safeDecode } from '../../../server/safe-decode.js';
import type { MethodRecord, ResourceRecord } from '../records.js';

export interface Match {
  resource: ResourceRecord;
  method: MethodRecord;
  /** The resource path template (`/pets/{petId}`). */
  resourcePath: string;
  pathParameters: Record<string, string>;
}

function children(resources: Record<string, ResourceRecord>): Map<string, ResourceRecord[]> {
  const byParent = new Map<string, ResourceRecord[]>();
  for (const r of Object.values(resources)) {
    if (r.parentId === undefined) continue;
    byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  }
  return byParent;
}

const rank = (part: string): number => (!part.startsWith('{') ? 0 : part.endsWith('+}') ? 2 : 1);

/** Finds the resource for the path's segments (backtracking when a preferred branch dead-ends). */
export function matchResource(
  resources: Record<string, ResourceRecord>,
  path: string,
): { resource: ResourceRecord; resourcePath: string; pathParameters: Record<string, string> } | undefined {
  const root = Object.values(resources).find((r) => r.parentId === undefined);
  if (!root) return undefined;
  const byParent = children(resources);
  const segments = path.split('/').filter((s) => s !== '');
  const walk = (
    node: ResourceRecord,
    index: number,
    template: string[],
    params: Record<string, string>,
  ):
    | { resource: ResourceRecord; resourcePath: string; pathParameters: Record<string, string> }
    | undefined => {
    if (index === segments.length)
      return { resource: node, resourcePath: '/' + template.join('/'), pathParameters: params };
    const candidates = [...(byParent.get(node.id) ?? [])].sort(
      (a, b) => rank(a.pathPart ?? '') - rank(b.pathPart ?? ''),
    );
    for (const child of candidates) {
      const part = child.pathPart ?? '';
      const kind = rank(part);
      if (kind === 0) {
        if (part !== safeDecode(segments[index]!)) continue;
        const found = walk(child, index + 1, [...template, part], params);
        if (found) return found;
      } else if (kind === 1) {
        const name = part.slice(1, -1);
        const found = walk(child, index + 1, [...template, part], {
          ...params,
          [name]: safeDecode(segments[index]!),
        });
        if (found) return found;
      } else {
        const name = part.slice(1, -2);
        const rest = segments.slice(index).map(safeDecode).join('/');
        return {
          resource: child,
          resourcePath: '/' + [...template, part].join('/'),
          pathParameters: { ...params, [name]: rest },
        };
      }
    }
    return undefined;
  };
  return walk(root, 0, [], {});
}

export function matchRequest(
  resources: Record<string, ResourceRecord>,
  path: string,
  httpMethod: string,
): Match | undefined {
  const found = matchResource(resources, path);
  if (!found) return undefined;
  const method = found.resource.methods[httpMethod.toUpperCase()] ?? found.resource.methods.ANY;
  return method && { ...found, method };
}
