// CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateApiKey.html
// A new key is disabled unless `enabled` is true; its value is generated unless given (at least 20
// characters) and only shown by CreateApiKey, GetApiKey?includeValue=true and GetApiKeys?includeValues=true.
import { apiKeyNotFound, badRequest, conflict } from '../errors.js';
import { apiKeyId, apiKeyValue } from '../ids.js';
import { applyPatch, booleanRule, stringRule, type PatchOperation, type PatchRule } from '../patch.js';
import type { ApiKeyRecord } from '../records.js';
import {
  deleteApiKey,
  findApiKeyByValue,
  getApiKey,
  listApiKeys,
  listUsagePlans,
  putApiKey,
  putUsagePlan,
} from '../repo.js';
import { apiKeyView } from '../views.js';
import { type ControlPlaneDeps, type Handler, now, paginate } from './common.js';

export interface CreateApiKeyInput {
  name?: string;
  description?: string;
  enabled?: boolean;
  value?: string;
  customerId?: string;
  stageKeys?: Array<{ restApiId?: string; stageName?: string }>;
  tags?: Record<string, string>;
}

const KEY_RULES: PatchRule<ApiKeyRecord>[] = [
  stringRule('/name', (k, v) => (k.name = v)),
  stringRule('/description', (k, v) => (k.description = v)),
  stringRule('/customerId', (k, v) => (k.customerId = v)),
  booleanRule('/enabled', (k, v) => (k.enabled = v)),
];

export function apiKeyHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  return {
    CreateApiKey: async (ctx, input: CreateApiKeyInput) => {
      if (input.value !== undefined && input.value.length < 20)
        throw badRequest('API Key value should be at least 20 characters');
      const time = now();
      const key: ApiKeyRecord = {
        accountId: ctx.accountId,
        id: apiKeyId(),
        value: input.value ?? apiKeyValue(),
        name: input.name,
        customerId: input.customerId,
        description: input.description,
        enabled: input.enabled ?? false,
        createdDate: time,
        lastUpdatedDate: time,
        stageKeys: (input.stageKeys ?? []).map((s) => `${s.restApiId}/${s.stageName}`),
        tags: input.tags,
      };
      await deps.store.write(async (tx) => {
        if (await findApiKeyByValue(tx, key.value)) throw conflict('API Key already exists');
        await putApiKey(tx, key);
      });
      return apiKeyView(key, true);
    },
    GetApiKey: async (ctx, input: { apiKey: string; includeValue?: boolean }) => {
      const key = await deps.store.read((tx) => getApiKey(tx, ctx.accountId, input.apiKey));
      if (!key) throw apiKeyNotFound();
      return apiKeyView(key, input.includeValue === true);
    },
    GetApiKeys: async (
      ctx,
      input: {
        position?: string;
        limit?: number;
        nameQuery?: string;
        customerId?: string;
        includeValues?: boolean;
      },
    ) => {
      const keys = (await deps.store.read((tx) => listApiKeys(tx, ctx.accountId)))
        .filter((k) => !input.nameQuery || (k.name ?? '').startsWith(input.nameQuery))
        .filter((k) => !input.customerId || k.customerId === input.customerId)
        .sort((a, b) => a.createdDate - b.createdDate);
      return paginate(
        keys.map((k) => apiKeyView(k, input.includeValues === true)),
        input.position,
        input.limit,
      );
    },
    UpdateApiKey: async (ctx, input: { apiKey: string; patchOperations?: PatchOperation[] }) =>
      deps.store.write(async (tx) => {
        const key = await getApiKey(tx, ctx.accountId, input.apiKey);
        if (!key) throw apiKeyNotFound();
        applyPatch(key, input.patchOperations, KEY_RULES);
        key.lastUpdatedDate = now();
        await putApiKey(tx, key);
        return apiKeyView(key, false);
      }),
    DeleteApiKey: async (ctx, input: { apiKey: string }) =>
      deps.store.write(async (tx) => {
        const key = await getApiKey(tx, ctx.accountId, input.apiKey);
        if (!key) throw apiKeyNotFound();
        await deleteApiKey(tx, key);
        for (const plan of await listUsagePlans(tx, ctx.accountId)) {
          if (!plan.keyIds.includes(key.id)) continue;
          plan.keyIds = plan.keyIds.filter((id) => id !== key.id);
          await putUsagePlan(tx, plan);
        }
        return {};
      }),
  };
}
