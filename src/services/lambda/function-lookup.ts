// A small read-only view of Lambda's functions for the other Lambda operations (tags, concurrency,
// event invoke configs) that must check a function or qualifier exists without knowing how the
// control plane stores it.

export interface FunctionInfo {
  /** The function's name (never an ARN). */
  functionName: string;
  /** Unqualified function ARN: arn:aws:lambda:<region>:<account>:function:<name>. */
  functionArn: string;
  /** Every qualifier that exists: '$LATEST', published version numbers, then alias names. */
  qualifiers: string[];
  /** Each alias's primary version (alias name → version), for settings that follow an alias to its version. */
  aliasVersions?: Record<string, string>;
}

export interface FunctionLookup {
  /**
   * Finds a function by name, full ARN or partial ARN (`123456789012:function:name`); a `:qualifier`
   * suffix is ignored here (check it against `qualifiers`). Undefined when there is no such function.
   */
  get(accountId: string, functionName: string): Promise<FunctionInfo | undefined>;
}
