// Create/Get/Update/Delete/ListCodeSigningConfig(s) and ListFunctionsByCodeSigningConfig: the
// account's code signing configurations (API 2020-04-22 paths of Lambda's 2015-03-31 model).
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateCodeSigningConfig.html
// The model checks Description (0–256), SigningProfileVersionArns (1–20 ARNs), the policy enum and
// the ARN pattern of the path. UntrustedArtifactOnDeployment defaults to Warn ("Default value: Warn",
// API_CodeSigningPolicies). A configuration a function still uses is not deleted (409).
import type { Store } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { lambdaDate } from '../config-doc.js';
import { functionArn } from '../function-ref.js';
import { configArn, newConfigId } from './arns.js';
import { configInUse as inUseError, configNotFound } from './errors.js';
import {
  CONFIG_FUNCTIONS_NS,
  CONFIGS_NS,
  configInUse,
  configKey,
  usersPrefix,
  type CodeSigningPolicy,
  type StoredCodeSigningConfig,
} from './keys.js';
import { findConfig } from './verification.js';

export interface CodeSigningDeps {
  store: Store;
  region: string;
}

interface ConfigInput {
  Description?: string;
  AllowedPublishers?: { SigningProfileVersionArns: string[] };
  CodeSigningPolicies?: { UntrustedArtifactOnDeployment?: CodeSigningPolicy };
}

interface PageInput {
  Marker?: string;
  MaxItems?: number;
}

/** The page size when MaxItems is not given (Lambda's list operations answer 50). */
const DEFAULT_MAX_ITEMS = 50;

export function codeSigningConfigHandlers(deps: CodeSigningDeps) {
  const view = (c: StoredCodeSigningConfig) => {
    const out: Record<string, unknown> = {
      CodeSigningConfigId: c.Id,
      CodeSigningConfigArn: configArn(deps.region, c.AccountId, c.Id),
    };
    if (c.Description !== undefined) out.Description = c.Description;
    out.AllowedPublishers = { SigningProfileVersionArns: c.SigningProfileVersionArns };
    out.CodeSigningPolicies = { UntrustedArtifactOnDeployment: c.UntrustedArtifactOnDeployment };
    out.LastModified = c.LastModified;
    return out;
  };

  /** The configuration an ARN names, or AWS's 404 for it. */
  const locate = async (arn: string) => {
    const config = await deps.store.read((tx) => findConfig(tx, deps.region, arn));
    if (!config) throw configNotFound(arn);
    return config;
  };

  return {
    async CreateCodeSigningConfig(ctx: RequestContext, input: ConfigInput) {
      const config: StoredCodeSigningConfig = {
        Id: newConfigId(),
        AccountId: ctx.accountId,
        SigningProfileVersionArns: [...(input.AllowedPublishers?.SigningProfileVersionArns ?? [])],
        UntrustedArtifactOnDeployment: input.CodeSigningPolicies?.UntrustedArtifactOnDeployment ?? 'Warn',
        LastModified: lambdaDate(new Date()),
      };
      if (input.Description !== undefined) config.Description = input.Description;
      await deps.store.write((tx) => tx.put(CONFIGS_NS, configKey(config.AccountId, config.Id), config));
      return { CodeSigningConfig: view(config) };
    },

    async GetCodeSigningConfig(_ctx: RequestContext, input: { CodeSigningConfigArn: string }) {
      return { CodeSigningConfig: view(await locate(input.CodeSigningConfigArn)) };
    },

    async UpdateCodeSigningConfig(
      _ctx: RequestContext,
      input: ConfigInput & { CodeSigningConfigArn: string },
    ) {
      const arn = input.CodeSigningConfigArn;
      const updated = await deps.store.write(async (tx) => {
        const existing = await findConfig(tx, deps.region, arn);
        if (!existing) throw configNotFound(arn);
        const config: StoredCodeSigningConfig = { ...existing, LastModified: lambdaDate(new Date()) };
        if (input.Description !== undefined) config.Description = input.Description;
        if (input.AllowedPublishers !== undefined)
          config.SigningProfileVersionArns = [...input.AllowedPublishers.SigningProfileVersionArns];
        const policy = input.CodeSigningPolicies?.UntrustedArtifactOnDeployment;
        if (policy !== undefined) config.UntrustedArtifactOnDeployment = policy;
        await tx.put(CONFIGS_NS, configKey(config.AccountId, config.Id), config);
        return config;
      });
      return { CodeSigningConfig: view(updated) };
    },

    async DeleteCodeSigningConfig(_ctx: RequestContext, input: { CodeSigningConfigArn: string }) {
      const arn = input.CodeSigningConfigArn;
      await deps.store.write(async (tx) => {
        const config = await findConfig(tx, deps.region, arn);
        if (!config) throw configNotFound(arn);
        if (await configInUse(tx, config.AccountId, config.Id)) throw inUseError(arn);
        await tx.delete(CONFIGS_NS, configKey(config.AccountId, config.Id));
      });
      return {};
    },

    async ListCodeSigningConfigs(ctx: RequestContext, input: PageInput) {
      const prefix = `${ctx.accountId}/`;
      const { items, nextMarker } = await page<StoredCodeSigningConfig>(
        deps.store,
        CONFIGS_NS,
        prefix,
        input,
      );
      const out: Record<string, unknown> = { CodeSigningConfigs: items.map(view) };
      if (nextMarker !== undefined) out.NextMarker = nextMarker;
      return out;
    },

    async ListFunctionsByCodeSigningConfig(
      _ctx: RequestContext,
      input: PageInput & { CodeSigningConfigArn: string },
    ) {
      const config = await locate(input.CodeSigningConfigArn);
      const prefix = usersPrefix(config.AccountId, config.Id);
      const { items, nextMarker } = await page<string>(deps.store, CONFIG_FUNCTIONS_NS, prefix, input);
      const out: Record<string, unknown> = {
        FunctionArns: items.map((name) => functionArn(deps.region, config.AccountId, name)),
      };
      if (nextMarker !== undefined) out.NextMarker = nextMarker;
      return out;
    },
  };
}

/**
 * One page of a namespace's entries under `prefix`, in key order. The marker is the last key's part
 * after the prefix (a configuration id or a function name); one entry more than asked tells whether
 * another page follows.
 */
async function page<T>(
  store: Store,
  ns: string,
  prefix: string,
  input: PageInput,
): Promise<{ items: T[]; nextMarker?: string }> {
  const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const entries = await store.read((tx) =>
    tx.list<T>(ns, {
      prefix,
      ...(input.Marker !== undefined ? { after: prefix + input.Marker } : {}),
      limit: max + 1,
    }),
  );
  const pageEntries = entries.slice(0, max);
  const items = pageEntries.map((e) => e.value);
  if (entries.length <= max) return { items };
  return { items, nextMarker: pageEntries[pageEntries.length - 1]!.key.slice(prefix.length) };
}
