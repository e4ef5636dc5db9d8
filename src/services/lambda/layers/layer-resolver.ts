// What CreateFunction / UpdateFunctionConfiguration use to turn `Layers` (layer version ARNs) into
// what the function's configuration shows (`Layers: [{ Arn, CodeSize }]`) and what the runtime
// mounts as /opt (`dir`, an unpacked copy of the layer's zip).
import { ServiceError } from '../../../server/service-error.js';
import type { Store } from '../../../storage/store.js';
import { ensureUnpacked } from './archive.js';
import { parseLayerRef } from './arns.js';
import { findLayerVersion } from './get-layer-version.js';

export interface ResolvedLayer {
  /** The layer version ARN, as given. */
  Arn: string;
  /** Size of the layer's zip in bytes. */
  CodeSize: number;
  /** Directory holding the unpacked layer (nodejs/node_modules, python, bin...): the function's /opt. */
  dir: string;
}

export interface LayerResolver {
  /**
   * Resolves layer version ARNs in order. Throws the ServiceError CreateFunction returns:
   * InvalidParameterValueException "Cannot reference more than 5 layers.", "Layer version <arn> does
   * not exist.", "Layers are not in the same region as the function. ..." or "Two different versions of
   * the same layer are not allowed to be referenced in the same function. ...".
   */
  resolve(accountId: string, layerVersionArns: string[]): Promise<ResolvedLayer[]>;
}

/** "You can add up to five layers to a function." https://docs.aws.amazon.com/lambda/latest/dg/adding-layers.html */
export const MAX_LAYERS_PER_FUNCTION = 5;

const invalid = (message: string): ServiceError =>
  new ServiceError('InvalidParameterValueException', message, 400, { Type: 'User' });

/**
 * The resolver over the Store and the unpacked archives. Call it outside any store.write: it reads the
 * Store itself. Messages as Lambda returns them for CreateFunction's Layers.
 */
export function createLayerResolver(deps: { store: Store; region: string; dataDir: string }): LayerResolver {
  return {
    async resolve(accountId, layerVersionArns) {
      if (layerVersionArns.length > MAX_LAYERS_PER_FUNCTION) {
        throw invalid(`Cannot reference more than ${MAX_LAYERS_PER_FUNCTION} layers.`);
      }
      const resolved: ResolvedLayer[] = [];
      const byLayer = new Map<string, string>();
      for (const arn of layerVersionArns) {
        const ref = parseLayerRef(arn);
        const version = ref?.version;
        if (!ref?.region || version === undefined) {
          throw new ServiceError(
            'ValidationException',
            `1 validation error detected: Value '[${arn}]' at 'layers' failed to satisfy constraint: Member must ` +
              'satisfy constraint: [Member must have length less than or equal to 140, Member must have length ' +
              'greater than or equal to 1, Member must satisfy regular expression pattern: ' +
              'arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+, Member must not be null]',
          );
        }
        if (ref.region !== deps.region) {
          throw invalid(
            `Layers are not in the same region as the function. Layers are expected to be in region ${deps.region}.`,
          );
        }
        const stored = await deps.store.read((tx) => findLayerVersion(tx, deps, accountId, ref, version));
        if (!stored) throw invalid(`Layer version ${arn} does not exist.`);
        const unversioned = arn.slice(0, arn.lastIndexOf(':'));
        const other = byLayer.get(unversioned);
        if (other !== undefined) {
          throw invalid(
            'Two different versions of the same layer are not allowed to be referenced in the same function. ' +
              `${other} and ${arn} are versions of the same layer.`,
          );
        }
        byLayer.set(unversioned, arn);
        resolved.push({
          Arn: arn,
          CodeSize: stored.CodeSize,
          dir: await ensureUnpacked(deps.dataDir, stored.sha256),
        });
      }
      return resolved;
    },
  };
}
