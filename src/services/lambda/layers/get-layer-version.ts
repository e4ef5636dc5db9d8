// GetLayerVersion (by name or layer ARN + VersionNumber) and GetLayerVersionByArn.
// https://docs.aws.amazon.com/lambda/latest/api/API_GetLayerVersion.html
// https://docs.aws.amazon.com/lambda/latest/api/API_GetLayerVersionByArn.html
import type { RequestContext } from '../../service.js';
import { ServiceError } from '../../../server/service-error.js';
import type { ReadTx } from '../../../storage/store.js';
import { parseLayerRef, type LayerRef } from './arns.js';
import { layerVersionOutput, type LayerContext } from './deps.js';
import { LAYERS_NS, layerVersionKey, type StoredLayerVersion } from './keys.js';

export const notFound = (): ServiceError =>
  new ServiceError('ResourceNotFoundException', 'The resource you requested does not exist.', 404, {
    Type: 'User',
  });

export function checkVersionNumber(version: number): void {
  if (version < 1) {
    throw new ServiceError('InvalidParameterValueException', 'Layer Version Cannot be less than 1', 400, {
      Type: 'User',
    });
  }
}

/**
 * The stored version a reference names. Layers of another account or region are not visible: Cumulo has
 * no layer permissions (AddLayerVersionPermission) to share them.
 */
export async function findLayerVersion(
  tx: ReadTx,
  deps: { region: string },
  callerAccountId: string,
  ref: LayerRef,
  version: number,
): Promise<StoredLayerVersion | undefined> {
  if ((ref.accountId && ref.accountId !== callerAccountId) || (ref.region && ref.region !== deps.region)) {
    return undefined;
  }
  return tx.get<StoredLayerVersion>(LAYERS_NS, layerVersionKey(callerAccountId, ref.name, version));
}

export function getLayerVersion(deps: LayerContext) {
  return async function GetLayerVersion(
    ctx: RequestContext,
    input: { LayerName: string; VersionNumber: number },
  ) {
    checkVersionNumber(input.VersionNumber);
    const ref = parseLayerRef(input.LayerName);
    if (!ref) throw notFound();
    const found = await deps.store.read((tx) =>
      findLayerVersion(tx, deps, ctx.accountId, ref, input.VersionNumber),
    );
    if (!found) throw notFound();
    return layerVersionOutput(deps, ctx, ctx.accountId, found);
  };
}

export function getLayerVersionByArn(deps: LayerContext) {
  return async function GetLayerVersionByArn(ctx: RequestContext, input: { Arn: string }) {
    const ref = parseLayerRef(input.Arn);
    if (!ref?.accountId || ref.version === undefined) {
      // The codec checks the model's pattern first; this only guards a handler called directly.
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value '${input.Arn}' at 'arn' failed to satisfy constraint: Member must ` +
          'satisfy regular expression pattern: arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+',
      );
    }
    const version = ref.version;
    checkVersionNumber(version);
    const found = await deps.store.read((tx) => findLayerVersion(tx, deps, ctx.accountId, ref, version));
    if (!found) throw notFound();
    return layerVersionOutput(deps, ctx, ctx.accountId, found);
  };
}
