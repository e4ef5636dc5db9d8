// API keys, usage plans and stage throttling on the request path.
// apiKeyRequired: the key (x-api-key header, or the authorizer's usageIdentifierKey when the API's
// apiKeySource is AUTHORIZER) must exist, be enabled and belong to a usage plan that includes this
// API stage — else 403 Forbidden. The plan's throttle answers 429 "Too Many Requests" and its quota
// 429 "Limit Exceeded". https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
import type { HttpResponse } from '../../http-events/index.js';
import type { StageRecord } from '../records.js';
import { findApiKeyByValue, listUsagePlans } from '../repo.js';
import type { DataPlaneDeps } from './deps.js';
import { invalidApiKey, limitExceeded, tooManyRequests } from './responses.js';
import type { QuotaCounter } from './quota-counter.js';
import type { Limits } from './throttle.js';

export interface KeyCheck {
  apiId: string;
  stage: string;
  accountId: string;
  value: string | undefined;
}

export async function checkApiKey(
  deps: DataPlaneDeps,
  limits: Limits,
  quotas: QuotaCounter,
  check: KeyCheck,
): Promise<{ ok: true; keyId: string; value: string } | { ok: false; response: HttpResponse }> {
  const deny = { ok: false as const, response: invalidApiKey() };
  if (!check.value) return deny;
  const { key, plans } = await deps.store.read(async (tx) => {
    const key = await findApiKeyByValue(tx, check.value!);
    const plans = key ? await listUsagePlans(tx, key.accountId) : [];
    return { key, plans };
  });
  if (!key || !key.enabled || key.accountId !== check.accountId) return deny;
  const plan = plans.find(
    (p) =>
      p.keyIds.includes(key.id) &&
      p.apiStages.some((s) => s.apiId === check.apiId && s.stage === check.stage),
  );
  if (!plan) return deny;
  const id = `${plan.id}/${key.id}`;
  const { rateLimit, burstLimit } = plan.throttle ?? {};
  if (rateLimit !== undefined || burstLimit !== undefined) {
    if (!limits.take(`plan/${id}`, rateLimit ?? 0, burstLimit ?? 0))
      return { ok: false, response: tooManyRequests() };
  }
  const quota = plan.quota;
  if (quota?.limit !== undefined && quota.period) {
    const within = await quotas.count(id, {
      limit: quota.limit,
      period: quota.period,
      offset: quota.offset ?? 0,
    });
    if (!within) return { ok: false, response: limitExceeded() };
  }
  return { ok: true, keyId: key.id, value: key.value };
}

/**
 * Stage throttling from the stage's method settings: `{resourcePath}/{METHOD}` (slashes as `~1`)
 * overrides `*\/*`. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
export function stageThrottled(
  limits: Limits,
  apiId: string,
  stage: StageRecord,
  resourcePath: string,
  httpMethod: string,
): boolean {
  const specificKey = `${resourcePath.replace(/\//g, '~1')}/${httpMethod}`;
  const settings = stage.methodSettings[specificKey] ?? stage.methodSettings['*/*'];
  const key = stage.methodSettings[specificKey] ? specificKey : '*/*';
  if (
    !settings ||
    (settings.throttlingRateLimit === undefined && settings.throttlingBurstLimit === undefined)
  )
    return false;
  return !limits.take(
    `stage/${apiId}/${stage.stageName}/${key}`,
    settings.throttlingRateLimit ?? 10_000,
    settings.throttlingBurstLimit ?? 5_000,
  );
}
