// What the layer operations need, and the shapes they answer with.
import type { RequestContext } from '../../service.js';
import type { GetS3Object } from '../code/s3-source.js';
import type { Store } from '../../../storage/store.js';
import { layerArn, layerVersionArn } from './arns.js';
import type { DownloadUrls } from './download-url.js';
import type { StoredLayerVersion } from './keys.js';

export interface LayerDeps {
  store: Store;
  accountId: string;
  region: string;
  /** Cumulo's data directory: zips go to <dataDir>/lambda/layers/, unpacked to <dataDir>/lambda/layers-unpacked/. */
  dataDir: string;
  /** Base URL of Content.Location links; defaults to http://<Host header of the request>. */
  endpointUrl?: string;
  /**
   * Reads Content.S3Bucket/S3Key(/S3ObjectVersion) once an S3 service is there; throws its ServiceError.
   * Without it, every bucket is missing (Cumulo has no S3 yet).
   */
  getS3Object?: GetS3Object;
  /** The account's code storage quota in bytes (../code-storage.ts); AWS's 75 GB when unset. */
  codeStorageLimit?: number;
}

export interface LayerContext extends LayerDeps {
  urls: DownloadUrls;
}

export function endpointOf(deps: LayerDeps, ctx: RequestContext): string {
  if (deps.endpointUrl) return deps.endpointUrl.replace(/\/+$/, '');
  return `http://${ctx.headers.host ?? '127.0.0.1:4566'}`;
}

/** LayerVersionsListItem (ListLayerVersions, ListLayers' LatestMatchingVersion). */
export function listItem(region: string, accountId: string, v: StoredLayerVersion): Record<string, unknown> {
  const item: Record<string, unknown> = {
    LayerVersionArn: layerVersionArn(region, accountId, v.LayerName, v.Version),
    Version: v.Version,
    Description: v.Description,
    CreatedDate: v.CreatedDate,
  };
  if (v.CompatibleRuntimes) item.CompatibleRuntimes = v.CompatibleRuntimes;
  if (v.LicenseInfo !== undefined) item.LicenseInfo = v.LicenseInfo;
  if (v.CompatibleArchitectures) item.CompatibleArchitectures = v.CompatibleArchitectures;
  return item;
}

/** PublishLayerVersion / GetLayerVersion / GetLayerVersionByArn response. */
export async function layerVersionOutput(
  deps: LayerContext,
  ctx: RequestContext,
  accountId: string,
  v: StoredLayerVersion,
): Promise<Record<string, unknown>> {
  const { LayerVersionArn, ...rest } = listItem(deps.region, accountId, v);
  return {
    Content: {
      Location: await deps.urls.sign(endpointOf(deps, ctx), v.sha256),
      CodeSha256: v.CodeSha256,
      CodeSize: v.CodeSize,
    },
    LayerArn: layerArn(deps.region, accountId, v.LayerName),
    LayerVersionArn,
    ...rest,
  };
}

/** AWS's timestamp form for CreatedDate / LastModified strings: 2018-11-27T15:10:45.123+0000. */
export const awsDate = (ms = Date.now()): string => new Date(ms).toISOString().replace('Z', '+0000');
