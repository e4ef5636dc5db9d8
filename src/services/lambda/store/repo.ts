// Typed reads and writes of functions, versions and aliases (layout in keys.ts).
import type { ReadTx, WriteTx } from '../../../storage/store.js';
import {
  ALIASES_NS,
  FUNCTIONS_NS,
  LATEST,
  VERSIONS_NS,
  aliasKey,
  childPrefix,
  functionKey,
  versionKey,
} from './keys.js';
import type { AliasRecord, FunctionRecord, VersionRecord } from './records.js';

export const getFunction = (
  tx: ReadTx,
  accountId: string,
  name: string,
): Promise<FunctionRecord | undefined> => tx.get<FunctionRecord>(FUNCTIONS_NS, functionKey(accountId, name));

export const putFunction = (tx: WriteTx, accountId: string, fn: FunctionRecord): Promise<void> =>
  tx.put(FUNCTIONS_NS, functionKey(accountId, fn.name), fn);

export const getVersion = (
  tx: ReadTx,
  accountId: string,
  name: string,
  version: string,
): Promise<VersionRecord | undefined> =>
  tx.get<VersionRecord>(VERSIONS_NS, versionKey(accountId, name, version));

export const getLatest = (tx: ReadTx, accountId: string, name: string): Promise<VersionRecord | undefined> =>
  getVersion(tx, accountId, name, LATEST);

export const putVersion = (tx: WriteTx, accountId: string, record: VersionRecord): Promise<void> =>
  tx.put(VERSIONS_NS, versionKey(accountId, record.config.FunctionName, record.config.Version), record);

export const deleteVersion = (
  tx: WriteTx,
  accountId: string,
  name: string,
  version: string,
): Promise<boolean> => tx.delete(VERSIONS_NS, versionKey(accountId, name, version));

export async function listVersions(tx: ReadTx, accountId: string, name: string): Promise<VersionRecord[]> {
  const entries = await tx.list<VersionRecord>(VERSIONS_NS, { prefix: childPrefix(accountId, name) });
  return entries.map((e) => e.value);
}

export const getAlias = (
  tx: ReadTx,
  accountId: string,
  name: string,
  alias: string,
): Promise<AliasRecord | undefined> => tx.get<AliasRecord>(ALIASES_NS, aliasKey(accountId, name, alias));

export const putAlias = (tx: WriteTx, accountId: string, name: string, alias: AliasRecord): Promise<void> =>
  tx.put(ALIASES_NS, aliasKey(accountId, name, alias.Name), alias);

export const deleteAlias = (tx: WriteTx, accountId: string, name: string, alias: string): Promise<boolean> =>
  tx.delete(ALIASES_NS, aliasKey(accountId, name, alias));

export async function listAliases(tx: ReadTx, accountId: string, name: string): Promise<AliasRecord[]> {
  const entries = await tx.list<AliasRecord>(ALIASES_NS, { prefix: childPrefix(accountId, name) });
  return entries.map((e) => e.value);
}

/** Removes a function with all its versions and aliases. */
export async function deleteFunctionTree(tx: WriteTx, accountId: string, name: string): Promise<void> {
  await tx.delete(FUNCTIONS_NS, functionKey(accountId, name));
  await tx.deletePrefix(VERSIONS_NS, childPrefix(accountId, name));
  await tx.deletePrefix(ALIASES_NS, childPrefix(accountId, name));
}
