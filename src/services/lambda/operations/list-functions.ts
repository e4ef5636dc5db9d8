// ListFunctions and ListVersionsByFunction. Both return at most 50 items a page whatever MaxItems
// says (https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html#API_ListFunctions_RequestSyntax,
// https://docs.aws.amazon.com/lambda/latest/api/API_ListVersionsByFunction.html). NextMarker is an
// opaque token: the last key of the page.
import type { RequestContext } from '../../service.js';
import { renderConfig } from '../config-doc.js';
import type { ControlPlane } from '../deps.js';
import { resolveRef } from '../function-ref.js';
import { FUNCTIONS_NS, VERSIONS_NS, childPrefix } from '../store/keys.js';
import type { FunctionRecord, VersionRecord } from '../store/records.js';
import { getLatest } from '../store/repo.js';
import { requireFunction } from './common.js';

export const MAX_PAGE = 50;

export function encodeMarker(key: string): string {
  return Buffer.from(key).toString('base64url');
}

/** The key a marker stands for, if it is one of ours under the expected prefix. */
export function decodeMarker(marker: string | undefined, prefix: string): string | undefined {
  if (!marker) return undefined;
  const key = Buffer.from(marker, 'base64url').toString();
  return key.startsWith(prefix) ? key : undefined;
}

export function pageSize(maxItems: number | undefined, cap: number): number {
  return Math.min(maxItems ?? cap, cap);
}

interface ListFunctionsInput {
  MasterRegion?: string;
  FunctionVersion?: string;
  Marker?: string;
  MaxItems?: number;
}

export function listFunctions(cp: ControlPlane) {
  return async (ctx: RequestContext, input: ListFunctionsInput): Promise<Record<string, unknown>> => {
    const prefix = `${ctx.accountId}/`;
    const after = decodeMarker(input.Marker, prefix);
    const limit = pageSize(input.MaxItems, MAX_PAGE);
    const all = input.FunctionVersion === 'ALL';
    const { items, more, lastKey } = await cp.store.read(async (tx) => {
      const listOptions = { prefix, limit: limit + 1, ...(after !== undefined ? { after } : {}) };
      if (all) {
        const entries = await tx.list<VersionRecord>(VERSIONS_NS, listOptions);
        const page = entries.slice(0, limit);
        return {
          items: page.map((e) =>
            renderConfig(e.value, {
              arn: 'qualified',
              region: cp.region,
              accountId: ctx.accountId,
              forList: true,
            }),
          ),
          more: entries.length > limit,
          lastKey: page.at(-1)?.key,
        };
      }
      const entries = await tx.list<FunctionRecord>(FUNCTIONS_NS, listOptions);
      const page = entries.slice(0, limit);
      const items: Array<Record<string, unknown>> = [];
      for (const e of page) {
        const latest = await getLatest(tx, ctx.accountId, e.value.name);
        if (latest) {
          items.push(
            renderConfig(latest, {
              arn: 'unqualified',
              region: cp.region,
              accountId: ctx.accountId,
              forList: true,
            }),
          );
        }
      }
      return { items, more: entries.length > limit, lastKey: page.at(-1)?.key };
    });
    const out: Record<string, unknown> = { Functions: items };
    if (more && lastKey !== undefined) out.NextMarker = encodeMarker(lastKey);
    return out;
  };
}

interface ListVersionsInput {
  FunctionName: string;
  Marker?: string;
  MaxItems?: number;
}

export function listVersionsByFunction(cp: ControlPlane) {
  return async (ctx: RequestContext, input: ListVersionsInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, undefined, ctx);
    await cp.settler.settled(ref.accountId, ref.name);
    const prefix = childPrefix(ref.accountId, ref.name);
    const after = decodeMarker(input.Marker, prefix);
    const limit = pageSize(input.MaxItems, MAX_PAGE);
    const { entries } = await cp.store.read(async (tx) => {
      await requireFunction(tx, cp, ref);
      return {
        entries: await tx.list<VersionRecord>(VERSIONS_NS, {
          prefix,
          limit: limit + 1,
          ...(after !== undefined ? { after } : {}),
        }),
      };
    });
    const page = entries.slice(0, limit);
    const out: Record<string, unknown> = {
      Versions: page.map((e) =>
        renderConfig(e.value, {
          arn: 'qualified',
          region: cp.region,
          accountId: ref.accountId,
          forList: true,
        }),
      ),
    };
    if (entries.length > limit) out.NextMarker = encodeMarker(page.at(-1)!.key);
    return out;
  };
}
