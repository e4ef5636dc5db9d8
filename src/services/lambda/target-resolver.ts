// The control plane's side of the invoke seam (invoke-target.ts): from a FunctionName and
// Qualifier to the exact version that runs and the EnvironmentSpec the runtime starts it with.
// Alias weights are applied per call (https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html).
import { getFunctionPolicy } from './permissions/keys.js';
import { getEventInvokeConfig, getReservedConcurrency } from './settings/keys.js';
import { pickVersion } from './alias-routing.js';
import type { ControlPlane } from './deps.js';
import { functionNotFound } from './errors.js';
import { functionArn, isVersionNumber, resolveRef } from './function-ref.js';
import type { InvokeTarget, InvokeTargetResolver } from './invoke-target.js';
import { configKeyOf } from './operations/common.js';
import { LATEST } from './store/keys.js';
import { getAlias, getFunction, getVersion } from './store/repo.js';

export function createTargetResolver(cp: ControlPlane): InvokeTargetResolver {
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
      const found = await cp.store.read(async (tx) => {
        const fn = await getFunction(tx, ref.accountId, ref.name);
        if (!fn) throw notFound();
        let version = q ?? LATEST;
        let alias: string | undefined;
        if (q !== undefined && q !== LATEST && !isVersionNumber(q)) {
          const record = await getAlias(tx, ref.accountId, ref.name, q);
          if (!record) throw notFound();
          alias = q;
          version = pickVersion(record.FunctionVersion, record.RoutingConfig?.AdditionalVersionWeights);
        }
        const record = await getVersion(tx, ref.accountId, ref.name, version);
        if (!record) throw notFound();
        return {
          record,
          alias,
          reserved: await getReservedConcurrency(tx, ref.accountId, ref.name),
          eventInvokeConfig: await getEventInvokeConfig(tx, ref.accountId, ref.name, q ?? LATEST),
          // The policy of the qualifier the caller named (an alias's own, not its version's).
          policy: await getFunctionPolicy(tx, ref.accountId, ref.name, q ?? LATEST, fn.created),
        };
      });
      const config = found.record.config;
      const unqualified = functionArn(cp.region, ref.accountId, ref.name);
      const target: InvokeTarget = {
        spec: {
          configKey: configKeyOf(ref.accountId, found.record),
          functionName: ref.name,
          functionArn: unqualified,
          version: config.Version,
          runtime: config.Runtime,
          handler: config.Handler,
          memorySize: config.MemorySize,
          timeout: config.Timeout,
          ephemeralStorage: config.EphemeralStorage.Size,
          codeDir: await cp.code.ensureUnpacked(found.record.codeHex),
          layerDirs: [...found.record.layerDirs],
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
      if (found.alias !== undefined) target.alias = found.alias;
      if (found.reserved !== undefined) target.reservedConcurrency = found.reserved;
      if (found.eventInvokeConfig !== undefined) target.eventInvokeConfig = found.eventInvokeConfig;
      if (found.policy !== undefined) target.policy = found.policy;
      return target;
    },
  };
}
