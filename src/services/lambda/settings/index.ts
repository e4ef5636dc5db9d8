// The settings of a function: reserved and provisioned concurrency, tags, async invocation settings, and the account's
// limits and usage. Handlers merge into the Lambda service (LambdaDeps.extraHandlers); the read helpers
// are for the functions control plane and the invoke path (see keys.ts for the storage layout).
import type { OperationHandler } from '../../service.js';
import { accountSettingsHandlers } from './account-settings.js';
import { concurrencyHandlers } from './concurrency.js';
import type { SettingsDeps } from './deps.js';
import { eventInvokeConfigHandlers } from './event-invoke-config.js';
import { provisionedConcurrencyHandlers } from './provisioned-concurrency.js';
import { runtimeControlHandlers } from './runtime-controls.js';
import { tagHandlers } from './tags.js';

export type {
  FunctionUsage,
  ProvisionedConcurrencyControl,
  ProvisionedProgress,
  SettingsDeps,
} from './deps.js';
export {
  deleteFunctionSettings,
  getEventInvokeConfig,
  getFunctionTags,
  getReservedConcurrency,
  listProvisionedConfigs,
  putFunctionTags,
} from './keys.js';
export { validateTags } from './tags.js';

export function createSettingsHandlers(deps: SettingsDeps): Record<string, OperationHandler> {
  return {
    ...concurrencyHandlers(deps),
    ...accountSettingsHandlers(deps),
    ...tagHandlers(deps),
    ...eventInvokeConfigHandlers(deps),
    ...provisionedConcurrencyHandlers(deps),
    ...runtimeControlHandlers(deps),
  };
}
