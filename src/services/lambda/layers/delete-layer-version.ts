// DeleteLayerVersion: idempotent (deleting a missing version succeeds). The files stay, since
// functions that use the version keep it: "a copy of the version remains in Lambda until no functions
// refer to it". https://docs.aws.amazon.com/lambda/latest/api/API_DeleteLayerVersion.html
import type { RequestContext } from '../../service.js';
import { parseLayerRef } from './arns.js';
import type { LayerContext } from './deps.js';
import { checkVersionNumber } from './get-layer-version.js';
import { LAYERS_NS, layerVersionKey } from './keys.js';

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
      await deps.store.write((tx) =>
        tx.delete(LAYERS_NS, layerVersionKey(ctx.accountId, ref.name, input.VersionNumber)),
      );
    }
    return {};
  };
}
