// The seam between Lambda's control plane (which stores functions, versions, aliases and
// their settings) and its invoke path (which runs them). The control plane implements
// InvokeTargetResolver; Invoke, the async queue and every event source use it.
import type { EnvironmentSpec } from '../../runtime/types.js';

export interface DestinationConfig {
  OnSuccess?: { Destination?: string };
  OnFailure?: { Destination?: string };
}

export interface EventInvokeConfig {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: DestinationConfig;
}

export interface InvokeTarget {
  /** Everything the runtime needs to run this exact version. */
  spec: EnvironmentSpec;
  functionName: string;
  /** Unqualified ARN. */
  functionArn: string;
  /** The ARN as the caller named it, with `:alias` or `:version` when one was used. */
  invokedArn: string;
  /** The version that runs ('$LATEST' or a number): X-Amz-Executed-Version. */
  executedVersion: string;
  /** The alias, when invoked through one. */
  alias?: string;
  /** Reserved concurrency of the function (all versions), when set. */
  reservedConcurrency?: number;
  /** Provisioned concurrency of the version that runs, and of the whole function, when any is configured. */
  provisioned?: { version: number; function: number };
  /** Async settings for this qualifier (PutFunctionEventInvokeConfig), when set. */
  eventInvokeConfig?: EventInvokeConfig;
  /** State of the function; only 'Active' can be invoked. */
  state: string;
  /** The function's resource-based policy document (JSON string), when it has one. */
  policy?: string;
}

export interface InvokeTargetResolver {
  /**
   * Resolves a FunctionName (name, full or partial ARN, with optional `:qualifier` suffix) and an
   * optional Qualifier to what runs. Alias routing weights are applied here (so each call may pick a
   * different version). Throws the AWS ServiceError (ResourceNotFoundException, InvalidParameterValueException)
   * when the function, version or alias does not exist or the two qualifiers disagree.
   */
  resolve(functionName: string, qualifier: string | undefined, accountId: string): Promise<InvokeTarget>;
}
