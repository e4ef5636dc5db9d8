// The layers' share of GetAccountSettings' AccountUsage.TotalCodeSize ("function and layer storage",
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
import type { ReadTx } from '../../../storage/store.js';
import { LAYERS_NS, type StoredLayerVersion } from './keys.js';

export async function layersCodeSize(tx: ReadTx, accountId: string): Promise<number> {
  const versions = await tx.list<StoredLayerVersion>(LAYERS_NS, { prefix: `${accountId}/` });
  return versions.reduce((sum, { value }) => sum + value.CodeSize, 0);
}
