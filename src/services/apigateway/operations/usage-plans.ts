// CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan, DeleteUsagePlan and the plan's keys
// (CreateUsagePlanKey, GetUsagePlanKey(s), DeleteUsagePlanKey).
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlan.html
// A plan names API stages, a throttle (rate/burst) and a quota (limit per DAY/WEEK/MONTH); the data
// plane enforces them for the API keys in the plan.
import { apiKeyNotFound, badRequest, conflict, notFound, usagePlanNotFound } from '../errors.js';
import { usagePlanId } from '../ids.js';
import { applyPatch, numberRule, stringRule, type PatchOperation, type PatchRule } from '../patch.js';
import type { ApiKeyRecord, UsagePlanRecord } from '../records.js';
import { findApi, getApiKey, getUsagePlan, listUsagePlans, putUsagePlan, deleteUsagePlan } from '../repo.js';
import { usagePlanView } from '../views.js';
import type { ReadTx } from '../../../storage/store.js';
import { type ControlPlaneDeps, type Handler, paginate } from './common.js';

type CreateUsagePlanInput = Omit<UsagePlanRecord, 'accountId' | 'id' | 'keyIds' | 'apiStages'> & {
  apiStages?: UsagePlanRecord['apiStages'];
};

async function checkApiStage(tx: ReadTx, accountId: string, apiId: string, stage: string): Promise<void> {
  const api = await findApi(tx, apiId);
  // AWS's answer as users recorded it (aws/aws-cdk#6169, aws/aws-sdk#354), placeholders and all: its
  // message template is sent unformatted.
  if (!api || api.accountId !== accountId || !api.stages[stage]) {
    throw badRequest('Invalid API Stage {api: %s, stage: %s} specified for usageplan %s');
  }
}

const PLAN_RULES: PatchRule<UsagePlanRecord>[] = [
  stringRule('/name', (p, v) => (p.name = v ?? p.name)),
  stringRule('/description', (p, v) => (p.description = v)),
  numberRule('/throttle/rateLimit', (p, v) => (p.throttle = { ...p.throttle, rateLimit: v })),
  numberRule('/throttle/burstLimit', (p, v) => (p.throttle = { ...p.throttle, burstLimit: v })),
  numberRule('/quota/limit', (p, v) => (p.quota = { ...p.quota, limit: v })),
  numberRule('/quota/offset', (p, v) => (p.quota = { ...p.quota, offset: v })),
  stringRule('/quota/period', (p, v) => (p.quota = { ...p.quota, period: v })),
  {
    path: '/apiStages',
    ops: ['add', 'remove'],
    apply: (p, op, value) => {
      const [apiId = '', stage = ''] = (value ?? '').split(':');
      p.apiStages = p.apiStages.filter((s) => s.apiId !== apiId || s.stage !== stage);
      if (op === 'add') p.apiStages.push({ apiId, stage });
    },
  },
];

const planKeyView = (key: ApiKeyRecord): Record<string, unknown> => ({
  id: key.id,
  type: 'API_KEY',
  value: key.value,
  name: key.name,
});

export function usagePlanHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  const find = async (tx: ReadTx, accountId: string, id: string): Promise<UsagePlanRecord> => {
    const plan = await getUsagePlan(tx, accountId, id);
    if (!plan) throw usagePlanNotFound();
    return plan;
  };
  return {
    CreateUsagePlan: async (ctx, input: CreateUsagePlanInput) =>
      deps.store.write(async (tx) => {
        for (const s of input.apiStages ?? []) await checkApiStage(tx, ctx.accountId, s.apiId, s.stage);
        const plan: UsagePlanRecord = {
          accountId: ctx.accountId,
          id: usagePlanId(),
          name: input.name,
          description: input.description,
          apiStages: input.apiStages ?? [],
          throttle: input.throttle,
          quota: input.quota,
          tags: input.tags,
          keyIds: [],
        };
        await putUsagePlan(tx, plan);
        return usagePlanView(plan);
      }),
    GetUsagePlan: async (ctx, input: { usagePlanId: string }) =>
      usagePlanView(await deps.store.read((tx) => find(tx, ctx.accountId, input.usagePlanId))),
    GetUsagePlans: async (ctx, input: { keyId?: string; position?: string; limit?: number }) => {
      const plans = (await deps.store.read((tx) => listUsagePlans(tx, ctx.accountId))).filter(
        (p) => !input.keyId || p.keyIds.includes(input.keyId),
      );
      return paginate(plans.map(usagePlanView), input.position, input.limit);
    },
    UpdateUsagePlan: async (ctx, input: { usagePlanId: string; patchOperations?: PatchOperation[] }) =>
      deps.store.write(async (tx) => {
        const plan = await find(tx, ctx.accountId, input.usagePlanId);
        applyPatch(plan, input.patchOperations, PLAN_RULES);
        for (const s of plan.apiStages) await checkApiStage(tx, ctx.accountId, s.apiId, s.stage);
        await putUsagePlan(tx, plan);
        return usagePlanView(plan);
      }),
    DeleteUsagePlan: async (ctx, input: { usagePlanId: string }) =>
      deps.store.write(async (tx) => {
        await find(tx, ctx.accountId, input.usagePlanId);
        await deleteUsagePlan(tx, ctx.accountId, input.usagePlanId);
        return {};
      }),
    CreateUsagePlanKey: async (ctx, input: { usagePlanId: string; keyId: string; keyType: string }) =>
      deps.store.write(async (tx) => {
        const plan = await find(tx, ctx.accountId, input.usagePlanId);
        const key = await getApiKey(tx, ctx.accountId, input.keyId);
        if (!key) throw apiKeyNotFound();
        // Unconfirmed text: AWS's message when the key is already in the plan.
        if (plan.keyIds.includes(key.id))
          throw conflict(`Usage Plan ${plan.id} cannot have duplicate API keys`);
        plan.keyIds.push(key.id);
        await putUsagePlan(tx, plan);
        return planKeyView(key);
      }),
    GetUsagePlanKey: async (ctx, input: { usagePlanId: string; keyId: string }) =>
      deps.store.read(async (tx) => {
        const plan = await find(tx, ctx.accountId, input.usagePlanId);
        const key = plan.keyIds.includes(input.keyId)
          ? await getApiKey(tx, ctx.accountId, input.keyId)
          : undefined;
        // Unconfirmed text: AWS's message for a key that is not in the plan.
        if (!key) throw notFound('Invalid Usage Plan Key identifier specified');
        return planKeyView(key);
      }),
    GetUsagePlanKeys: async (ctx, input: { usagePlanId: string; position?: string; limit?: number }) =>
      deps.store.read(async (tx) => {
        const plan = await find(tx, ctx.accountId, input.usagePlanId);
        const keys: ApiKeyRecord[] = [];
        for (const id of plan.keyIds) {
          const key = await getApiKey(tx, ctx.accountId, id);
          if (key) keys.push(key);
        }
        return paginate(keys.map(planKeyView), input.position, input.limit);
      }),
    DeleteUsagePlanKey: async (ctx, input: { usagePlanId: string; keyId: string }) =>
      deps.store.write(async (tx) => {
        const plan = await find(tx, ctx.accountId, input.usagePlanId);
        if (!plan.keyIds.includes(input.keyId)) throw notFound('Invalid Usage Plan Key identifier specified');
        plan.keyIds = plan.keyIds.filter((id) => id !== input.keyId);
        await putUsagePlan(tx, plan);
        return {};
      }),
  };
}
