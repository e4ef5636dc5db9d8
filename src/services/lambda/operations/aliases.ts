// CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases:
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html (and siblings).
// Description is always present ("" by default); RoutingConfig only when it has weights.
import type { ReadTx } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { deleteFunctionSettings } from '../settings/keys.js';
import { checkRoutingWeights } from '../alias-routing.js';
import { newRevisionId } from '../config-doc.js';
import type { ControlPlane } from '../deps.js';
import { aliasNotFound, conflict, functionNotFound, revisionMismatch } from '../errors.js';
import { functionArn, resolveRef, type ResolvedRef } from '../function-ref.js';
import { ALIASES_NS, childPrefix } from '../store/keys.js';
import type { AliasRecord } from '../store/records.js';
import { deleteAlias as removeAlias, getAlias as readAlias, getVersion, putAlias } from '../store/repo.js';
import { decodeMarker, encodeMarker, pageSize } from './list-functions.js';
import { requireFunction } from './common.js';

type Weights = Record<string, number>;

function render(cp: ControlPlane, ref: ResolvedRef, alias: AliasRecord): Record<string, unknown> {
  return { AliasArn: functionArn(cp.region, ref.accountId, ref.name, alias.Name), ...structuredClone(alias) };
}

/** The version must exist: "Function not found: <arn>:<version>" (AWS names the missing version). */
async function requireVersion(
  tx: ReadTx,
  cp: ControlPlane,
  ref: ResolvedRef,
  version: string,
): Promise<void> {
  if (!(await getVersion(tx, ref.accountId, ref.name, version))) {
    throw functionNotFound(functionArn(cp.region, ref.accountId, ref.name, version));
  }
}

async function checkRouting(
  tx: ReadTx,
  cp: ControlPlane,
  ref: ResolvedRef,
  weights: Weights,
  target: string,
): Promise<void> {
  for (const [version] of checkRoutingWeights(weights, target)) await requireVersion(tx, cp, ref, version);
}

function routingConfig(weights: Weights | undefined): Pick<AliasRecord, 'RoutingConfig'> {
  return weights && Object.keys(weights).length > 0
    ? { RoutingConfig: { AdditionalVersionWeights: { ...weights } } }
    : {};
}

interface CreateAliasInput {
  FunctionName: string;
  Name: string;
  FunctionVersion: string;
  Description?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Weights };
}

export function createAlias(cp: ControlPlane) {
  return async (ctx: RequestContext, input: CreateAliasInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, undefined, ctx);
    await cp.settler.settled(ref.accountId, ref.name);
    const alias = await cp.store.write(async (tx) => {
      await requireVersion(tx, cp, ref, input.FunctionVersion);
      const existing = await readAlias(tx, ref.accountId, ref.name, input.Name);
      if (existing)
        throw conflict(
          `Alias already exists: ${functionArn(cp.region, ref.accountId, ref.name, input.Name)}`,
        );
      const weights = input.RoutingConfig?.AdditionalVersionWeights ?? {};
      await checkRouting(tx, cp, ref, weights, input.FunctionVersion);
      const record: AliasRecord = {
        Name: input.Name,
        FunctionVersion: input.FunctionVersion,
        Description: input.Description ?? '',
        ...routingConfig(weights),
        RevisionId: newRevisionId(),
      };
      await putAlias(tx, ref.accountId, ref.name, record);
      return record;
    });
    return render(cp, ref, alias);
  };
}

interface AliasInput {
  FunctionName: string;
  Name: string;
}

export function getAlias(cp: ControlPlane) {
  return async (ctx: RequestContext, input: AliasInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, undefined, ctx);
    const alias = await cp.store.read(async (tx) => {
      await requireFunction(tx, cp, ref);
      const found = await readAlias(tx, ref.accountId, ref.name, input.Name);
      if (!found) throw aliasNotFound(functionArn(cp.region, ref.accountId, ref.name, input.Name));
      return found;
    });
    return render(cp, ref, alias);
  };
}

