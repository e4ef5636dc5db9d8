// Pieces several operations share: finding a function or one of its versions the way AWS reports a
// miss, reading the zip, resolving layers, and telling the runtime a configuration changed.
import { createHash } from 'node:crypto';
import { readS3Package } from '../code/s3-source.js';
import type { ReadTx } from '../../../storage/store.js';
import type { ControlPlane } from '../deps.js';
import { functionNotFound, invalidParameter, requestEntityTooLarge } from '../errors.js';
import { functionArn, isVersionNumber, type ResolvedRef } from '../function-ref.js';
import { LATEST } from '../store/keys.js';
import type { FunctionRecord, StoredLayer, VersionRecord } from '../store/records.js';
import { getAlias, getFunction, getVersion } from '../store/repo.js';

/** Lambda quotas: 50 MB zipped for a direct upload (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
export const MAX_ZIPPED_BYTES = 52_428_800;

export async function requireFunction(
  tx: ReadTx,
  cp: ControlPlane,
  ref: ResolvedRef,
): Promise<FunctionRecord> {
  const fn = await getFunction(tx, ref.accountId, ref.name);
  if (!fn) throw functionNotFound(ref.arn);
  return fn;
}

export async function requireLatest(tx: ReadTx, ref: ResolvedRef): Promise<VersionRecord> {
  const latest = await getVersion(tx, ref.accountId, ref.name, LATEST);
  if (!latest) throw functionNotFound(ref.arn);
  return latest;
}

export interface ResolvedVersion {
  record: VersionRecord;
  /** Set when the qualifier named an alias. */
  alias?: string;
}

/**
 * The version a qualifier names: none or '$LATEST', a version number, or an alias (its primary
 * version). A miss is "Function not found: <arn, qualified as asked>" for all three, as AWS answers
 * GetFunction (LocalStack snapshot get_function_alias_notfound_exc).
 */
export async function resolveVersion(
  tx: ReadTx,
  cp: ControlPlane,
  ref: ResolvedRef,
): Promise<ResolvedVersion> {
  const q = ref.qualifier;
  const notFound = functionNotFound(functionArn(cp.region, ref.accountId, ref.name, q));
  if (q === undefined || q === LATEST || isVersionNumber(q)) {
    const record = await getVersion(tx, ref.accountId, ref.name, q ?? LATEST);
    if (!record) throw notFound;
    return { record };
  }
  const alias = await getAlias(tx, ref.accountId, ref.name, q);
  if (!alias) throw notFound;
  const record = await getVersion(tx, ref.accountId, ref.name, alias.FunctionVersion);
  if (!record) throw notFound;
  return { record, alias: q };
}

/** The ZipFile member as bytes (the codec hands blobs over as Buffers). */
export function zipBytes(value: unknown): Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  return undefined;
}

/** The package of CreateFunction / UpdateFunctionCode; S3 sources need Cumulo's S3 (not yet served). */
/** The package a request names: inline ZipFile, or an S3 object (read through deps.getS3Object). */
export async function requireZip(
  cp: ControlPlane,
  accountId: string,
  code: {
    ZipFile?: unknown;
    S3Bucket?: string;
    S3Key?: string;
    S3ObjectVersion?: string;
    ImageUri?: string;
  },
): Promise<Buffer> {
  let zip = zipBytes(code.ZipFile);
  if (!zip && code.S3Bucket !== undefined) {
    zip = await readS3Package(cp.deps.getS3Object, accountId, { ...code, S3Bucket: code.S3Bucket });
  }
  if (zip) {
    if (zip.length > MAX_ZIPPED_BYTES)
      throw requestEntityTooLarge(`Zipped size must be smaller than ${MAX_ZIPPED_BYTES} bytes`);
    return zip;
  }
  if (code.ImageUri !== undefined)
    throw invalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.");
  throw invalidParameter('Please provide a source for function code.');
}

/** Stores and unpacks a package; an archive Cumulo cannot unpack safely is refused like an unreadable one. */
export async function storeCode(
  cp: ControlPlane,
  zip: Buffer,
): Promise<{ hex: string; sha256: string; size: number }> {
  const stored = await cp.code.put(zip);
  try {
    await cp.code.ensureUnpacked(stored.hex);
  } catch {
    throw invalidParameter(
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
  }
  return stored;
}

export async function resolveLayers(
  cp: ControlPlane,
  accountId: string,
  arns: string[],
): Promise<{ layers: StoredLayer[]; dirs: string[] }> {
  if (arns.length === 0) return { layers: [], dirs: [] };
  if (!cp.deps.layers) throw invalidParameter(`Layer version ${arns[0]} does not exist.`);
  const resolved = await cp.deps.layers.resolve(accountId, arns);
  return {
    layers: resolved.map((l) => ({ Arn: l.Arn, CodeSize: l.CodeSize })),
    dirs: resolved.map((l) => l.dir),
  };
}

/** Identity of everything that shapes an execution environment of this version. */
export function configKeyOf(accountId: string, record: VersionRecord): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        accountId,
        record.config.FunctionName,
        record.config.Version,
        record.fingerprint,
        record.layerDirs,
      ]),
    )
    .digest('hex');
}

/** Stops environments of the function that no longer match its $LATEST (never fails the API call). */
export async function retireStale(
  cp: ControlPlane,
  accountId: string,
  name: string,
  latest: VersionRecord | undefined,
): Promise<void> {
  const arn = functionArn(cp.region, accountId, name);
  try {
    await cp.deps.runtime.retire(arn, latest ? configKeyOf(accountId, latest) : undefined);
  } catch {
    // The runtime logs its own failures; the control-plane change has committed either way.
  }
}

/** Stops the environments of one configuration (a deleted version's); never fails the API call. */
export async function retireConfig(cp: ControlPlane, configKey: string): Promise<void> {
  try {
    await cp.deps.runtime.retireConfig?.(configKey);
  } catch {
    // As retireStale: the runtime logs its own failures.
  }
}
