// What an imported definition says about validating requests: its schemas become models
// (`definitions` in Swagger 2, `components.schemas` in OpenAPI 3, references rewritten to the
// models' canonical URLs), `x-amazon-apigateway-request-validators` become request validators, and
// `x-amazon-apigateway-request-validator` (the API's default, or an operation's own) names the one a
// method uses; request bodies name the methods' request models.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-request-validators.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-request-validator.html
import { createHash } from 'node:crypto';
import { isObject, type Json } from '../../http-events/openapi/index.js';
import { safeDecode } from '../../../server/safe-decode.js';
import { modelUrl } from '../json-schema.js';
import { addModel } from '../operations/models.js';
import { addRequestValidator } from '../operations/request-validators.js';
import type { RestApiRecord } from '../records.js';

const LOCAL_REF = /^#\/(?:definitions|components\/schemas)\/(.+)$/;

/** The schemas of the document, by name. */
function schemasOf(doc: Json): Array<[string, Json]> {
  const schemas: unknown = doc.components?.schemas ?? doc.definitions ?? {};
  if (!isObject(schemas)) return [];
  return Object.entries<unknown>(schemas).filter((e): e is [string, Json] => isObject(e[1]));
}

/** A schema of the document as a model's schema: references to the document's schemas made canonical. */
function asModelSchema(api: RestApiRecord, schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((s) => asModelSchema(api, s));
  if (!isObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      const local = key === '$ref' && typeof value === 'string' ? LOCAL_REF.exec(value) : null;
      return [key, local ? modelUrl(api.id, safeDecode(local[1]!)) : asModelSchema(api, value)];
    }),
  );
}

export function importModels(api: RestApiRecord, doc: Json): void {
  for (const [name, schema] of schemasOf(doc)) {
    const text = JSON.stringify(asModelSchema(api, schema));
    addModel(api, { restApiId: api.id, name, schema: text, contentType: 'application/json' }, true);
  }
}

/** Creates the document's request validators; their ids by name. */
export function importRequestValidators(api: RestApiRecord, doc: Json): Map<string, string> {
  const ids = new Map<string, string>();
  for (const v of Object.values(api.requestValidators)) if (v.name) ids.set(v.name, v.id);
  const declared: unknown = doc['x-amazon-apigateway-request-validators'];
  if (!isObject(declared)) return ids;
  for (const [name, rules] of Object.entries<unknown>(declared)) {
    if (!isObject(rules)) continue;
    const checks = {
      validateRequestBody: rules.validateRequestBody === true,
      validateRequestParameters: rules.validateRequestParameters === true,
    };
    // Merging keeps a validator of the same name (and its id, which methods name).
    const existing = api.requestValidators[ids.get(name) ?? ''];
    if (existing) Object.assign(existing, checks);
    else ids.set(name, addRequestValidator(api, { restApiId: api.id, name, ...checks }).id);
  }
  return ids;
}

/** The validator an operation uses: its own `x-amazon-apigateway-request-validator`, else the API's. */
export function requestValidatorOf(
  operation: Json,
  doc: Json,
  validators: Map<string, string>,
): string | undefined {
  const name: unknown =
    operation['x-amazon-apigateway-request-validator'] ?? doc['x-amazon-apigateway-request-validator'];
  return typeof name === 'string' ? validators.get(name) : undefined;
}

/** A model for an inline body schema, named after its content (the name AWS gives is not documented). */
function inlineModel(api: RestApiRecord, schema: Json): string {
  const text = JSON.stringify(asModelSchema(api, schema));
  const name = `Model${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
  if (!api.models[name])
    addModel(api, { restApiId: api.id, name, schema: text, contentType: 'application/json' });
  return name;
}

function modelNameOf(api: RestApiRecord, schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  const ref = typeof schema.$ref === 'string' ? LOCAL_REF.exec(schema.$ref) : null;
  if (ref) return safeDecode(ref[1]!);
  return Object.keys(schema).length > 0 ? inlineModel(api, schema) : undefined;
}

/**
 * The method's request models: OpenAPI 3's `requestBody.content` (a `$ref` to
 * `components.requestBodies` followed), or Swagger 2's `in: body` parameter under each `consumes` type
 * (application/json when none is declared).
 */
export function requestModelsOf(
  api: RestApiRecord,
  operation: Json,
  parameters: Json[],
  doc: Json,
): Record<string, string> | undefined {
  const models: Record<string, string> = {};
  let body: unknown = operation.requestBody;
  const bodyRef = isObject(body) && typeof body.$ref === 'string' ? body.$ref : undefined;
  if (bodyRef?.startsWith('#/components/requestBodies/'))
    body = doc.components?.requestBodies?.[bodyRef.slice('#/components/requestBodies/'.length)];
  if (isObject(body) && isObject(body.content)) {
    for (const [type, media] of Object.entries<unknown>(body.content)) {
      const name = isObject(media) ? modelNameOf(api, media.schema) : undefined;
      if (name) models[type] = name;
    }
  }
  const bodyParam = parameters.find((p) => isObject(p) && p.in === 'body');
  if (bodyParam) {
    const consumes: unknown = operation.consumes ?? doc.consumes;
    const types = Array.isArray(consumes) && consumes.length ? consumes.map(String) : ['application/json'];
    const name = modelNameOf(api, bodyParam.schema);
    if (name) for (const type of types) models[type] = name;
  }
  return Object.keys(models).length ? models : undefined;
}
