// Models are JSON Schema draft 4 ("For application/json models, this should be JSON schema draft 4
// model", https://docs.aws.amazon.com/apigateway/latest/api/API_CreateModel.html), checked when a model
// is written and applied by request validation. A model names another by its canonical URL,
// `https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name}`
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings-models.html).
// ajv 6 is the last ajv that speaks draft 4.
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import type { ModelRecord } from './records.js';

const require = createRequire(import.meta.url);
const DRAFT_04: { id: string } = require('ajv/lib/refs/json-schema-draft-04.json');

export type SchemaValidator = Ajv.ValidateFunction;
export type SchemaError = Ajv.ErrorObject;

export const modelUrl = (apiId: string, name: string): string =>
  `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`;

/** A draft-4 ajv: `id` (not `$id`), the draft-4 meta-schema as default, every error reported. */
function draft04(): Ajv.Ajv {
  const ajv = new Ajv({
    schemaId: 'id',
    meta: false,
    allErrors: true,
    // References to models that do not exist validate nothing rather than fail the request.
    missingRefs: 'ignore',
    unknownFormats: 'ignore',
    logger: false,
  });
  ajv.addMetaSchema(DRAFT_04);
  // ajv 6's documented way to make draft 4 the default meta-schema.
  (ajv as unknown as { _opts: { defaultMeta: string } })._opts.defaultMeta = DRAFT_04.id;
  return ajv;
}

/** Whether `schema` is a JSON object that is a valid draft-4 schema. */
export function isDraft04Schema(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return false;
  try {
    const ajv = draft04();
    if (!ajv.validateSchema(stripSchemaUri(schema as Record<string, unknown>))) return false;
    ajv.compile(stripSchemaUri(schema as Record<string, unknown>));
    return true;
  } catch {
    return false;
  }
}

/**
 * `$schema` names the draft; ajv would look the URI up, and a schema naming draft 4 with a trailing
 * `#` is what API Gateway's own models carry. Draft 4 is the only draft models use, so it is dropped.
 */
function stripSchemaUri(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/**
 * Compiles validators for one API's models, each model registered under its canonical URL so that
 * `$ref`s between models resolve. Compiled lazily, once per model.
 */
export class ModelSchemas {
  private readonly ajv = draft04();
  private readonly compiled = new Map<string, SchemaValidator | null>();

  constructor(
    private readonly apiId: string,
    private readonly models: Record<string, ModelRecord>,
  ) {
    for (const model of Object.values(models)) {
      const schema = parseSchema(model.schema);
      if (schema) {
        try {
          this.ajv.addSchema({ ...stripSchemaUri(schema), id: modelUrl(apiId, model.name) });
        } catch {
          // A schema ajv refuses validates nothing (it was checked when written).
        }
      }
    }
  }

  /** The validator of the named model; undefined when there is no such model or it does not compile. */
  validator(name: string): SchemaValidator | undefined {
    if (!this.compiled.has(name)) {
      let fn: SchemaValidator | null = null;
      try {
        if (this.models[name]) fn = this.ajv.getSchema(modelUrl(this.apiId, name)) ?? null;
      } catch {
        fn = null;
      }
      this.compiled.set(name, fn);
    }
    return this.compiled.get(name) ?? undefined;
  }
}

function parseSchema(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
