// Lambda layers: the operations, the Content.Location download route, and the resolver CreateFunction
// uses:
//
//   const layerOps = createLayerHandlers(deps);
//   layerOps.handlers    PublishLayerVersion, GetLayerVersion(ByArn), ListLayers, ListLayerVersions, DeleteLayerVersion,
//                        Add/RemoveLayerVersionPermission, GetLayerVersionPolicy
//   layerOps.rawRoutes   GET /_cumulo/lambda/layers/<sha256>.zip?Expires=&Signature= (Content.Location)
//   createLayerResolver(deps)   LambdaDeps.layers
import type { OperationHandler } from '../../service.js';
import { deleteLayerVersion } from './delete-layer-version.js';
import type { LayerContext, LayerDeps } from './deps.js';
import { DownloadUrls, type RawRoute } from './download-url.js';
import { getLayerVersion, getLayerVersionByArn } from './get-layer-version.js';
import { layerPolicyHandlers } from './layer-policy.js';
import { listLayerVersions, listLayers } from './list-layers.js';
import { publishLayerVersion } from './publish-layer-version.js';

export type { LayerDeps } from './deps.js';
export type { LayerResolver, ResolvedLayer } from './layer-resolver.js';
export { createLayerResolver } from './layer-resolver.js';
export { layersCodeSize } from './usage.js';

export function createLayerHandlers(deps: LayerDeps): {
  handlers: Record<string, OperationHandler>;
  rawRoutes: RawRoute[];
} {
  const urls = new DownloadUrls(deps.store, deps.dataDir);
  const context: LayerContext = { ...deps, urls };
  return {
    handlers: {
      PublishLayerVersion: publishLayerVersion(context),
      GetLayerVersion: getLayerVersion(context),
      GetLayerVersionByArn: getLayerVersionByArn(context),
      ListLayers: listLayers(context),
      ListLayerVersions: listLayerVersions(context),
      DeleteLayerVersion: deleteLayerVersion(context),
      ...layerPolicyHandlers(context),
    },
    // Links are signed with a key kept in the Store, so any instance on the same Store accepts them.
    rawRoutes: [urls.route],
  };
}
