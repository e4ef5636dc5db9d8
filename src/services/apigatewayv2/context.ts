// Shared by the operations: the deps, a change listener (the data plane drops its cached view of an
// API), and the lookups every operation starts with.
import type { ReadTx } from '../../storage/store.js';
import type { RequestContext } from '../service.js';
import type { ApiGatewayV2Deps } from './deps.js';
import { apiNotFound, childNotFound } from './errors.js';
import type { ApiRecord, ChildKind } from './records.js';
import { getApi, getChild } from './repo.js';

export interface ControlPlane {
  deps: ApiGatewayV2Deps;
  /** Called after a write that changes what an API serves. */
  changed(apiId: string): void;
}

export async function requireApi(tx: ReadTx, ctx: RequestContext, apiId: string): Promise<ApiRecord> {
  const api = await getApi(tx, apiId);
  if (!api || api.accountId !== ctx.accountId) throw apiNotFound(ctx.accountId, apiId);
  return api;
}

const THING: Record<ChildKind, string> = {
  route: 'Route',
  integration: 'Integration',
  stage: 'stage',
  deployment: 'Deployment',
  authorizer: 'Authorizer',
};

export async function requireChild<T>(tx: ReadTx, apiId: string, kind: ChildKind, id: string): Promise<T> {
  const found = await getChild<T>(tx, apiId, kind, id);
  if (!found) throw childNotFound(THING[kind], id);
  return found;
}

/** GetX-list pagination: NextToken is the index of the next item (opaque to clients). */
export function page<T>(
  items: T[],
  maxResults?: string,
  nextToken?: string,
): { Items: T[]; NextToken?: string } {
  const start = nextToken ? Number.parseInt(Buffer.from(nextToken, 'base64url').toString(), 10) || 0 : 0;
  const size = maxResults ? Math.max(1, Number.parseInt(maxResults, 10) || 100) : items.length;
  const slice = items.slice(start, start + size);
  const next =
    start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return next ? { Items: slice, NextToken: next } : { Items: slice };
}

/** Copies the defined members of `from` onto `to` (Update* operations change only what they name). */
export function assignDefined<T extends object>(to: T, from: Partial<T>): T {
  for (const [k, v] of Object.entries(from)) if (v !== undefined) (to as Record<string, unknown>)[k] = v;
  return to;
}
