// CreateRestApi, GetRestApi, GetRestApis, UpdateRestApi, DeleteRestApi.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html
// Defaults as AWS answers them: apiKeySource HEADER, endpoint type EDGE with ipAddressType ipv4
// (PRIVATE: dualstack), disableExecuteApiEndpoint false, a root resource `/`.
import { defaultModels } from '../default-models.js';
import { badRequest } from '../errors.js';
import { restApiId, rootResourceId } from '../ids.js';
import {
  applyPatch,
  booleanRule,
  numberRule,
  stringRule,
  type PatchOperation,
  type PatchRule,
} from '../patch.js';
import type { RestApiRecord } from '../records.js';
import { deleteApi, getApi, listApis, ownEntriesOnly, putApi } from '../repo.js';
import { restApiView } from '../views.js';
import { type ControlPlaneDeps, type Handler, now, paginate, readApi, updateApi } from './common.js';

export interface CreateRestApiInput {
  name: string;
  description?: string;
  version?: string;
  binaryMediaTypes?: string[];
  minimumCompressionSize?: number;
  apiKeySource?: string;
  endpointConfiguration?: { types?: string[]; ipAddressType?: string };
  policy?: string;
  tags?: Record<string, string>;
  disableExecuteApiEndpoint?: boolean;
}

const MAX_COMPRESSION = 10_485_760;
const COMPRESSION_ERROR = `Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION}`;

export function checkCompression(size: number | undefined): void {
  if (size !== undefined && (!Number.isInteger(size) || size < 0 || size > MAX_COMPRESSION))
    throw badRequest(COMPRESSION_ERROR);
}

function endpointConfiguration(
  input: CreateRestApiInput['endpointConfiguration'],
): RestApiRecord['endpointConfiguration'] {
  const types = input?.types ?? ['EDGE'];
  if (input?.types && input.types.length === 0)
    throw badRequest('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
  if (types.length > 1) throw badRequest('Cannot create an api with multiple Endpoint Types.');
  const isPrivate = types[0] === 'PRIVATE';
  const ipAddressType = input?.ipAddressType ?? (isPrivate ? 'dualstack' : 'ipv4');
  if (isPrivate && ipAddressType !== 'dualstack')
    throw badRequest('Only dualstack ipAddressType is supported for Private APIs.');
  return { types, ipAddressType };
}

/** A new, empty REST API document with its root resource. */
export function newRestApi(accountId: string, input: CreateRestApiInput): RestApiRecord {
  if (input.description === '') throw badRequest('Description cannot be an empty string');
  checkCompression(input.minimumCompressionSize);
  const rootId = rootResourceId();
  return ownEntriesOnly({
    accountId,
    id: restApiId(),
    name: input.name,
    description: input.description,
    version: input.version,
    createdDate: now(),
    binaryMediaTypes: input.binaryMediaTypes ?? [],
    minimumCompressionSize: input.minimumCompressionSize,
    apiKeySource: input.apiKeySource ?? 'HEADER',
    endpointConfiguration: endpointConfiguration(input.endpointConfiguration),
    policy: input.policy,
    tags: input.tags ?? {},
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
    rootResourceId: rootId,
    resources: { [rootId]: { id: rootId, methods: {} } },
    authorizers: {},
    models: defaultModels(),
    requestValidators: {},
    deployments: {},
    stages: {},
  });
}

const REST_API_RULES: PatchRule<RestApiRecord>[] = [
  stringRule('/name', (a, v) => {
    if (!v) throw badRequest('Name cannot be empty');
    a.name = v;
  }),
  stringRule('/description', (a, v) => (a.description = v)),
  stringRule('/version', (a, v) => (a.version = v)),
  stringRule('/policy', (a, v) => (a.policy = v)),
  stringRule('/apiKeySource', (a, v) => {
    if (v !== 'HEADER' && v !== 'AUTHORIZER')
      throw badRequest(`Invalid API Key source specified. Valid options are HEADER,AUTHORIZER`);
    a.apiKeySource = v;
  }),
  numberRule(
    '/minimumCompressionSize',
    (a, v) => {
      checkCompression(v);
      a.minimumCompressionSize = v;
    },
    COMPRESSION_ERROR,
  ),
  booleanRule('/disableExecuteApiEndpoint', (a, v) => (a.disableExecuteApiEndpoint = v)),
  {
    path: '/binaryMediaTypes/',
    ops: ['add', 'replace', 'remove'],
    apply: (a, op, value, key) => {
      const types = a.binaryMediaTypes.filter((t) => t !== key);
      if (op === 'add') types.push(key);
      if (op === 'replace' && value) types.push(value.replace(/~1/g, '/'));
      a.binaryMediaTypes = types;
    },
  },
];

export function restApiHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  return {
    CreateRestApi: async (ctx, input: CreateRestApiInput) => {
      const api = newRestApi(ctx.accountId, input);
      await deps.store.write((tx) => putApi(tx, api));
      return restApiView(api);
    },
    GetRestApi: async (ctx, input: { restApiId: string }) =>
      restApiView(await readApi(deps, ctx, input.restApiId)),
    GetRestApis: async (ctx, input: { position?: string; limit?: number }) => {
      const apis = await deps.store.read((tx) => listApis(tx, ctx.accountId));
      apis.sort((a, b) => a.createdDate - b.createdDate || a.id.localeCompare(b.id));
      const page = paginate(apis.map(restApiView), input.position, input.limit);
      return page;
    },
    UpdateRestApi: async (ctx, input: { restApiId: string; patchOperations?: PatchOperation[] }) => {
      const api = await updateApi(deps, ctx, input.restApiId, (a) => {
        applyPatch(a, input.patchOperations, REST_API_RULES);
        return a;
      });
      return restApiView(api);
    },
    DeleteRestApi: async (ctx, input: { restApiId: string }) => {
      await deps.store.write(async (tx) => {
        await getApi(tx, ctx.accountId, input.restApiId);
        await deleteApi(tx, input.restApiId);
      });
      return {};
    },
  };
}
