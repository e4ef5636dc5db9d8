// The control plane's side of the invoke seam (invoke-target.ts): from a FunctionName and
// Qualifier to the exact version that runs and the EnvironmentSpec the runtime starts it with.
// Alias weights are applied per call (https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html).
import { GenerationCache } from '../../storage/generation-cache.js';
import { getFunctionPolicy } from './permissions/keys.js';
import { getEventInvokeConfig, getReservedConcurrency, listProvisionedConfigs } from './settings/keys.js';
import { pickVersion } from './alias-routing.js';
import type { ControlPlane } from './deps.js';
import { functionNotFound } from './errors.js';
import { functionArn, isVersionNumber, resolveRef } from './function-ref.js';
import type { EventInvokeConfig, InvokeTarget, InvokeTargetResolver } from './invoke-target.js';
import { configKeyOf } from './operations/common.js';
import { LATEST } from './store/keys.js';
import { getAlias, getFunction, getVersion } from './store/repo.js';
import type { AliasRecord, VersionRecord } from './store/records.js';

/** What the store says about one FunctionName + Qualifier, apart from the alias's pick of a version. */
interface Resolved {
  alias?: AliasRecord;
  reserved?: number;
  /** Provisioned concurrency per version (an alias's counted for its primary version), and in all. */
  provisioned?: { byVersion: Record<string, number>; total: number };
  eventInvokeConfig?: EventInvokeConfig;
  policy?: string;
  created: number;
}

/** A version as the runtime sees it: derived once per store generation (hashing, unpacked code). */
interface ResolvedVersion {
  record: VersionRecord;
  configKey: string;
  codeDir: string;
}

/**
 * Resolves through caches valid while the store's generation stays the same (GenerationCache): a
 * warm invoke then costs no store read, JSON parse or hash. Only what exists is cached; a miss
 * reads the store again.
 */
export function createTargetResolver(cp: ControlPlane): InvokeTargetResolver {
  const names = new GenerationCache<Resolved>(cp.store);
  const versions = new GenerationCache<ResolvedVersion>(cp.store);

  return {
    async resolve(
      functionName: string,
      qualifier: string | undefined,
      accountId: string,
    ): Promise<InvokeTarget> {
      const ref = resolveRef(functionName, qualifier, { accountId, region: cp.region });
      await cp.settler.settled(ref.accountId, ref.name);
      const q = ref.qualifier;
      // Built only when thrown: capturing an error's stack on every invoke is measurable.
      const notFound = (): Error => functionNotFound(functionArn(cp.region, ref.accountId, ref.name, q));
      const found = await names.get(`${ref.accountId}\0${ref.name}\0${q ?? ''}`, () =>
        cp.store.read(async (tx): Promise<Resolved> => {
          const fn = await getFunction(tx, ref.accountId, ref.name);
          if (!fn) throw notFound();
          const resolved: Resolved = {
            reserved: await getReservedConcurrency(tx, ref.accountId, ref.name),
            eventInvokeConfig: await getEventInvokeConfig(tx, ref.accountId, ref.name, q ?? LATEST),
            // The policy of the qualifier the caller named (an alias's own, not its version's).
            policy: await getFunctionPolicy(tx, ref.accountId, ref.name, q ?? LATEST, fn.created),
            created: fn.created,
          };
          const provisioned = await listProvisionedConfigs(tx, ref.accountId, ref.name);
          if (provisioned.length > 0) {
            const byVersion: Record<string, number> = {};
            let total = 0;
            for (const c of provisioned) {
              const v = isVersionNumber(c.Qualifier)
                ? c.Qualifier
                : (await getAlias(tx, ref.accountId, ref.name, c.Qualifier))?.FunctionVersion;
              const n = c.RequestedProvisionedConcurrentExecutions;
              if (v !== undefined) byVersion[v] = (byVersion[v] ?? 0) + n;
              total += n;
            }
            resolved.provisioned = { byVersion, total };
          }
          if (q !== undefined && q !== LATEST && !isVersionNumber(q)) {
            resolved.alias = await getAlias(tx, ref.accountId, ref.name, q);
            if (!resolved.alias) throw notFound();
          }
          return resolved;
        }),
      );
      const alias = found.alias;
      const version = alias
        ? pickVersion(alias.FunctionVersion, alias.RoutingConfig?.AdditionalVersionWeights)
        : (q ?? LATEST);
      const resolvedVersion = await versions.get(`${ref.accountId}\0${ref.name}\0${version}`, async () => {
        const record = await cp.store.read((tx) => getVersion(tx, ref.accountId, ref.name, version));
        if (!record) throw notFound();
        return {
          record,
          configKey: configKeyOf(ref.accountId, record),
          codeDir: await cp.code.ensureUnpacked(record.codeHex),
        };
      });
      const { record, configKey, codeDir } = resolvedVersion;
      const config = record.config;
      const unqualified = functionArn(cp.region, ref.accountId, ref.name);
      const target: InvokeTarget = {
        spec: {
          configKey,
          functionName: ref.name,
          functionArn: unqualified,
          version: config.Version,
          runtime: config.Runtime,
          handler: config.Handler,
          memorySize: config.MemorySize,
          timeout: config.Timeout,
          ephemeralStorage: config.EphemeralStorage.Size,
          codeDir,
          layerDirs: [...record.layerDirs],
          environment: { ...(config.Environment?.Variables ?? {}) },
          credentials: await cp.deps.credentialsForRole(config.Role),
          region: cp.region,
          endpointUrl: cp.deps.endpointUrl,
          logGroupName: config.LoggingConfig.LogGroup ?? `/aws/lambda/${ref.name}`,
        },
        functionName: ref.name,
        functionArn: unqualified,
        invokedArn: functionArn(cp.region, ref.accountId, ref.name, q),
        executedVersion: config.Version,
        state: config.State,
      };
      if (alias !== undefined) target.alias = q;
      if (found.reserved !== undefined) target.reservedConcurrency = found.reserved;
      if (found.provisioned !== undefined) {
        const { byVersion, total } = found.provisioned;
        target.provisioned = { version: byVersion[config.Version] ?? 0, function: total };
      }
      if (found.eventInvokeConfig !== undefined) target.eventInvokeConfig = found.eventInvokeConfig;
      if (found.policy !== undefined) target.policy = found.policy;
      return target;
    },
  };
}
