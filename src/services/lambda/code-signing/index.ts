// Lambda code signing: configurations (Create/Get/Update/Delete/ListCodeSigningConfig(s),
// ListFunctionsByCodeSigningConfig), a function's configuration (Put/Get/DeleteFunctionCodeSigningConfig),
// and the check every deployment to a function goes through (verification.ts). Storage layout in keys.ts.
import type { OperationHandler } from '../../service.js';
import { codeSigningConfigHandlers, type CodeSigningDeps } from './configs.js';
import { functionCodeSigningHandlers } from './function-configs.js';

export type { CodeSigningDeps } from './configs.js';
export { detachConfig as deleteFunctionCodeSigning } from './keys.js';
export {
  requireConfigForFunction,
  verifyFunctionDeployment,
  verifyUnsignedDeployment,
} from './verification.js';

export function codeSigningHandlers(deps: CodeSigningDeps): Record<string, OperationHandler> {
  return {
    ...codeSigningConfigHandlers(deps),
    ...functionCodeSigningHandlers(deps),
  } as Record<string, OperationHandler>;
}
