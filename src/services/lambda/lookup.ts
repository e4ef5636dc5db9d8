// FunctionLookup (function-lookup.ts) over the control plane's store, for the settings operations,
// with the account's usage GetAccountSettings reports.
import { readCodeUsage } from './code-storage.js';
import type { ControlPlane } from './deps.js';
import type { FunctionInfo, FunctionLookup } from './function-lookup.js';
import type { FunctionUsage } from './settings/deps.js';
import { functionArn, parseFunctionRef } from './function-ref.js';
import { listAliases, listVersions } from './store/repo.js';
import { getFunction } from './store/repo.js';

export function createFunctionLookup(cp: ControlPlane): FunctionLookup & FunctionUsage {
  return {
    /** GetAccountSettings' AccountUsage: the account's functions and stored code (code-storage.ts). */
    async usage(accountId: string) {
      const usage = await cp.store.read((tx) => readCodeUsage(tx, accountId));
      return { functionCount: usage.functionCount, totalCodeSize: usage.totalCodeSize };
    },
    async get(accountId: string, functionName: string): Promise<FunctionInfo | undefined> {
      const ref = parseFunctionRef(functionName);
      if (!ref || (ref.region !== undefined && ref.region !== cp.region)) return undefined;
      const account = ref.account ?? accountId;
      await cp.settler.settled(account, ref.name);
      return cp.store.read(async (tx) => {
        const fn = await getFunction(tx, account, ref.name);
        if (!fn) return undefined;
        const versions = (await listVersions(tx, account, ref.name)).map((v) => v.config.Version);
        const aliases = await listAliases(tx, account, ref.name);
        return {
          functionName: ref.name,
          functionArn: functionArn(cp.region, account, ref.name),
          qualifiers: [...versions, ...aliases.map((a) => a.Name)],
          aliasVersions: Object.fromEntries(aliases.map((a) => [a.Name, a.FunctionVersion])),
        };
      });
    },
  };
}
