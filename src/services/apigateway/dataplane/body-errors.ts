// Checks a request body against a model: the pure part of request validation, shared by the checking
// thread (body-check-thread.ts) and tests.
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../http-events/json-depth.js';
import { ModelSchemas } from '../json-schema.js';
import type { ModelRecord } from '../records.js';
import { validationErrorString } from './schema-errors.js';

/** Undefined when the body conforms to the model, else the validation error string. */
export function bodyErrors(schemas: ModelSchemas, model: string, body: Uint8Array): string | undefined {
  const validate = schemas.validator(model);
  if (!validate) return undefined;
  let data: unknown;
  try {
    // An empty body is validated as an empty object.
    data =
      body.length === 0
        ? {}
        : JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'));
  } catch (e) {
    // Unconfirmed text: what API Gateway reports for a body that is not JSON.
    return `[Invalid JSON in request body: ${(e as Error).message}]`;
  }
  // Unconfirmed text: Jackson's refusal of JSON nested past its limit, which validation would recurse into.
  if (nestedDeeperThan(data))
    return `[Invalid JSON in request body: nesting depth exceeds the maximum allowed (${MAX_JSON_DEPTH})]`;
  return validate(data) ? undefined : validationErrorString(validate.errors ?? [], data);
}

/** Compiled models by deployment: a deployment's snapshot never changes. Keeps the newest `limit`. */
export class SchemaCache {
  private readonly byKey = new Map<string, ModelSchemas>();

  constructor(private readonly limit = 64) {}

  get(key: string, apiId: string, models: Record<string, ModelRecord>): ModelSchemas {
    let schemas = this.byKey.get(key);
    if (!schemas) {
      schemas = new ModelSchemas(apiId, models);
      this.byKey.set(key, schemas);
      if (this.byKey.size > this.limit) this.byKey.delete(this.byKey.keys().next().value!);
    }
    return schemas;
  }
}
