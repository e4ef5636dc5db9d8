// The documents Lambda's control plane stores. A version's configuration is kept in AWS's own
// FunctionConfiguration shape (what GetFunctionConfiguration answers), so rendering it is a copy
// plus the ARN form the operation calls for.

export interface StoredLayer {
  Arn: string;
  CodeSize: number;
}

/** FunctionConfiguration as AWS returns it, minus FunctionArn (rendered per operation). */
export interface FunctionConfigDoc {
  FunctionName: string;
  Runtime: string;
  Role: string;
  Handler: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  CodeSha256: string;
  Version: string;
  Environment?: { Variables: Record<string, string> };
  TracingConfig: { Mode: string };
  RevisionId: string;
  Layers?: StoredLayer[];
  State: string;
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus?: string;
  LastUpdateStatusReason?: string;
  LastUpdateStatusReasonCode?: string;
  PackageType: string;
  Architectures: string[];
  EphemeralStorage: { Size: number };
  SnapStart: { ApplyOn: string; OptimizationStatus: string };
  RuntimeVersionConfig: { RuntimeVersionArn: string };
  LoggingConfig: Record<string, string>;
  DeadLetterConfig?: { TargetArn?: string };
  KMSKeyArn?: string;
  VpcConfig?: Record<string, unknown>;
  FileSystemConfigs?: Array<Record<string, string>>;
  [k: string]: unknown;
}

export interface VersionRecord {
  config: FunctionConfigDoc;
  /** Hex SHA-256 of the zip: names the files under <dataDir>/lambda/code and unpacked. */
  codeHex: string;
  /** Unpacked layer directories, in layer order (kept even if a layer version is deleted later, as AWS does). */
  layerDirs: string[];
  /** Hash of everything a published version captures (code + configuration): equal means "nothing changed". */
  fingerprint: string;
}

export interface FunctionRecord {
  name: string;
  /** Epoch ms of CreateFunction. */
  created: number;
  /** The number the next published version gets. */
  nextVersion: number;
}

export interface AliasRecord {
  Name: string;
  FunctionVersion: string;
  Description: string;
  RoutingConfig?: { AdditionalVersionWeights: Record<string, number> };
  RevisionId: string;
}
