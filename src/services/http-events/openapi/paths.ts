// The parts of an OpenAPI document both API Gateway importers read the same way: the operations under
// `paths` (with API Gateway's `x-amazon-apigateway-any-method`), the security schemes, and the
// security requirements that apply to an operation.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
import { isObject, type Json } from './document.js';

const METHODS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  patch: 'PATCH',
  head: 'HEAD',
  options: 'OPTIONS',
  'x-amazon-apigateway-any-method': 'ANY',
};

export interface OpenApiOperation {
  /** The path as written under `paths` (`/pets/{petId}`). */
  path: string;
  /** GET, POST…, or ANY for `x-amazon-apigateway-any-method`. */
  method: string;
  operation: Json;
  /** The path item, whose `parameters` apply to every operation under it. */
  item: Json;
}

export function operationsOf(doc: Json): OpenApiOperation[] {
  const out: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries<unknown>(doc.paths ?? {})) {
    if (!isObject(item)) continue;
    for (const [key, operation] of Object.entries<unknown>(item)) {
      const method = METHODS[key.toLowerCase()];
      if (method && isObject(operation)) out.push({ path, method, operation, item });
    }
  }
  return out;
}

/** `components.securitySchemes` (OpenAPI 3) or `securityDefinitions` (Swagger 2), by name. */
export function securitySchemesOf(doc: Json): Array<[string, Json]> {
  const defined: unknown = doc.components?.securitySchemes ?? doc.securityDefinitions ?? {};
  if (!isObject(defined)) return [];
  return Object.entries<unknown>(defined).filter((e): e is [string, Json] => isObject(e[1]));
}

/** The security requirements of an operation (its own, else the document's): scheme names and scopes. */
export function requirementsOf(operation: Json, doc: Json): Array<[string, string[]]> {
  const security: unknown = operation.security ?? doc.security;
  if (!Array.isArray(security)) return [];
  return security.flatMap((requirement: unknown) =>
    isObject(requirement)
      ? Object.entries<unknown>(requirement).map(([name, scopes]): [string, string[]] => [
          name,
          Array.isArray(scopes) ? scopes.map(String) : [],
        ])
      : [],
  );
}
