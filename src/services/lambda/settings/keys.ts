// Where a function's settings live in the Store, and the read helpers the rest of Lambda uses.
//
//   namespace                     key                                          value
//   lambda.tags                   `${accountId}/${functionName}`               Record<string, string>
//   lambda.concurrency            `${accountId}/${functionName}`               StoredConcurrency
//   lambda.event-invoke-configs   `${accountId}/${functionName}/${qualifier}`  StoredEventInvokeConfig
//   lambda.provisioned-concurrency `${accountId}/${functionName}/${qualifier}` StoredProvisionedConfig
//
// Function names ([a-zA-Z0-9-_]), qualifiers ([a-zA-Z0-9$_-]) and account ids (12 digits) never contain
// '/', so it separates the parts; NUL would not survive PostgreSQL's TEXT. Keys are per account; Cumulo
// serves one region, so the region is not part of them. Tags and reserved concurrency belong to the
// function (all versions); event invoke configs to one qualifier ('$LATEST', a version or an alias),
// provisioned concurrency configs to one published version or alias.
//
// The functions control plane calls `putFunctionTags` (CreateFunction's Tags), reads `getFunctionTags`
// and `getReservedConcurrency` (GetFunction), and calls `deleteFunctionSettings` in DeleteFunction so a
// function created again under the same name starts clean, as on AWS. The invoke path reads
// `getReservedConcurrency` and `getEventInvokeConfig`.
import type { ReadTx, WriteTx } from '../../../storage/store.js';
import type { EventInvokeConfig } from '../invoke-target.js';
import { detachConfig } from '../code-signing/keys.js';
import { deleteFunctionUrlConfigs } from '../urls/keys.js';

export const TAGS_NS = 'lambda.tags';
export const CONCURRENCY_NS = 'lambda.concurrency';
export const EVENT_INVOKE_CONFIGS_NS = 'lambda.event-invoke-configs';
export const PROVISIONED_NS = 'lambda.provisioned-concurrency';
export const RECURSION_NS = 'lambda.recursion';
export const RUNTIME_MANAGEMENT_NS = 'lambda.runtime-management';

export interface StoredConcurrency {
  ReservedConcurrentExecutions: number;
}

export interface StoredEventInvokeConfig {
  FunctionName: string;
  Qualifier: string;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig: {
    OnSuccess: { Destination?: string };
    OnFailure: { Destination?: string };
  };
  /** Epoch milliseconds of the last Put/Update. */
  LastModified: number;
}

export interface StoredProvisionedConfig {
  FunctionName: string;
  /** A version number or an alias name (never $LATEST). */
  Qualifier: string;
  RequestedProvisionedConcurrentExecutions: number;
  /** Epoch milliseconds of the last Put. */
  LastModified: number;
}

export const functionKey = (accountId: string, functionName: string): string =>
  `${accountId}/${functionName}`;

/** Key of a setting of one qualifier (event invoke configs, provisioned concurrency configs). */
export const qualifierKey = (accountId: string, functionName: string, qualifier: string): string =>
  `${accountId}/${functionName}/${qualifier}`;
export const eventInvokeConfigKey = qualifierKey;

/** Reserved concurrency of the function (PutFunctionConcurrency), undefined when none is set. */
export async function getReservedConcurrency(
  tx: ReadTx,
  accountId: string,
  functionName: string,
): Promise<number | undefined> {
  const stored = await tx.get<StoredConcurrency>(CONCURRENCY_NS, functionKey(accountId, functionName));
  return stored?.ReservedConcurrentExecutions;
}

/**
 * The async invocation settings of one qualifier (PutFunctionEventInvokeConfig), undefined when none
 * are set. An unqualified invoke runs $LATEST, so pass '$LATEST' for it; through an alias, the alias name.
 */
export async function getEventInvokeConfig(
  tx: ReadTx,
  accountId: string,
  functionName: string,
  qualifier = '$LATEST',
): Promise<EventInvokeConfig | undefined> {
  const stored = await tx.get<StoredEventInvokeConfig>(
    EVENT_INVOKE_CONFIGS_NS,
    eventInvokeConfigKey(accountId, functionName, qualifier),
  );
  if (!stored) return undefined;
  const config: EventInvokeConfig = { DestinationConfig: {} };
  if (stored.MaximumRetryAttempts !== undefined) config.MaximumRetryAttempts = stored.MaximumRetryAttempts;
  if (stored.MaximumEventAgeInSeconds !== undefined)
    config.MaximumEventAgeInSeconds = stored.MaximumEventAgeInSeconds;
  const { OnSuccess, OnFailure } = stored.DestinationConfig;
  if (OnSuccess.Destination) config.DestinationConfig!.OnSuccess = { Destination: OnSuccess.Destination };
  if (OnFailure.Destination) config.DestinationConfig!.OnFailure = { Destination: OnFailure.Destination };
  return config;
}

/** The function's provisioned concurrency configs, in qualifier order. */
export async function listProvisionedConfigs(
  tx: ReadTx,
  accountId: string,
  functionName: string,
): Promise<StoredProvisionedConfig[]> {
  const prefix = functionKey(accountId, functionName) + '/';
  return (await tx.list<StoredProvisionedConfig>(PROVISIONED_NS, { prefix })).map((e) => e.value);
}

/** The function's tags ({} when it has none). */
export async function getFunctionTags(
  tx: ReadTx,
  accountId: string,
  functionName: string,
): Promise<Record<string, string>> {
  return (await tx.get<Record<string, string>>(TAGS_NS, functionKey(accountId, functionName))) ?? {};
}

/** Replaces the function's tags (CreateFunction's Tags). Check them first with `validateTags` (tags.ts). */
export async function putFunctionTags(
  tx: WriteTx,
  accountId: string,
  functionName: string,
  tags: Record<string, string>,
): Promise<void> {
  const key = functionKey(accountId, functionName);
  if (Object.keys(tags).length === 0) await tx.delete(TAGS_NS, key);
  else await tx.put(TAGS_NS, key, tags);
}

/**
 * Removes a function's settings when it is deleted: everything when `qualifier` is undefined, only that
 * qualifier's event invoke config when a version or alias is deleted.
 */
export async function deleteFunctionSettings(
  tx: WriteTx,
  accountId: string,
  functionName: string,
  qualifier?: string,
): Promise<void> {
  // Function URLs go with their function or alias (DeleteAlias passes the alias name).
  await deleteFunctionUrlConfigs(tx, accountId, functionName, qualifier);
  if (qualifier !== undefined) {
    await tx.delete(EVENT_INVOKE_CONFIGS_NS, eventInvokeConfigKey(accountId, functionName, qualifier));
    await tx.delete(PROVISIONED_NS, qualifierKey(accountId, functionName, qualifier));
    await tx.delete(RUNTIME_MANAGEMENT_NS, qualifierKey(accountId, functionName, qualifier));
    return;
  }
  const key = functionKey(accountId, functionName);
  // The code signing configuration stays; the function leaves its list of users.
  await detachConfig(tx, accountId, functionName);
  await tx.delete(TAGS_NS, key);
  await tx.delete(CONCURRENCY_NS, key);
  await tx.deletePrefix(EVENT_INVOKE_CONFIGS_NS, key + '/');
  await tx.deletePrefix(PROVISIONED_NS, key + '/');
  await tx.delete(RECURSION_NS, key);
  await tx.deletePrefix(RUNTIME_MANAGEMENT_NS, key + '/');
}
