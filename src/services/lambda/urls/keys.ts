// Where function URL configurations live in the Store.
//
//   namespace              key                                          value
//   lambda.function-urls   `${accountId}/${functionName}/${qualifier}`  StoredUrlConfig
//   lambda.function-url-ids `${urlId}`                                  `${accountId}/${functionName}/${qualifier}`
//
// A function has at most one URL per qualifier: '$LATEST' (the unqualified function) or an alias
// (https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html). The second namespace lets
// the data plane find a configuration from the URL id in the host name or path. Names, qualifiers
// and account ids never contain '/' (see ../settings/keys.ts).
import type { ReadTx, WriteTx } from '../../../storage/store.js';

export const URLS_NS = 'lambda.function-urls';
export const URL_IDS_NS = 'lambda.function-url-ids';

export type AuthType = 'NONE' | 'AWS_IAM';
export type InvokeMode = 'BUFFERED' | 'RESPONSE_STREAM';

export interface CorsConfig {
  AllowCredentials?: boolean;
  AllowHeaders?: string[];
  AllowMethods?: string[];
  AllowOrigins?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
}

export interface StoredUrlConfig {
  UrlId: string;
  AccountId: string;
  FunctionName: string;
  /** '$LATEST' or an alias name. */
  Qualifier: string;
  AuthType: AuthType;
  Cors?: CorsConfig;
  InvokeMode: InvokeMode;
  /** ISO-8601. */
  CreationTime: string;
  LastModifiedTime: string;
}

export const urlConfigKey = (accountId: string, functionName: string, qualifier: string): string =>
  `${accountId}/${functionName}/${qualifier}`;

export async function getUrlConfig(
  tx: ReadTx,
  accountId: string,
  functionName: string,
  qualifier: string,
): Promise<StoredUrlConfig | undefined> {
  return tx.get<StoredUrlConfig>(URLS_NS, urlConfigKey(accountId, functionName, qualifier));
}

/** Every URL configuration of a function, in qualifier order. */
export async function listUrlConfigs(
  tx: ReadTx,
  accountId: string,
  functionName: string,
): Promise<StoredUrlConfig[]> {
  const entries = await tx.list<StoredUrlConfig>(URLS_NS, { prefix: `${accountId}/${functionName}/` });
  return entries.map((e) => e.value);
}

export async function putUrlConfig(tx: WriteTx, config: StoredUrlConfig): Promise<void> {
  const key = urlConfigKey(config.AccountId, config.FunctionName, config.Qualifier);
  await tx.put(URLS_NS, key, config);
  await tx.put(URL_IDS_NS, config.UrlId, key);
}

/** The configuration a URL id names, undefined when there is none (deleted, or never created). */
export async function findUrlConfigById(tx: ReadTx, urlId: string): Promise<StoredUrlConfig | undefined> {
  const key = await tx.get<string>(URL_IDS_NS, urlId);
  return key === undefined ? undefined : tx.get<StoredUrlConfig>(URLS_NS, key);
}

/**
 * Removes URL configurations: one qualifier's (DeleteFunctionUrlConfig, DeleteAlias), or all of a
 * function's when `qualifier` is undefined (DeleteFunction). A URL id is never reused: AWS says
 * "Creating a new function URL results in a different URL address."
 */
export async function deleteFunctionUrlConfigs(
  tx: WriteTx,
  accountId: string,
  functionName: string,
  qualifier?: string,
): Promise<void> {
  const doomed =
    qualifier === undefined
      ? await listUrlConfigs(tx, accountId, functionName)
      : [await getUrlConfig(tx, accountId, functionName, qualifier)];
  for (const config of doomed) {
    if (!config) continue;
    await tx.delete(URLS_NS, urlConfigKey(accountId, functionName, config.Qualifier));
    await tx.delete(URL_IDS_NS, config.UrlId);
  }
}
