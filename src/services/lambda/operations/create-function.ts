// CreateFunction (POST /2015-03-31/functions): https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
// Defaults as AWS applies them: Timeout 3, MemorySize 128, Architectures [x86_64], EphemeralStorage
// 512, TracingConfig PassThrough, Description "", LoggingConfig Text to /aws/lambda/<name>.
// A CodeSigningConfigArn must name an existing configuration, which then checks this first (unsigned)
// deployment (code-signing/verification.ts).
import { ServiceError } from '../../../server/service-error.js';
import type { RequestContext } from '../../service.js';
import { attachConfig } from '../code-signing/keys.js';
import { requireConfigForFunction, verifyUnsignedDeployment } from '../code-signing/verification.js';
import { putFunctionTags } from '../settings/keys.js';
import { validateTags } from '../settings/tags.js';
import {
  fingerprintOf,
  lambdaDate,
  newRevisionId,
  pendingState,
  renderConfig,
  runtimeVersionArn,
} from '../config-doc.js';
import { changeCodeUsage } from '../code-storage.js';
import type { ControlPlane } from '../deps.js';
import { conflict, invalidParameter, validationOne } from '../errors.js';
import { NAME_PATTERN, functionArn, parseFunctionRef } from '../function-ref.js';
import { checkRuntime } from '../runtimes.js';
import { LATEST } from '../store/keys.js';
import type { FunctionConfigDoc, FunctionRecord, VersionRecord } from '../store/records.js';
import { getFunction, putFunction, putVersion } from '../store/repo.js';
import {
  checkEnvironment,
  checkNameLength,
  checkTimeout,
  checkZipRuntimeAndHandler,
} from '../validate-config.js';
import { requireZip, resolveLayers, storeCode } from './common.js';
import { publishInTx } from './publish.js';

export interface CreateFunctionInput {
  FunctionName: string;
  Runtime?: string;
  Role: string;
  Handler?: string;
  Code: { ZipFile?: Buffer; S3Bucket?: string; S3Key?: string; S3ObjectVersion?: string; ImageUri?: string };
  Description?: string;
  Timeout?: number;
  MemorySize?: number;
  Publish?: boolean;
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[]; Ipv6AllowedForDualStack?: boolean };
  PackageType?: string;
  DeadLetterConfig?: { TargetArn?: string };
  Environment?: { Variables?: Record<string, string> };
  KMSKeyArn?: string;
  TracingConfig?: { Mode?: string };
  Tags?: Record<string, string>;
  Layers?: string[];
  FileSystemConfigs?: Array<{ Arn: string; LocalMountPath: string }>;
  Architectures?: string[];
  EphemeralStorage?: { Size: number };
  SnapStart?: { ApplyOn?: string };
  LoggingConfig?: Record<string, string>;
  CodeSigningConfigArn?: string;
}

/** The function's name from CreateFunction's FunctionName (a name, or a full or partial unqualified ARN). */
function nameToCreate(input: string, ctx: RequestContext): string {
  const ref = parseFunctionRef(input);
  if (!ref || ref.qualifier !== undefined) {
    throw validationOne(
      input,
      'functionName',
      `Member must satisfy regular expression pattern: ${NAME_PATTERN}`,
    );
  }
  if (ref.region !== undefined && ref.region !== ctx.region) {
    throw new ServiceError(
      'ResourceNotFoundException',
      `Functions from '${ref.region}' are not reachable in this region ('${ctx.region}')`,
      404,
      { Type: 'User' },
    );
  }
  if (ref.account !== undefined && ref.account !== ctx.accountId) {
    throw new ServiceError(
      'AccessDeniedException',
      `User: ${ctx.principal.arn} is not authorized to perform: lambda:CreateFunction on resource: ${functionArn(ctx.region, ref.account, ref.name)}`,
      403,
    );
  }
  checkNameLength(ref.name);
  return ref.name;
}

