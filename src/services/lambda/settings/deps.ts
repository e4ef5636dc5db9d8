// What the settings operations need from the rest of Cumulo.
import type { Store } from '../../../storage/store.js';
import type { FunctionInfo, FunctionLookup } from '../function-lookup.js';
import {
  accountOfArn,
  parseFunctionName,
  unqualifiedArn,
  userError,
  type FunctionRef,
} from './function-names.js';

/**
 * Optional extension of FunctionLookup that GetAccountSettings reads AccountUsage from: the account's
 * functions and the bytes of every function version and layer version it stores. Without it, both are 0.
 */
export interface FunctionUsage {
  usage(accountId: string): Promise<{ functionCount: number; totalCodeSize: number }>;
}

/** Where provisioned concurrency stands for one qualifier (the runtime's progress, read by the Lambda service). */
export interface ProvisionedProgress {
  status: 'IN_PROGRESS' | 'READY' | 'FAILED';
  /** Environments initialized and alive (Allocated and Available alike: Cumulo has no other stage). */
  ready: number;
  /** Set when FAILED. */
  reason?: string;
}

/** The provisioned-concurrency side of the functions control plane (provisioner.ts). */
export interface ProvisionedConcurrencyControl {
  /** Brings the function's provisioned environments in line with its stored configs; never throws. */
  apply(accountId: string, functionName: string): Promise<void>;
  progress(accountId: string, functionName: string, qualifier: string): ProvisionedProgress;
}

export interface SettingsDeps {
  store: Store;
  functions: FunctionLookup & Partial<FunctionUsage>;
  accountId: string;
  region: string;
  /** The layers' data directory (unused by settings today; kept so both factories take the same deps). */
  layersDataDir: string;
  /** The account's concurrency limit (AWS's default quota: 1000). */
  concurrentExecutions?: number;
  /** The account's code storage quota in bytes (AWS's default: 75 GB). */
  codeStorageLimit?: number;
  /** Starts and reports provisioned environments; without it, configs stay IN_PROGRESS. */
  provisioned?: ProvisionedConcurrencyControl;
}

export interface FoundFunction {
  info: FunctionInfo;
  ref: FunctionRef;
  /** The account that owns the function (from its ARN): the settings' key prefix. */
  accountId: string;
}

/** Looks a FunctionName up; undefined when there is no such function. Never call it inside store.write. */
export async function findFunction(
  deps: SettingsDeps,
  callerAccountId: string,
  functionName: string,
): Promise<{ ref: FunctionRef; found?: FoundFunction }> {
  const ref = parseFunctionName(functionName);
  const info = await deps.functions.get(callerAccountId, functionName);
  if (!info) return { ref };
  return { ref, found: { info, ref, accountId: accountOfArn(info.functionArn) ?? callerAccountId } };
}

/** The function FunctionName names, or AWS's ResourceNotFoundException naming its unqualified ARN. */
export async function requireFunction(
  deps: SettingsDeps,
  callerAccountId: string,
  functionName: string,
): Promise<FoundFunction> {
  const { ref, found } = await findFunction(deps, callerAccountId, functionName);
  if (!found) {
    throw userError(
      'ResourceNotFoundException',
      `Function not found: ${unqualifiedArn(deps.region, callerAccountId, ref.name)}`,
      404,
    );
  }
  return found;
}
