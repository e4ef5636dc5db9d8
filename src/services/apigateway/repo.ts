// Typed reads and writes of API Gateway's documents. REST APIs are keyed by their id alone (ids are
// unique across accounts, and the data plane only knows the id); keys and plans by account and id.
import type { ReadTx, WriteTx } from '../../storage/store.js';
import { defaultModels } from './default-models.js';
import { apiNotFound } from './errors.js';
import type { ApiKeyRecord, RestApiRecord, UsagePlanRecord } from './records.js';

const APIS_NS = 'apigateway.restapis';
const KEYS_NS = 'apigateway.apikeys';
const KEY_VALUES_NS = 'apigateway.apikeyvalues';
const PLANS_NS = 'apigateway.usageplans';

const accountKey = (accountId: string, id: string): string => `${accountId}\u0000${id}`;

/**
 * The document with its objects' prototypes removed. Its maps are keyed by names and ids that requests
 * send (GetModel `constructor`, UpdateRequestValidator `__proto__`): a lookup must find only the map's
 * own entries, never a member of Object.prototype — which a patch would otherwise modify for the whole
 * process.
 */
export function ownEntriesOnly<T>(value: T): T {
  if (Array.isArray(value)) {
    value.forEach((item, i) => (value[i] = ownEntriesOnly(item)));
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const bare = Object.create(null) as Record<string, unknown>;
  for (const [key, member] of Object.entries(value)) bare[key] = ownEntriesOnly(member);
  return bare as T;
}

export async function findApi(tx: ReadTx, apiId: string): Promise<RestApiRecord | undefined> {
  const stored = await tx.get<RestApiRecord>(APIS_NS, apiId);
  const api = stored && ownEntriesOnly(stored);
  if (api) {
    // APIs stored before Cumulo had models get what a new API has.
    api.models ??= ownEntriesOnly(defaultModels());
    api.requestValidators ??= ownEntriesOnly({});
  }
  return api;
}

/** The account's API, or AWS's NotFoundException naming `account:id`. */
export async function getApi(tx: ReadTx, accountId: string, apiId: string): Promise<RestApiRecord> {
  const api = await findApi(tx, apiId);
  if (!api || api.accountId !== accountId) throw apiNotFound(accountId, apiId);
  return api;
}

export const putApi = (tx: WriteTx, api: RestApiRecord): Promise<void> => tx.put(APIS_NS, api.id, api);
export const deleteApi = (tx: WriteTx, apiId: string): Promise<boolean> => tx.delete(APIS_NS, apiId);

export async function listApis(tx: ReadTx, accountId: string): Promise<RestApiRecord[]> {
  const entries = await tx.list<RestApiRecord>(APIS_NS);
  return entries.map((e) => e.value).filter((a) => a.accountId === accountId);
}

export const getApiKey = (tx: ReadTx, accountId: string, id: string): Promise<ApiKeyRecord | undefined> =>
  tx.get<ApiKeyRecord>(KEYS_NS, accountKey(accountId, id));

export async function putApiKey(tx: WriteTx, key: ApiKeyRecord, previousValue?: string): Promise<void> {
  if (previousValue !== undefined && previousValue !== key.value)
    await tx.delete(KEY_VALUES_NS, previousValue);
  await tx.put(KEYS_NS, accountKey(key.accountId, key.id), key);
  await tx.put(KEY_VALUES_NS, key.value, { accountId: key.accountId, id: key.id });
}

export async function deleteApiKey(tx: WriteTx, key: ApiKeyRecord): Promise<void> {
  await tx.delete(KEYS_NS, accountKey(key.accountId, key.id));
  await tx.delete(KEY_VALUES_NS, key.value);
}

export async function findApiKeyByValue(tx: ReadTx, value: string): Promise<ApiKeyRecord | undefined> {
  const ref = await tx.get<{ accountId: string; id: string }>(KEY_VALUES_NS, value);
  return ref && getApiKey(tx, ref.accountId, ref.id);
}

export async function listApiKeys(tx: ReadTx, accountId: string): Promise<ApiKeyRecord[]> {
  const entries = await tx.list<ApiKeyRecord>(KEYS_NS, { prefix: `${accountId}\u0000` });
  return entries.map((e) => e.value);
}

export const getUsagePlan = (
  tx: ReadTx,
  accountId: string,
  id: string,
): Promise<UsagePlanRecord | undefined> => tx.get<UsagePlanRecord>(PLANS_NS, accountKey(accountId, id));

export const putUsagePlan = (tx: WriteTx, plan: UsagePlanRecord): Promise<void> =>
  tx.put(PLANS_NS, accountKey(plan.accountId, plan.id), plan);

export const deleteUsagePlan = (tx: WriteTx, accountId: string, id: string): Promise<boolean> =>
  tx.delete(PLANS_NS, accountKey(accountId, id));

export async function listUsagePlans(tx: ReadTx, accountId: string): Promise<UsagePlanRecord[]> {
  const entries = await tx.list<UsagePlanRecord>(PLANS_NS, { prefix: `${accountId}\u0000` });
  return entries.map((e) => e.value);
}
