// Where layers live.
//
// Store:
//   namespace               key                                         value
//   lambda.layers           `${accountId}/${layerName}/${version:10}`   StoredLayerVersion
//   lambda.layer-counters   `${accountId}/${layerName}`                 { latest: number }
//   lambda.layers-meta      'download-url-key'                          { key: string } (base64)
//
// Versions are zero-padded to 10 digits so keys sort in version order. Layer names ([a-zA-Z0-9-_])
// never contain '/'. The counter outlives deleted versions: AWS never reuses a layer version number.
//
// Files (content-addressed by the zip's SHA-256 in hex, shared by every version with the same zip):
//   <dataDir>/lambda/layers/<sha256>.zip          the zip as uploaded
//   <dataDir>/lambda/layers-unpacked/<sha256>/    unpacked once; a function's /opt
// Deleting a layer version keeps its files: "a copy of the version remains in Lambda until no functions
// refer to it" (https://docs.aws.amazon.com/lambda/latest/api/API_DeleteLayerVersion.html).
import path from 'node:path';
import type { LayerPolicy } from './layer-policy.js';

export const LAYERS_NS = 'lambda.layers';
export const LAYER_COUNTERS_NS = 'lambda.layer-counters';
export const LAYERS_META_NS = 'lambda.layers-meta';

export interface StoredLayerVersion {
  LayerName: string;
  Version: number;
  Description: string;
  /** AWS's date format: 2018-11-27T15:10:45.123+0000. */
  CreatedDate: string;
  CompatibleRuntimes?: string[];
  CompatibleArchitectures?: string[];
  LicenseInfo?: string;
  /** Base64 SHA-256 of the zip, as AWS shows it. */
  CodeSha256: string;
  CodeSize: number;
  /** Hex SHA-256 of the zip: its file name. */
  sha256: string;
  /** The version's resource-based policy (layer-policy.ts), when it has statements. */
  Policy?: LayerPolicy;
}

export const layerPrefix = (accountId: string, layerName: string): string => `${accountId}/${layerName}/`;

export const layerVersionKey = (accountId: string, layerName: string, version: number): string =>
  layerPrefix(accountId, layerName) + String(version).padStart(10, '0');

export const layerCounterKey = (accountId: string, layerName: string): string => `${accountId}/${layerName}`;

export const zipPath = (dataDir: string, sha256: string): string =>
  path.join(dataDir, 'lambda', 'layers', `${sha256}.zip`);

export const unpackedDir = (dataDir: string, sha256: string): string =>
  path.join(dataDir, 'lambda', 'layers-unpacked', sha256);
