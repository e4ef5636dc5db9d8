// Where Lambda's control plane keeps functions, versions and aliases in the Store.
//
//   namespace         key                                         value
//   lambda.functions  `${accountId}/${name}`                      FunctionRecord
//   lambda.versions   `${accountId}/${name}/${versionKey}`        VersionRecord ('$LATEST' and published)
//   lambda.aliases    `${accountId}/${name}/${alias}`             AliasRecord
//   lambda.meta       'code-url-key'                              hex secret signing Code.Location URLs
//
// versionKey is '$LATEST' or the version number zero-padded to 10 digits, so keys list in AWS's
// order ($LATEST sorts before digits, then 1, 2, … 10). Names, qualifiers and account ids never
// contain '/'. Cumulo serves one region, so the region is not part of a key. Tags, reserved
// concurrency and event invoke configs live in the settings namespaces (settings/keys.ts).

export const FUNCTIONS_NS = 'lambda.functions';
export const VERSIONS_NS = 'lambda.versions';
export const ALIASES_NS = 'lambda.aliases';
export const META_NS = 'lambda.meta';

export const LATEST = '$LATEST';

export const functionKey = (accountId: string, name: string): string => `${accountId}/${name}`;

export function versionKey(accountId: string, name: string, version: string): string {
  const v = version === LATEST ? LATEST : version.padStart(10, '0');
  return `${accountId}/${name}/${v}`;
}

export const aliasKey = (accountId: string, name: string, alias: string): string =>
  `${accountId}/${name}/${alias}`;

/** Prefix of every version or alias key of one function. */
export const childPrefix = (accountId: string, name: string): string => `${accountId}/${name}/`;
