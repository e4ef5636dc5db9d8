// UpdateFunctionCode and UpdateFunctionConfiguration change $LATEST:
// https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html
// https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html
// Each answers with LastUpdateStatus "InProgress" and a new RevisionId; RevisionId in the request
// is a precondition on $LATEST's current one. New code, or new layers, are deployments the function's
// code signing configuration checks (code-signing/verification.ts).
import type { ReadTx } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { verifyFunctionDeployment } from '../code-signing/verification.js';
import {
  fingerprintOf,
  lambdaDate,
  newRevisionId,
  renderConfig,
  runtimeVersionArn,
  updateInProgress,
} from '../config-doc.js';
import { changeCodeUsage } from '../code-storage.js';
import type { ControlPlane } from '../deps.js';
import { revisionMismatch } from '../errors.js';
import { functionArn, resolveRef, type ResolvedRef } from '../function-ref.js';
import { checkRuntime } from '../runtimes.js';
import { LATEST } from '../store/keys.js';
import type { FunctionConfigDoc, VersionRecord } from '../store/records.js';
import { putVersion } from '../store/repo.js';
import { checkEnvironment, checkTimeout } from '../validate-config.js';
import {
  requireFunction,
  requireLatest,
  requireZip,
  resolveLayers,
  retireStale,
  storeCode,
} from './common.js';
import { publishInTx } from './publish.js';

/** Checks an unsigned deployment to the function against its code signing configuration. */
const verifyDeployment = (cp: ControlPlane, ref: ResolvedRef) => (tx: ReadTx) =>
  verifyFunctionDeployment(tx, ref.accountId, ref.name, functionArn(cp.region, ref.accountId, ref.name));

/**
 * Applies `change` to $LATEST in one transaction, checking RevisionId and then `guard` first;
 * optionally publishes.
 */
async function updateLatest(
  cp: ControlPlane,
  ref: ResolvedRef,
  revisionId: string | undefined,
  publish: boolean,
  guard: ((tx: ReadTx) => Promise<void>) | undefined,
  change: (latest: VersionRecord) => VersionRecord,
): Promise<{ latest: VersionRecord; published?: VersionRecord }> {
  await cp.settler.settled(ref.accountId, ref.name);
  const now = new Date();
  const result = await cp.store.write(async (tx) => {
    const fn = await requireFunction(tx, cp, ref);
    const current = await requireLatest(tx, ref);
    if (revisionId !== undefined && revisionId !== current.config.RevisionId) throw revisionMismatch();
    await guard?.(tx);
    const changed = change(current);
    const config: FunctionConfigDoc = {
      ...changed.config,
      LastModified: lambdaDate(now),
      RevisionId: newRevisionId(),
      ...updateInProgress(),
    };
    const latest: VersionRecord = { ...changed, config, fingerprint: fingerprintOf(config) };
    // $LATEST's new package replaces its old one in the account's code storage (before the writes).
    const grown = config.CodeSize - current.config.CodeSize;
    await changeCodeUsage(tx, ref.accountId, { code: grown }, cp.codeStorageLimit);
    await putVersion(tx, ref.accountId, latest);
    if (!publish) return { latest };
    const published = await publishInTx(tx, ref.accountId, fn, latest, {
      fromPendingChange: true,
      now,
      codeStorageLimit: cp.codeStorageLimit,
    });
    return { latest: published.latest, published: published.version };
  });
  cp.settler.schedule(ref.accountId, ref.name, LATEST, result.latest.config.RevisionId);
  if (result.published) {
    cp.settler.schedule(
      ref.accountId,
      ref.name,
      result.published.config.Version,
      result.published.config.RevisionId,
    );
  }
  await retireStale(cp, ref.accountId, ref.name, result.latest);
  return result;
}

interface UpdateCodeInput {
  FunctionName: string;
  ZipFile?: Buffer;
  S3Bucket?: string;
  S3Key?: string;
  S3ObjectVersion?: string;
  ImageUri?: string;
  Publish?: boolean;
  DryRun?: boolean;
  RevisionId?: string;
  Architectures?: string[];
}

export function updateFunctionCode(cp: ControlPlane) {
  return async (ctx: RequestContext, input: UpdateCodeInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, undefined, ctx);
    const zip = await requireZip(cp, ctx.accountId, input);
    const apply =
      (code: { hex: string; sha256: string; size: number }) =>
      (latest: VersionRecord): VersionRecord => ({
        ...latest,
        codeHex: code.hex,
        config: {
          ...latest.config,
          CodeSha256: code.sha256,
          CodeSize: code.size,
          ...(input.Architectures?.length ? { Architectures: [...input.Architectures] } : {}),
        },
      });
    const render = { region: cp.region, accountId: ref.accountId };
    if (input.DryRun) {
      // Validates the request and the package without changing the function.
      await cp.settler.settled(ref.accountId, ref.name);
      const current = await cp.store.read(async (tx) => {
        await requireFunction(tx, cp, ref);
        const latest = await requireLatest(tx, ref);
        if (input.RevisionId !== undefined && input.RevisionId !== latest.config.RevisionId)
          throw revisionMismatch();
        await verifyDeployment(cp, ref)(tx);
        return latest;
      });
      const code = await cp.code.put(zip);
      return renderConfig(apply(code)(current), { arn: 'unqualified', ...render });
    }
    const code = await storeCode(cp, zip);
    const { latest, published } = await updateLatest(
      cp,
      ref,
      input.RevisionId,
      input.Publish === true,
      verifyDeployment(cp, ref),
      apply(code),
    );
    if (published) return renderConfig(published, { arn: 'qualified', omitUpdateStatus: true, ...render });
    return renderConfig(latest, { arn: 'unqualified', ...render });
  };
}

