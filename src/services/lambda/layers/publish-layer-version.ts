// PublishLayerVersion: each call with the same LayerName creates the next version (1, 2, ...).
// https://docs.aws.amazon.com/lambda/latest/api/API_PublishLayerVersion.html
import type { RequestContext } from '../../service.js';
import { readS3Package } from '../code/s3-source.js';
import { DEFAULT_CODE_STORAGE_LIMIT, changeCodeUsage } from '../code-storage.js';
import { ServiceError } from '../../../server/service-error.js';
import { saveLayerArchive } from './archive.js';
import { parseLayerRef } from './arns.js';
import { awsDate, layerVersionOutput, type LayerContext } from './deps.js';
import {
  LAYERS_NS,
  LAYER_COUNTERS_NS,
  layerCounterKey,
  layerVersionKey,
  type StoredLayerVersion,
} from './keys.js';

export interface PublishLayerVersionInput {
  LayerName: string;
  Description?: string;
  Content: {
    ZipFile?: Buffer | Uint8Array | string;
    S3Bucket?: string;
    S3Key?: string;
    S3ObjectVersion?: string;
  };
  CompatibleRuntimes?: string[];
  LicenseInfo?: string;
  CompatibleArchitectures?: string[];
}

const userError = (message: string): ServiceError =>
  new ServiceError('InvalidParameterValueException', message, 400, { Type: 'User' });

export function publishLayerVersion(deps: LayerContext) {
  return async function PublishLayerVersion(ctx: RequestContext, input: PublishLayerVersionInput) {
    const ref = parseLayerRef(input.LayerName);
    if (!ref) {
      // The codec checks the model's pattern first; this only guards a handler called directly.
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value '${input.LayerName}' at 'layerName' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: ' +
          '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+',
      );
    }
    const accountId = ctx.accountId;
    const zip = await contentZip(deps, accountId, input.Content ?? {});
    // Files first (content-addressed, so an abandoned one is harmless), then the record.
    const archive = await saveLayerArchive(deps.dataDir, zip);
    const record = await deps.store.write(async (tx) => {
      // Each layer version counts against the account's code storage (before this transaction's writes).
      await changeCodeUsage(
        tx,
        accountId,
        { code: archive.size },
        deps.codeStorageLimit ?? DEFAULT_CODE_STORAGE_LIMIT,
      );
      const counterKey = layerCounterKey(accountId, ref.name);
      const latest = (await tx.get<{ latest: number }>(LAYER_COUNTERS_NS, counterKey))?.latest ?? 0;
      const version: StoredLayerVersion = {
        LayerName: ref.name,
        Version: latest + 1,
        Description: input.Description ?? '',
        CreatedDate: awsDate(),
        CodeSha256: archive.codeSha256,
        CodeSize: archive.size,
        sha256: archive.sha256,
      };
      if (input.CompatibleRuntimes) version.CompatibleRuntimes = input.CompatibleRuntimes;
      if (input.LicenseInfo !== undefined) version.LicenseInfo = input.LicenseInfo;
      if (input.CompatibleArchitectures) version.CompatibleArchitectures = input.CompatibleArchitectures;
      await tx.put(LAYER_COUNTERS_NS, counterKey, { latest: version.Version });
      await tx.put(LAYERS_NS, layerVersionKey(accountId, ref.name, version.Version), version);
      return version;
    });
    return layerVersionOutput(deps, ctx, accountId, record);
  };
}

async function contentZip(
  deps: LayerContext,
  accountId: string,
  content: PublishLayerVersionInput['Content'],
): Promise<Buffer> {
  if (content.ZipFile !== undefined) {
    const zip = content.ZipFile;
    return Buffer.isBuffer(zip)
      ? zip
      : typeof zip === 'string'
        ? Buffer.from(zip, 'base64')
        : Buffer.from(zip);
  }
  if (content.S3Bucket !== undefined && content.S3Key !== undefined) {
    return readS3Package(deps.getS3Object, accountId, { ...content, S3Bucket: content.S3Bucket });
  }
  throw userError('Missing Content');
}
