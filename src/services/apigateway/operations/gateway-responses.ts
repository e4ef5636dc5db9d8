// PutGatewayResponse, GetGatewayResponse, GetGatewayResponses, UpdateGatewayResponse,
// DeleteGatewayResponse. https://docs.aws.amazon.com/apigateway/latest/api/API_PutGatewayResponse.html
// What AWS answers, as LocalStack's validated snapshots recorded it (test_apigateway_api.snapshot.json,
// TestApiGatewayGatewayResponse): a type never put is listed with `defaultResponse: true`, the default
// template and no parameters, and its DEFAULT_4XX/5XX fallback's customisation when that is set; a put
// without statusCode gets the type's default status, without templates the default template. Changes
// reach the invoke URL with the next deployment (records.ts DeploymentSnapshot).
import type { ServiceError } from '../../../server/service-error.js';
import { badRequest, notFound } from '../errors.js';
import {
  DEFAULT_GATEWAY_TEMPLATE,
  effectiveGatewayResponse,
  GATEWAY_RESPONSE_STATUS,
  GATEWAY_RESPONSE_TYPES,
  type GatewayResponseType,
} from '../gateway-response-types.js';
import { applyPatch, type PatchOperation, type PatchRule } from '../patch.js';
import type { GatewayResponseRecord, RestApiRecord } from '../records.js';
import { type ControlPlaneDeps, type Handler, readApi, updateApi } from './common.js';

interface PutInput {
  restApiId: string;
  responseType: GatewayResponseType;
  statusCode?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
}

/** The string entries of a map (an imported definition may hold anything), or undefined when none. */
function nonEmpty(m: Record<string, unknown> | undefined): Record<string, string> | undefined {
  const entries = Object.entries(m ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A customised gateway response as PutGatewayResponse (and the OpenAPI extension) stores it. */
export function gatewayResponseRecord(
  type: GatewayResponseType,
  input: Omit<PutInput, 'restApiId' | 'responseType'>,
): GatewayResponseRecord {
  return {
    statusCode: input.statusCode ?? GATEWAY_RESPONSE_STATUS[type],
    responseParameters: nonEmpty(input.responseParameters) ?? {},
    responseTemplates: nonEmpty(input.responseTemplates) ?? { 'application/json': DEFAULT_GATEWAY_TEMPLATE },
  };
}

export function gatewayResponseView(api: RestApiRecord, type: GatewayResponseType): Record<string, unknown> {
  const effective = effectiveGatewayResponse(type, api.gatewayResponses);
  return {
    responseType: type,
    statusCode: effective.statusCode ?? GATEWAY_RESPONSE_STATUS[type],
    responseParameters: effective.responseParameters,
    responseTemplates: effective.responseTemplates,
    defaultResponse: effective.defaultResponse,
  };
}

// UpdateGatewayResponse's paths. Its errors as AWS answers them (LocalStack's validated snapshot
// test_update_gateway_response): "Invalid patch path /statusCode" for add/remove of the status,
// "Invalid patch path null" without a path, NotFoundException "Invalid parameter name specified" to
// replace a parameter that is not there, "Invalid null or empty value in responseParameters".
const invalidPath = (path: string | undefined): ServiceError =>
  badRequest(`Invalid patch path ${path ?? 'null'}`);

function mapEntryRule(
  path: '/responseParameters/' | '/responseTemplates/',
  missing: () => ServiceError,
): PatchRule<GatewayResponseRecord> {
  const member = path === '/responseParameters/' ? 'responseParameters' : 'responseTemplates';
  return {
    path,
    ops: ['add', 'replace', 'remove'],
    apply: (record, op, value, key) => {
      const map = { ...(record[member] ?? {}) };
      if (op !== 'add' && !(key in map)) throw missing();
      if (op === 'remove') delete map[key];
      else if (!value) throw badRequest(`Invalid null or empty value in ${member}`);
      else map[key] = value;
      record[member] = map;
    },
  };
}

const STATUS = /^[1-5]\d\d$/;

/** A status code outside the model's `[1-5]\d\d` (Put checks it by the model; Update and import here). */
export function checkStatusCode(value: string | undefined): string {
  // Unconfirmed text: AWS's answer to such a status code outside PutGatewayResponse.
  if (!value || !STATUS.test(value)) throw badRequest(`Invalid status code specified: ${value ?? 'null'}`);
  return value;
}

const UPDATE_RULES: PatchRule<GatewayResponseRecord>[] = [
  {
    path: '/statusCode',
    ops: ['replace'],
    apply: (record, _op, value) => (record.statusCode = checkStatusCode(value)),
  },
  mapEntryRule('/responseParameters/', () => notFound('Invalid parameter name specified')),
  // Unconfirmed text: the one AWS answers for a method response's missing responseModels entry.
  mapEntryRule('/responseTemplates/', () => notFound('Content-Type specified was not found')),
];

export function gatewayResponseHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  return {
    PutGatewayResponse: async (ctx, input: PutInput) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        api.gatewayResponses = {
          ...(api.gatewayResponses ?? {}),
          [input.responseType]: gatewayResponseRecord(input.responseType, input),
        };
        return gatewayResponseView(api, input.responseType);
      }),
    GetGatewayResponse: async (ctx, input: { restApiId: string; responseType: GatewayResponseType }) =>
      gatewayResponseView(await readApi(deps, ctx, input.restApiId), input.responseType),
    // "The GatewayResponses collection does not support pagination and the limit does not apply here."
    GetGatewayResponses: async (ctx, input: { restApiId: string }) => {
      const api = await readApi(deps, ctx, input.restApiId);
      return { items: GATEWAY_RESPONSE_TYPES.map((type) => gatewayResponseView(api, type)) };
    },
    // A type never put starts from its default (AWS's snapshot: an update of DEFAULT_4XX's status
    // alone answers defaultResponse false with the default template).
    UpdateGatewayResponse: async (
      ctx,
      input: { restApiId: string; responseType: GatewayResponseType; patchOperations?: PatchOperation[] },
    ) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        const type = input.responseType;
        const record = structuredClone(api.gatewayResponses?.[type] ?? gatewayResponseRecord(type, {}));
        applyPatch(record, input.patchOperations, UPDATE_RULES, (op) => invalidPath(op.path));
        api.gatewayResponses = { ...(api.gatewayResponses ?? {}), [type]: record };
        return gatewayResponseView(api, type);
      }),
    DeleteGatewayResponse: async (ctx, input: { restApiId: string; responseType: GatewayResponseType }) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        if (!api.gatewayResponses?.[input.responseType])
          throw notFound('Gateway response type not defined on api');
        const { [input.responseType]: _removed, ...rest } = api.gatewayResponses;
        api.gatewayResponses = rest;
        return {};
      }),
  };
}
