// DeleteLayerVersion: idempotent (deleting a missing version succeeds). The files stay, since
// functions that use the version keep it: "a copy of the version remains in Lambda until no functions
// refer to it". https://docs.aws.amazon.com/lambda/latest/api/API_DeleteLayerVersion.html
import type { RequestContext } from '../../service.js';
import { parseLayerRef } from './arns.js';
import type { LayerContext } from './deps.js';
import { checkVersionNumber } from './get-layer-version.js';
import { LAYERS_NS, layerVersionKey, type StoredLayerVersion } from './keys.js';
import { DEFAULT_CODE_STORAGE_LIMIT, changeCodeUsage } from '../code-storage.js';

export function deleteLayerVersion(deps: LayerContext) {
  return async function DeleteLayerVersion(
    ctx: RequestContext,
    input: { LayerName: string; VersionNumber: number },
  ) {
    checkVersionNumber(input.VersionNumber);
    const ref = parseLayerRef(input.LayerName);
    const own =
      ref &&
      (!ref.accountId || ref.accountId === ctx.accountId) &&
      (!ref.region || ref.region === deps.region);
    if (own) {
      await deps.store.write(async (tx) => {
        const key = layerVersionKey(ctx.accountId, ref.name, input.VersionNumber);
        const version = await tx.get<StoredLayerVersion>(LAYERS_NS, key);
        if (!version) return;
        // A deleted version no longer counts against the account's code storage (functions that use
        // it keep their copy, as AWS's does, without it counting again).
        const limit = deps.codeStorageLimit ?? DEFAULT_CODE_STORAGE_LIMIT;
        await changeCodeUsage(tx, ctx.accountId, { code: -version.CodeSize }, limit);
        await tx.delete(LAYERS_NS, key);
      });
    }
    return {};
  };
}
