// What the Lambda control plane needs from the rest of Cumulo, and the state its operations share.
import type { Runtime } from '../../runtime/runtime.js';
import type { Store } from '../../storage/store.js';
import type { OperationHandler } from '../service.js';
import type { CodeStore } from './code/code-store.js';
import type { GetS3Object } from './code/s3-source.js';
import type { CodeUrls } from './code/code-url.js';
import type { LayerResolver } from './layers/layer-resolver.js';
import type { StateSettler } from './state-settler.js';
import type { Provisioner } from './provisioner.js';

export interface LambdaDeps {
  store: Store;
  dataDir: string;
  accountId: string;
  region: string;
  /** Cumulo's own endpoint (read at use: it is known once the port is bound). */
  endpointUrl: string;
  runtime: Runtime;
  credentialsForRole(
    roleArn: string,
  ): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
  /** Other Lambda operations (Invoke, layers, tags, concurrency…) merged into the one ServiceDefinition. */
  extraHandlers?: Record<string, OperationHandler>;
  /** Resolves CreateFunction's Layers; without it, any layer is reported missing. */
  layers?: LayerResolver;
  /** Reads Code.S3Bucket/S3Key(/S3ObjectVersion); without it, every bucket is missing. */
  getS3Object?: GetS3Object;
  /** The account's code storage quota in bytes (code-storage.ts); AWS's 75 GB when unset. */
  codeStorageLimit?: number;
}

/** Everything an operation handler works with. */
export interface ControlPlane {
  deps: LambdaDeps;
  store: Store;
  region: string;
  code: CodeStore;
  urls: CodeUrls;
  settler: StateSettler;
  /** deps.codeStorageLimit or AWS's default. */
  codeStorageLimit: number;
  /** Follows alias moves and deletions with the provisioned environments (set once the resolver exists). */
  provisioner?: Provisioner;
}
