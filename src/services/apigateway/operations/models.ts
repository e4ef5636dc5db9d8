// CreateModel, GetModel (flatten), GetModels, UpdateModel, DeleteModel.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateModel.html
// Texts as AWS answers (LocalStack's validated snapshots, TestApiGatewayApiModels and
// test_put_method_model; "Invalid model specified: …" as users quote AWS's answer to a bad schema).
import { badRequest, conflict, isApiNotFound, modelNotFound } from '../errors.js';
import { modelId } from '../ids.js';
import { isDraft04Schema, modelUrl } from '../json-schema.js';
import { applyPatch, stringRule, type PatchOperation, type PatchRule } from '../patch.js';
import type { ModelRecord, RestApiRecord } from '../records.js';
import { resourcePath } from '../views.js';
import { type ControlPlaneDeps, type Handler, paginate, readApi, updateApi } from './common.js';

export interface CreateModelInput {
  restApiId: string;
  name: string;
  description?: string;
  schema?: string;
  contentType: string;
}

/** "The name of the model. Must be alphanumeric." */
const MODEL_NAME = /^[a-zA-Z0-9]+$/;

function checkSchema(schema: string | undefined): void {
  if (!schema) throw badRequest('Model schema must have at least 1 property or array items defined');
  let parsed: unknown;
  try {
    parsed = JSON.parse(schema);
  } catch {
    parsed = undefined;
  }
  if (!isDraft04Schema(parsed))
    throw badRequest(
      'Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]',
    );
}

/** Adds a model to the API (CreateModel, and the schemas of an imported definition). */
export function addModel(api: RestApiRecord, input: CreateModelInput, replace = false): ModelRecord {
  if (!input.name) throw badRequest('Model name must be non-empty');
  // Unconfirmed text: AWS's message for a name that is not alphanumeric.
  if (!MODEL_NAME.test(input.name)) throw badRequest('Model name must be alphanumeric');
  const existing = api.models[input.name];
  if (existing && !replace) throw conflict('Model name already exists for this REST API');
  checkSchema(input.schema);
  const model: ModelRecord = {
    id: existing?.id ?? modelId(),
    name: input.name,
    description: input.description || undefined,
    schema: input.schema,
    contentType: input.contentType,
  };
  api.models[model.name] = model;
  return model;
}

export function findModel(api: RestApiRecord, name: string): ModelRecord {
  const model = api.models[name];
  if (!model) throw modelNotFound(name);
  return model;
}

/** Every `/{path}/{METHOD}` whose method request names the model, as AWS lists them (root: `//ANY`). */
function methodsUsing(api: RestApiRecord, name: string): string[] {
  return Object.values(api.resources).flatMap((resource) =>
    Object.values(resource.methods)
      .filter((m) => Object.values(m.requestModels ?? {}).includes(name))
      .map((m) => `${resourcePath(api.resources, resource.id)}/${m.httpMethod}`),
  );
}

/**
 * GetModel's `flatten`: "resolve (true) all external model references and return a flattened model
 * schema". Referenced models go under `definitions`, the references pointing there.
 */
function flatten(api: RestApiRecord, model: ModelRecord): string | undefined {
  if (!model.schema) return model.schema;
  const prefix = modelUrl(api.id, '');
  const definitions: Record<string, unknown> = {};
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(prefix)) {
        const name = value.slice(prefix.length);
        const target = api.models[name];
        if (target?.schema && !(name in definitions)) {
          definitions[name] = {}; // claimed first, so a model that refers back is not expanded again
          definitions[name] = rewrite(JSON.parse(target.schema));
        }
        out[key] = target ? `#/definitions/${name}` : value;
      } else out[key] = rewrite(value);
    }
    return out;
  };
  const root = rewrite(JSON.parse(model.schema)) as Record<string, unknown>;
  if (Object.keys(definitions).length === 0) return model.schema;
  root.definitions = { ...((root.definitions as object | undefined) ?? {}), ...definitions };
  return JSON.stringify(root);
}

const MODEL_RULES: PatchRule<ModelRecord>[] = [
  stringRule('/description', (m, v) => (m.description = v)),
  stringRule('/schema', (m, v) => {
    checkSchema(v);
    m.schema = v;
  }),
];

const modelView = (m: ModelRecord, schema = m.schema): Record<string, unknown> => ({ ...m, schema });

export function modelHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  // GetModel, UpdateModel and DeleteModel answer an unknown API as an unknown model.
  const readModelApi = (ctx: Parameters<Handler<unknown>>[0], apiId: string, name: string) =>
    readApi(deps, ctx, apiId).catch((e: unknown) => {
      throw isApiNotFound(e) ? modelNotFound(name) : e;
    });
  return {
    CreateModel: async (ctx, input: CreateModelInput) =>
      updateApi(deps, ctx, input.restApiId, (api) => modelView(addModel(api, input))),
    GetModel: async (ctx, input: { restApiId: string; modelName: string; flatten?: boolean }) => {
      const api = await readModelApi(ctx, input.restApiId, input.modelName);
      const model = findModel(api, input.modelName);
      return modelView(model, input.flatten ? flatten(api, model) : model.schema);
    },
    GetModels: async (ctx, input: { restApiId: string; position?: string; limit?: number }) => {
      const api = await readApi(deps, ctx, input.restApiId);
      const models = Object.values(api.models).sort((a, b) => a.name.localeCompare(b.name));
      return paginate(
        models.map((m) => modelView(m)),
        input.position,
        input.limit,
      );
    },
    UpdateModel: async (
      ctx,
      input: { restApiId: string; modelName: string; patchOperations?: PatchOperation[] },
    ) => {
      await readModelApi(ctx, input.restApiId, input.modelName);
      return updateApi(deps, ctx, input.restApiId, (api) => {
        const model = findModel(api, input.modelName);
        applyPatch(model, input.patchOperations, MODEL_RULES);
        return modelView(model);
      });
    },
    DeleteModel: async (ctx, input: { restApiId: string; modelName: string }) => {
      await readModelApi(ctx, input.restApiId, input.modelName);
      return updateApi(deps, ctx, input.restApiId, (api) => {
        findModel(api, input.modelName);
        const [usedBy] = methodsUsing(api, input.modelName);
        if (usedBy)
          throw conflict(
            `Cannot delete model '${input.modelName}', is referenced in method request: ${usedBy}`,
          );
        delete api.models[input.modelName];
        return {};
      });
    },
  };
}
