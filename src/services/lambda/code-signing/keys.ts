// Where code signing configurations and their functions live in the Store.
//
//   namespace                      key                                         value
//   lambda.code-signing-configs    `${accountId}/${configId}`                  StoredCodeSigningConfig
//   lambda.function-code-signing   `${accountId}/${functionName}`              configId
//   lambda.code-signing-functions  `${accountId}/${configId}/${functionName}`  functionName
//
// A function has at most one configuration (PutFunctionCodeSigningConfig replaces it); the third
// namespace is its reverse, so ListFunctionsByCodeSigningConfig pages in key order and
// DeleteCodeSigningConfig sees at once whether a function still uses the configuration. Both are
// written in one transaction. Ids (csc-[a-z0-9]{17}), names and account ids never contain '/'.
import type { ReadTx, WriteTx } from '../../../storage/store.js';

export const CONFIGS_NS = 'lambda.code-signing-configs';
export const FUNCTION_CONFIG_NS = 'lambda.function-code-signing';
export const CONFIG_FUNCTIONS_NS = 'lambda.code-signing-functions';

export type CodeSigningPolicy = 'Warn' | 'Enforce';

export interface StoredCodeSigningConfig {
  Id: string;
  AccountId: string;
  Description?: string;
  SigningProfileVersionArns: string[];
  UntrustedArtifactOnDeployment: CodeSigningPolicy;
  /** Lambda's ISO-8601 form (2024-01-01T00:00:00.000+0000), as the API reference gives it. */
  LastModified: string;
}

export const configKey = (accountId: string, configId: string): string => `${accountId}/${configId}`;
const functionKey = (accountId: string, functionName: string): string => `${accountId}/${functionName}`;
const userKey = (accountId: string, configId: string, functionName: string): string =>
  `${accountId}/${configId}/${functionName}`;

/** The prefix of a configuration's entries in CONFIG_FUNCTIONS_NS. */
export const usersPrefix = (accountId: string, configId: string): string => `${accountId}/${configId}/`;

export const getConfig = (
  tx: ReadTx,
  accountId: string,
  configId: string,
): Promise<StoredCodeSigningConfig | undefined> =>
  tx.get<StoredCodeSigningConfig>(CONFIGS_NS, configKey(accountId, configId));

/** The id of the configuration a function uses, undefined when it has none. */
export const getFunctionConfigId = (
  tx: ReadTx,
  accountId: string,
  functionName: string,
): Promise<string | undefined> => tx.get<string>(FUNCTION_CONFIG_NS, functionKey(accountId, functionName));

/** Whether any function still uses the configuration. */
export async function configInUse(tx: ReadTx, accountId: string, configId: string): Promise<boolean> {
  return (await tx.count(CONFIG_FUNCTIONS_NS, usersPrefix(accountId, configId))) > 0;
}

/** Makes `configId` the function's configuration, replacing the one it had. */
export async function attachConfig(
  tx: WriteTx,
  accountId: string,
  functionName: string,
  configId: string,
): Promise<void> {
  await detachConfig(tx, accountId, functionName);
  await tx.put(FUNCTION_CONFIG_NS, functionKey(accountId, functionName), configId);
  await tx.put(CONFIG_FUNCTIONS_NS, userKey(accountId, configId, functionName), functionName);
}

/**
 * Removes the function's configuration, if any (DeleteFunctionCodeSigningConfig, and DeleteFunction
 * so that a function created again under the name starts without one). Returns whether there was one.
 */
export async function detachConfig(tx: WriteTx, accountId: string, functionName: string): Promise<boolean> {
  const key = functionKey(accountId, functionName);
  const configId = await tx.get<string>(FUNCTION_CONFIG_NS, key);
  if (configId === undefined) return false;
  await tx.delete(FUNCTION_CONFIG_NS, key);
  await tx.delete(CONFIG_FUNCTIONS_NS, userKey(accountId, configId, functionName));
  return true;
}
