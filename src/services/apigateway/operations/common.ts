// What every API Gateway operation shares: its dependencies, read-modify-write of one REST API
// document in a transaction, lookups that throw AWS's NotFound texts, and list pagination.
import type { Store } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { methodNotFound, resourceNotFound } from '../errors.js';
import type { MethodRecord, ResourceRecord, RestApiRecord } from '../records.js';
import { getApi, putApi } from '../repo.js';

export interface ControlPlaneDeps {
  store: Store;
  region: string;
}

export type Handler<I> = (ctx: RequestContext, input: I) => Promise<Record<string, unknown>>;

export const readApi = (deps: ControlPlaneDeps, ctx: RequestContext, apiId: string): Promise<RestApiRecord> =>
  deps.store.read((tx) => getApi(tx, ctx.accountId, apiId));

/** Runs fn on the API's document and stores it, all in one transaction. */
export function updateApi<T>(
  deps: ControlPlaneDeps,
  ctx: RequestContext,
  apiId: string,
  fn: (api: RestApiRecord) => T | Promise<T>,
): Promise<T> {
  return deps.store.write(async (tx) => {
    const api = await getApi(tx, ctx.accountId, apiId);
    const result = await fn(api);
    await putApi(tx, api);
    return result;
  });
}

export function findResource(api: RestApiRecord, resourceId: string): ResourceRecord {
  const resource = api.resources[resourceId];
  if (!resource) throw resourceNotFound();
  return resource;
}

export function findMethod(resource: ResourceRecord, httpMethod: string): MethodRecord {
  const method = resource.methods[httpMethod.toUpperCase()];
  if (!method) throw methodNotFound();
  return method;
}

/**
 * `position`/`limit` paging as API Gateway's Get* lists do (limit: "The default value is 25. The
 * maximum value is 500."). The position token is opaque to clients; here it is the next offset.
 */
export function paginate<T>(
  items: T[],
  position: string | undefined,
  limit: number | undefined,
): { items: T[]; position?: string } {
  const start = Math.max(0, Number(position ?? 0) || 0);
  const size = Math.min(Math.max(limit ?? 25, 1), 500);
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? String(start + size) : undefined;
  return next ? { items: page, position: next } : { items: page };
}

export const now = (): number => Date.now();
