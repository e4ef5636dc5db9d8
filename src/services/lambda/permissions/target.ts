// The thing a permission is attached to: one qualifier of a function ('$LATEST', a version or an
// alias), with the RevisionId that guards it. A policy change is a change of that version or alias:
// AWS gives it a new RevisionId, and GetPolicy answers that RevisionId (LocalStack snapshots
// test_lambda_permission_fn_versioning / test_lambda_permission_revisions: the RevisionId of
// GetPolicy equals GetFunction's and changes with every AddPermission).
import type { WriteTx, ReadTx } from '../../../storage/store.js';
import { newRevisionId } from '../config-doc.js';
import { functionArn, isVersionNumber } from '../function-ref.js';
import { needsSettling, settledConfig } from '../state-settler.js';
import { LATEST } from '../store/keys.js';
import type { AliasRecord, FunctionRecord, VersionRecord } from '../store/records.js';
import { getAlias, getFunction, getVersion, putAlias, putVersion } from '../store/repo.js';

export interface PolicyTarget {
  accountId: string;
  name: string;
  /** '$LATEST', a version number or an alias name. */
  qualifier: string;
  fn: FunctionRecord;
  version?: VersionRecord;
  alias?: AliasRecord;
  /** The ARN the policy's statements name: unqualified for $LATEST, qualified otherwise. */
  resourceArn: string;
}

/** Finds the function and the qualifier; undefined pieces tell the caller what is missing. */
export async function findTarget(
  tx: ReadTx,
  region: string,
  accountId: string,
  name: string,
  qualifier: string | undefined,
): Promise<{ fn?: FunctionRecord; target?: PolicyTarget }> {
  const fn = await getFunction(tx, accountId, name);
  if (!fn) return {};
  const q = qualifier ?? LATEST;
  const resourceArn = functionArn(region, accountId, name, q === LATEST ? undefined : q);
  const base = { accountId, name, qualifier: q, fn, resourceArn };
  if (q === LATEST || isVersionNumber(q)) {
    const version = await getVersion(tx, accountId, name, q);
    return version ? { fn, target: { ...base, version } } : { fn };
  }
  const alias = await getAlias(tx, accountId, name, q);
  return alias ? { fn, target: { ...base, alias } } : { fn };
}

export function revisionOf(target: PolicyTarget): string {
  return target.alias ? target.alias.RevisionId : target.version!.config.RevisionId;
}

/** Gives the version or alias a new RevisionId, in the policy change's transaction. */
export async function bumpRevision(tx: WriteTx, target: PolicyTarget): Promise<void> {
  if (target.alias) {
    await putAlias(tx, target.accountId, target.name, { ...target.alias, RevisionId: newRevisionId() });
    return;
  }
  const version = target.version!;
  // A pending state transition keys on the RevisionId it was scheduled with: complete it here, or the
  // new RevisionId would leave the function Pending (state-settler.ts).
  const config = needsSettling(version.config) ? settledConfig(version.config) : version.config;
  await putVersion(tx, target.accountId, { ...version, config: { ...config, RevisionId: newRevisionId() } });
}