/** AWS's LoggingConfig defaults; JSON format brings INFO log levels with it. */
export function loggingConfig(
  name: string,
  given: Record<string, string> | undefined,
): Record<string, string> {
  const base: Record<string, string> = { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` };
  if (given?.LogFormat === 'JSON')
    Object.assign(base, { ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' });
  return { ...base, ...(given ?? {}) };
}

export function createFunction(cp: ControlPlane) {
  return async (ctx: RequestContext, input: CreateFunctionInput): Promise<Record<string, unknown>> => {
    const name = nameToCreate(input.FunctionName, ctx);
    const accountId = ctx.accountId;
    if ((input.PackageType ?? 'Zip') !== 'Zip') {
      throw invalidParameter(
        'Cumulo runs .zip deployment packages only: PackageType Image is not supported.',
      );
    }
    checkZipRuntimeAndHandler(input.Runtime, input.Handler);
    checkRuntime(input.Runtime!);
    checkTimeout(input.Timeout);
    checkEnvironment(input.Environment?.Variables);
    if (input.Tags) validateTags(input.Tags);
    const zip = await requireZip(cp, accountId, input.Code ?? {});
    const { layers, dirs } = await resolveLayers(cp, accountId, input.Layers ?? []);
    const code = await storeCode(cp, zip);

    const now = new Date();
    const config: FunctionConfigDoc = {
      FunctionName: name,
      Runtime: input.Runtime!,
      Role: input.Role,
      Handler: input.Handler!,
      CodeSize: code.size,
      Description: input.Description ?? '',
      Timeout: input.Timeout ?? 3,
      MemorySize: input.MemorySize ?? 128,
      LastModified: lambdaDate(now),
      CodeSha256: code.sha256,
      Version: LATEST,
      TracingConfig: { Mode: input.TracingConfig?.Mode ?? 'PassThrough' },
      RevisionId: newRevisionId(),
      ...pendingState(),
      PackageType: 'Zip',
      Architectures: input.Architectures?.length ? [...input.Architectures] : ['x86_64'],
      EphemeralStorage: { Size: input.EphemeralStorage?.Size ?? 512 },
      SnapStart: { ApplyOn: input.SnapStart?.ApplyOn ?? 'None', OptimizationStatus: 'Off' },
      RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(cp.region, input.Runtime!) },
      LoggingConfig: loggingConfig(name, input.LoggingConfig),
    };
    if (input.Environment) config.Environment = { Variables: { ...(input.Environment.Variables ?? {}) } };
    if (layers.length > 0) config.Layers = layers;
    if (input.DeadLetterConfig?.TargetArn)
      config.DeadLetterConfig = { TargetArn: input.DeadLetterConfig.TargetArn };
    if (input.KMSKeyArn) config.KMSKeyArn = input.KMSKeyArn;
    if (input.VpcConfig?.SubnetIds?.length) {
      config.VpcConfig = {
        SubnetIds: input.VpcConfig.SubnetIds,
        SecurityGroupIds: input.VpcConfig.SecurityGroupIds ?? [],
        VpcId: '',
      };
    }
    if (input.FileSystemConfigs?.length) config.FileSystemConfigs = input.FileSystemConfigs;
    const latest: VersionRecord = {
      config,
      codeHex: code.hex,
      layerDirs: dirs,
      fingerprint: fingerprintOf(config),
    };

    const result = await cp.store.write(async (tx) => {
      if (await getFunction(tx, accountId, name)) throw conflict(`Function already exist: ${name}`);
      if (input.CodeSigningConfigArn !== undefined) {
        const signing = await requireConfigForFunction(tx, cp.region, input.CodeSigningConfigArn);
        verifyUnsignedDeployment(signing, input.FunctionName);
        await attachConfig(tx, accountId, name, signing.Id);
      }
      // Before this transaction's writes: a first count of the account reads the stored versions.
      await changeCodeUsage(tx, accountId, { code: code.size, functions: 1 }, cp.codeStorageLimit);
      const fn: FunctionRecord = { name, created: now.getTime(), nextVersion: 1 };
      await putFunction(tx, accountId, fn);
      await putVersion(tx, accountId, latest);
      if (input.Tags && Object.keys(input.Tags).length > 0)
        await putFunctionTags(tx, accountId, name, input.Tags);
      if (!input.Publish) return { answer: latest, latest, published: undefined };
      const published = await publishInTx(tx, accountId, fn, latest, {
        fromPendingChange: true,
        now,
        codeStorageLimit: cp.codeStorageLimit,
      });
      return { answer: published.version, latest: published.latest, published: published.version };
    });
    cp.settler.schedule(accountId, name, LATEST, result.latest.config.RevisionId);
    if (result.published)
      cp.settler.schedule(
        accountId,
        name,
        result.published.config.Version,
        result.published.config.RevisionId,
      );
    // CreateFunction answers with the unqualified ARN even when it published (Version "1").
    return renderConfig(result.answer, {
      arn: 'unqualified',
      region: cp.region,
      accountId,
      omitUpdateStatus: true,
    });
  };
}