interface UpdateConfigInput {
  FunctionName: string;
  Role?: string;
  Handler?: string;
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[] };
  Environment?: { Variables?: Record<string, string> };
  Runtime?: string;
  DeadLetterConfig?: { TargetArn?: string };
  KMSKeyArn?: string;
  TracingConfig?: { Mode?: string };
  RevisionId?: string;
  Layers?: string[];
  FileSystemConfigs?: Array<{ Arn: string; LocalMountPath: string }>;
  EphemeralStorage?: { Size: number };
  SnapStart?: { ApplyOn?: string };
  LoggingConfig?: Record<string, string>;
}

export function updateFunctionConfiguration(cp: ControlPlane) {
  return async (ctx: RequestContext, input: UpdateConfigInput): Promise<Record<string, unknown>> => {
    const ref = resolveRef(input.FunctionName, undefined, ctx);
    if (input.Runtime !== undefined) checkRuntime(input.Runtime);
    checkTimeout(input.Timeout);
    checkEnvironment(input.Environment?.Variables);
    const layers =
      input.Layers === undefined ? undefined : await resolveLayers(cp, ref.accountId, input.Layers);
    // New layers are a deployment to check; other settings are not.
    const guard = layers?.layers.length ? verifyDeployment(cp, ref) : undefined;
    const { latest } = await updateLatest(cp, ref, input.RevisionId, false, guard, (current) => {
      const config: FunctionConfigDoc = structuredClone(current.config);
      if (input.Role !== undefined) config.Role = input.Role;
      if (input.Handler !== undefined) config.Handler = input.Handler;
      if (input.Description !== undefined) config.Description = input.Description;
      if (input.Timeout !== undefined) config.Timeout = input.Timeout;
      if (input.MemorySize !== undefined) config.MemorySize = input.MemorySize;
      if (input.Runtime !== undefined) {
        config.Runtime = input.Runtime;
        config.RuntimeVersionConfig = { RuntimeVersionArn: runtimeVersionArn(cp.region, input.Runtime) };
      }
      if (input.Environment !== undefined)
        config.Environment = { Variables: { ...(input.Environment.Variables ?? {}) } };
      if (input.TracingConfig?.Mode !== undefined) config.TracingConfig = { Mode: input.TracingConfig.Mode };
      if (input.EphemeralStorage !== undefined)
        config.EphemeralStorage = { Size: input.EphemeralStorage.Size };
      if (input.SnapStart !== undefined)
        config.SnapStart = { ApplyOn: input.SnapStart.ApplyOn ?? 'None', OptimizationStatus: 'Off' };
      if (input.KMSKeyArn !== undefined) {
        if (input.KMSKeyArn === '') delete config.KMSKeyArn;
        else config.KMSKeyArn = input.KMSKeyArn;
      }
      if (input.DeadLetterConfig !== undefined) {
        if (input.DeadLetterConfig.TargetArn)
          config.DeadLetterConfig = { TargetArn: input.DeadLetterConfig.TargetArn };
        else delete config.DeadLetterConfig;
      }
      if (input.VpcConfig !== undefined) {
        if (input.VpcConfig.SubnetIds?.length) {
          config.VpcConfig = {
            SubnetIds: input.VpcConfig.SubnetIds,
            SecurityGroupIds: input.VpcConfig.SecurityGroupIds ?? [],
            VpcId: '',
          };
        } else delete config.VpcConfig;
      }
      if (input.FileSystemConfigs !== undefined) {
        if (input.FileSystemConfigs.length) config.FileSystemConfigs = input.FileSystemConfigs;
        else delete config.FileSystemConfigs;
      }
      if (input.LoggingConfig !== undefined) {
        const merged = { ...config.LoggingConfig };
        if (input.LoggingConfig.LogFormat === 'JSON' && merged.LogFormat !== 'JSON') {
          Object.assign(merged, { ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' });
        }
        Object.assign(merged, input.LoggingConfig);
        // Back to Text: the JSON-only log levels go (as AWS shows).
        if (merged.LogFormat === 'Text') {
          delete merged.ApplicationLogLevel;
          delete merged.SystemLogLevel;
        }
        config.LoggingConfig = merged;
      }
      let layerDirs = current.layerDirs;
      if (layers !== undefined) {
        if (layers.layers.length) config.Layers = layers.layers;
        else delete config.Layers;
        layerDirs = layers.dirs;
      }
      return { ...current, config, layerDirs };
    });
    return renderConfig(latest, { arn: 'unqualified', region: cp.region, accountId: ref.accountId });
  };
}
