// FunctionLookup (function-lookup.ts) over the control plane's store, for the settings operations.
import type { ControlPlane } from './deps.js';
import type { FunctionInfo, FunctionLookup } from './function-lookup.js';
import { functionArn, parseFunctionRef } from './function-ref.js';
import { listAliases, listVersions } from './store/repo.js';
import { getFunction } from './store/repo.js';

export function createFunctionLookup(cp: ControlPlane): FunctionLookup {
  return {
    async get(accountId: string, functionName: string): Promise<FunctionInfo | undefined> {
      const ref = parseFunctionRef(functionName);
      if (!ref || (ref.region !== undefined && ref.region !== cp.region)) return undefined;
      const account = ref.account ?? accountId;
      await cp.settler.settled(account, ref.name);
      return cp.store.read(async (tx) => {
        const fn = await getFunction(tx, account, ref.name);
        if (!fn) return undefined;
        const versions = (await listVersions(tx, account, ref.name)).map((v) => v.config.Version);
        const aliases = (await listAliases(tx, account, ref.name)).map((a) => a.Name);
        return {
          functionName: ref.name,
          functionArn: functionArn(cp.region, account, ref.name),
          qualifiers: [...versions, ...aliases],
        };
      });
    },
  };
}
