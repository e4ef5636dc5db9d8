// Account code storage: the account-wide total of stored function and layer code, kept as one counter
// per account and changed in the same transaction as the versions and layer versions it counts.
//
// "Storage for uploaded functions (.zip file archives) and layers. Each function version and layer
// version consumes storage." — 75 GB by default (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
// So every version of a function ($LATEST and each published one) counts its CodeSize, and every layer
// version its own; a function's reference to a layer does not count again.
//
// A change that would take the total past the limit fails with CodeStorageExceededException,
// 400 "Code storage limit exceeded." (Type User), as AWS answers CreateFunction, UpdateFunctionCode,
// PublishVersion and PublishLayerVersion (text as users recorded it from AWS, e.g.
// https://github.com/serverless-nextjs/serverless-next.js/issues/1801).
//
//   namespace           key           value
//   lambda.code-usage   `${accountId}` CodeUsage
//
// A data directory from before the counter existed gets it computed from the stored versions at first use.
import { ServiceError } from '../../server/service-error.js';
import type { ReadTx, WriteTx } from '../../storage/store.js';
import { layersCodeSize } from './layers/usage.js';
import { FUNCTIONS_NS, VERSIONS_NS } from './store/keys.js';
import type { VersionRecord } from './store/records.js';

export const CODE_USAGE_NS = 'lambda.code-usage';

/** AWS's default quota: 75 GB, as GetAccountSettings reports it (AccountLimit.TotalCodeSize). */
export const DEFAULT_CODE_STORAGE_LIMIT = 80_530_636_800;

export interface CodeUsage {
  /** Bytes of every function version's and layer version's zip (AccountUsage.TotalCodeSize). */
  totalCodeSize: number;
  /** Functions of the account (AccountUsage.FunctionCount). */
  functionCount: number;
}

export function codeStorageExceeded(): ServiceError {
  return new ServiceError('CodeStorageExceededException', 'Code storage limit exceeded.', 400, {
    Type: 'User',
  });
}

/** The account's usage: the counter, or (before it exists) what the stored versions and layers add up to. */
export async function readCodeUsage(tx: ReadTx, accountId: string): Promise<CodeUsage> {
  return (await tx.get<CodeUsage>(CODE_USAGE_NS, accountId)) ?? countCodeUsage(tx, accountId);
}

async function countCodeUsage(tx: ReadTx, accountId: string): Promise<CodeUsage> {
  const prefix = `${accountId}/`;
  const versions = await tx.list<VersionRecord>(VERSIONS_NS, { prefix });
  const functions = versions.reduce((sum, { value }) => sum + value.config.CodeSize, 0);
  return {
    totalCodeSize: functions + (await layersCodeSize(tx, accountId)),
    functionCount: await tx.count(FUNCTIONS_NS, prefix),
  };
}

export interface UsageChange {
  /** Bytes added (positive) or freed (negative). */
  code?: number;
  /** Functions created (+1) or deleted (-1). */
  functions?: number;
}

/**
 * Applies a change to the account's counter inside the caller's write transaction. A change that adds
 * code past `limit` throws CodeStorageExceededException (and the caller's transaction rolls back);
 * freeing code never fails, even when the account is over a limit lowered since.
 */
export async function changeCodeUsage(
  tx: WriteTx,
  accountId: string,
  change: UsageChange,
  limit: number,
): Promise<void> {
  const code = change.code ?? 0;
  const functions = change.functions ?? 0;
  if (code === 0 && functions === 0) return;
  const current = await readCodeUsage(tx, accountId);
  const next: CodeUsage = {
    totalCodeSize: Math.max(0, current.totalCodeSize + code),
    functionCount: Math.max(0, current.functionCount + functions),
  };
  if (code > 0 && next.totalCodeSize > limit) throw codeStorageExceeded();
  await tx.put(CODE_USAGE_NS, accountId, next);
}
