// GetAccountSettings: the account's Lambda quotas and usage in this Region.
// https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html
// Quotas as AWS's defaults (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
// 75 GB function and layer storage, 50 MB zipped / 250 MB unzipped deployment package, 1,000 concurrent
// executions; UnreservedConcurrentExecutions is what the functions' reservations and provisioned
// concurrency leave of it.
import type { RequestContext } from '../../service.js';
import { DEFAULT_CODE_STORAGE_LIMIT } from '../code-storage.js';
import { allocatedConcurrencySum, DEFAULT_CONCURRENT_EXECUTIONS } from './concurrency.js';
import type { SettingsDeps } from './deps.js';

export const CODE_SIZE_ZIPPED = 52_428_800;
export const CODE_SIZE_UNZIPPED = 262_144_000;

export function accountSettingsHandlers(deps: SettingsDeps) {
  const limit = deps.concurrentExecutions ?? DEFAULT_CONCURRENT_EXECUTIONS;
  return {
    async GetAccountSettings(ctx: RequestContext) {
      const accountId = ctx.accountId;
      const usage = (await deps.functions.usage?.(accountId)) ?? { functionCount: 0, totalCodeSize: 0 };
      const allocated = await deps.store.read((tx) => allocatedConcurrencySum(tx, accountId));
      return {
        AccountLimit: {
          TotalCodeSize: deps.codeStorageLimit ?? DEFAULT_CODE_STORAGE_LIMIT,
          CodeSizeUnzipped: CODE_SIZE_UNZIPPED,
          CodeSizeZipped: CODE_SIZE_ZIPPED,
          ConcurrentExecutions: limit,
          UnreservedConcurrentExecutions: limit - allocated,
        },
        AccountUsage: {
          TotalCodeSize: usage.totalCodeSize,
          FunctionCount: usage.functionCount,
        },
      };
    },
  };
}
