// GetAccountSettings: the account's Lambda quotas and usage in this Region.
// https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html
// Quotas as AWS's defaults (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
// 75 GB function and layer storage, 50 MB zipped / 250 MB unzipped deployment package, 1,000 concurrent
// executions; UnreservedConcurrentExecutions is what the functions' reservations leave of it.
import type { RequestContext } from '../../service.js';
import { layersCodeSize } from '../layers/usage.js';
import { DEFAULT_CONCURRENT_EXECUTIONS, reservedConcurrencySum } from './concurrency.js';
import type { SettingsDeps } from './deps.js';

export const TOTAL_CODE_SIZE = 80_530_636_800;
export const CODE_SIZE_ZIPPED = 52_428_800;
export const CODE_SIZE_UNZIPPED = 262_144_000;

export function accountSettingsHandlers(deps: SettingsDeps) {
  const limit = deps.concurrentExecutions ?? DEFAULT_CONCURRENT_EXECUTIONS;
  return {
    async GetAccountSettings(ctx: RequestContext) {
      const accountId = ctx.accountId;
      const functions = (await deps.functions.usage?.(accountId)) ?? { functionCount: 0, totalCodeSize: 0 };
      const { reserved, layers } = await deps.store.read(async (tx) => ({
        reserved: await reservedConcurrencySum(tx, accountId),
        layers: await layersCodeSize(tx, accountId),
      }));
      return {
        AccountLimit: {
          TotalCodeSize: TOTAL_CODE_SIZE,
          CodeSizeUnzipped: CODE_SIZE_UNZIPPED,
          CodeSizeZipped: CODE_SIZE_ZIPPED,
          ConcurrentExecutions: limit,
          UnreservedConcurrentExecutions: limit - reserved,
        },
        AccountUsage: {
          TotalCodeSize: functions.totalCodeSize + layers,
          FunctionCount: functions.functionCount,
        },
      };
    },
  };
}
