// ImportRestApi (POST /restapis?mode=import) and PutRestApi (PUT /restapis/{id}, mode overwrite or
// merge) from an OpenAPI definition; `parameters.basepath` (ignore, prepend, split) as AWS reads it. https://docs.aws.amazon.com/apigateway/latest/api/API_ImportRestApi.html
import { basePathMode, parseOpenApi } from '../../http-events/openapi/index.js';
import { applyDefinition } from '../openapi/apply.js';
import { putApi } from '../repo.js';
import { restApiView } from '../views.js';
import { type ControlPlaneDeps, type Handler, updateApi } from './common.js';
import { newRestApi } from './rest-apis.js';

interface ImportInput {
  body?: Buffer;
  failOnWarnings?: boolean;
  parameters?: Record<string, string>;
}

/** `parameters.endpointConfigurationTypes` picks the endpoint type of an imported API. */
function endpointTypes(parameters: Record<string, string> | undefined): string[] | undefined {
  const types = parameters?.endpointConfigurationTypes;
  return types ? [types.toUpperCase()] : undefined;
}

export function importHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  return {
    ImportRestApi: async (ctx, input: ImportInput) => {
      const doc = parseOpenApi(input.body, { swagger2: true });
      const basePath = basePathMode(input.parameters?.basepath);
      const types = endpointTypes(input.parameters);
      const api = newRestApi(ctx.accountId, {
        name: String(doc.info?.title ?? ''),
        ...(types ? { endpointConfiguration: { types } } : {}),
      });
      applyDefinition(api, doc, 'overwrite', basePath);
      await deps.store.write((tx) => putApi(tx, api));
      return restApiView(api);
    },
    PutRestApi: async (ctx, input: ImportInput & { restApiId: string; mode?: string }) => {
      const doc = parseOpenApi(input.body, { swagger2: true });
      const basePath = basePathMode(input.parameters?.basepath);
      const api = await updateApi(deps, ctx, input.restApiId, (a) => {
        applyDefinition(a, doc, input.mode === 'merge' ? 'merge' : 'overwrite', basePath);
        return a;
      });
      return restApiView(api);
    },
  };
}