interface UpdateAliasInput extends AliasInput {
  FunctionVersion?: string;
  Description?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Weights };
  RevisionId?: string;
}

export function updateAlias(cp: ControlPlane) {
  return async (ctx: RequestContext, input: UpdateAliasInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, undefined, ctx);
    await cp.settler.settled(ref.accountId, ref.name);
    const alias = await cp.store.write(async (tx) => {
      await requireFunction(tx, cp, ref);
      const current = await readAlias(tx, ref.accountId, ref.name, input.Name);
      if (!current) throw aliasNotFound(functionArn(cp.region, ref.accountId, ref.name, input.Name));
      if (input.RevisionId !== undefined && input.RevisionId !== current.RevisionId) throw revisionMismatch();
      const target = input.FunctionVersion ?? current.FunctionVersion;
      if (input.FunctionVersion !== undefined) await requireVersion(tx, cp, ref, target);
      const weights =
        input.RoutingConfig !== undefined
          ? (input.RoutingConfig.AdditionalVersionWeights ?? {})
          : (current.RoutingConfig?.AdditionalVersionWeights ?? {});
      await checkRouting(tx, cp, ref, weights, target);
      // Every update gets a new RevisionId, even one that changes nothing (as AWS answers).
      const next: AliasRecord = {
        Name: current.Name,
        FunctionVersion: target,
        Description: input.Description ?? current.Description,
        ...routingConfig(weights),
        RevisionId: newRevisionId(),
      };
      await putAlias(tx, ref.accountId, ref.name, next);
      return { next, moved: next.FunctionVersion !== current.FunctionVersion };
    });
    // Provisioned concurrency configured on the alias moves to its new version.
    if (alias.moved) await cp.provisioner?.apply(ref.accountId, ref.name);
    return render(cp, ref, alias.next);
  };
}

export function deleteAlias(cp: ControlPlane) {
  return async (ctx: RequestContext, input: AliasInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, undefined, ctx);
    const removed = await cp.store.write(async (tx) => {
      await requireFunction(tx, cp, ref);
      // DeleteAlias models no ResourceNotFoundException: deleting a missing alias succeeds.
      if (!(await removeAlias(tx, ref.accountId, ref.name, input.Name))) return false;
      await deleteFunctionSettings(tx, ref.accountId, ref.name, input.Name);
      return true;
    });
    // Its provisioned concurrency config went with it.
    if (removed) await cp.provisioner?.apply(ref.accountId, ref.name);
    return {};
  };
}

interface ListAliasesInput {
  FunctionName: string;
  FunctionVersion?: string;
  Marker?: string;
  MaxItems?: number;
}

export function listAliases(cp: ControlPlane) {
  return async (ctx: RequestContext, input: ListAliasesInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, undefined, ctx);
    const prefix = childPrefix(ref.accountId, ref.name);
    const after = decodeMarker(input.Marker, prefix);
    const limit = pageSize(input.MaxItems, 10_000);
    const { page, more } = await cp.store.read(async (tx) => {
      await requireFunction(tx, cp, ref);
      const page: Array<{ key: string; value: AliasRecord }> = [];
      let cursor = after;
      // Filtering by FunctionVersion happens after the listing, so read on until the page is full.
      for (;;) {
        const batch = await tx.list<AliasRecord>(ALIASES_NS, {
          prefix,
          limit: 100,
          ...(cursor !== undefined ? { after: cursor } : {}),
        });
        for (const e of batch) {
          if (input.FunctionVersion !== undefined && e.value.FunctionVersion !== input.FunctionVersion)
            continue;
          if (page.length === limit) return { page, more: true };
          page.push(e);
        }
        if (batch.length < 100) return { page, more: false };
        cursor = batch.at(-1)!.key;
      }
    });
    const out: Record<string, unknown> = { Aliases: page.map((e) => render(cp, ref, e.value)) };
    if (more) out.NextMarker = encodeMarker(page.at(-1)!.key);
    return out;
  };
}
