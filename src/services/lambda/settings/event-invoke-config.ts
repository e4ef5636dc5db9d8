// Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s): error handling and destinations for
// asynchronous invocation, per qualifier ($LATEST when none is given).
// https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html
// Put replaces the whole configuration; Update changes only the settings it names, and fails when
// there is none yet. Ranges (MaximumRetryAttempts 0–2, MaximumEventAgeInSeconds 60–21600) and the
// destination ARN pattern are checked by the codec from the model.
import type { RequestContext } from '../../service.js';
import type { DestinationConfig } from '../invoke-target.js';
import { findFunction, type FoundFunction, type SettingsDeps } from './deps.js';
import { effectiveQualifier, parseFunctionName, qualifiedArn, userError } from './function-names.js';
import {
  EVENT_INVOKE_CONFIGS_NS,
  eventInvokeConfigKey,
  functionKey,
  type StoredEventInvokeConfig,
} from './keys.js';

interface ConfigInput {
  FunctionName: string;
  Qualifier?: string;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: DestinationConfig;
}

const DEFAULT_MAX_ITEMS = 50;

export function eventInvokeConfigHandlers(deps: SettingsDeps) {
  const output = (accountId: string, c: StoredEventInvokeConfig) => {
    const out: Record<string, unknown> = {
      // Epoch seconds on the wire (a timestamp member of a rest-json body).
      LastModified: new Date(c.LastModified),
      FunctionArn: qualifiedArn(deps.region, accountId, c.FunctionName, c.Qualifier),
    };
    if (c.MaximumRetryAttempts !== undefined) out.MaximumRetryAttempts = c.MaximumRetryAttempts;
    if (c.MaximumEventAgeInSeconds !== undefined) out.MaximumEventAgeInSeconds = c.MaximumEventAgeInSeconds;
    out.DestinationConfig = c.DestinationConfig;
    return out;
  };

  /** The function and qualifier a Put/Update applies to, checked to exist. */
  const target = async (
    ctx: RequestContext,
    input: ConfigInput,
  ): Promise<{ found: FoundFunction; qualifier: string }> => {
    if (
      input.MaximumRetryAttempts === undefined &&
      input.MaximumEventAgeInSeconds === undefined &&
      input.DestinationConfig === undefined
    ) {
      throw userError(
        'InvalidParameterValueException',
        'You must specify at least one of error handling or destination setting.',
      );
    }
    const { ref, found } = await findFunction(deps, ctx.accountId, input.FunctionName);
    const qualifier = effectiveQualifier(ref, input.Qualifier);
    if (!found || (qualifier !== undefined && !found.info.qualifiers.includes(qualifier))) {
      throw userError('ResourceNotFoundException', "The function doesn't exist.", 404);
    }
    if (input.DestinationConfig) await validateDestinations(deps, ctx, found, input.DestinationConfig);
    return { found, qualifier: qualifier ?? '$LATEST' };
  };

  const noConfig = (ctx: RequestContext, name: string, qualifier: string) =>
    userError(
      'ResourceNotFoundException',
      `The function ${qualifiedArn(deps.region, ctx.accountId, name, qualifier)} doesn't have an EventInvokeConfig`,
      404,
    );

  return {
    async PutFunctionEventInvokeConfig(ctx: RequestContext, input: ConfigInput) {
      const { found, qualifier } = await target(ctx, input);
      const config: StoredEventInvokeConfig = {
        FunctionName: found.info.functionName,
        Qualifier: qualifier,
        DestinationConfig: normalizeDestinations(input.DestinationConfig),
        LastModified: Date.now(),
      };
      if (input.MaximumRetryAttempts !== undefined) config.MaximumRetryAttempts = input.MaximumRetryAttempts;
      if (input.MaximumEventAgeInSeconds !== undefined)
        config.MaximumEventAgeInSeconds = input.MaximumEventAgeInSeconds;
      await deps.store.write((tx) =>
        tx.put(
          EVENT_INVOKE_CONFIGS_NS,
          eventInvokeConfigKey(found.accountId, config.FunctionName, qualifier),
          config,
        ),
      );
      return output(found.accountId, config);
    },

    async UpdateFunctionEventInvokeConfig(ctx: RequestContext, input: ConfigInput) {
      const { found, qualifier } = await target(ctx, input);
      const key = eventInvokeConfigKey(found.accountId, found.info.functionName, qualifier);
      const updated = await deps.store.write(async (tx) => {
        const existing = await tx.get<StoredEventInvokeConfig>(EVENT_INVOKE_CONFIGS_NS, key);
        if (!existing) throw noConfig(ctx, found.info.functionName, qualifier);
        const config: StoredEventInvokeConfig = { ...existing, LastModified: Date.now() };
        if (input.MaximumRetryAttempts !== undefined)
          config.MaximumRetryAttempts = input.MaximumRetryAttempts;
        if (input.MaximumEventAgeInSeconds !== undefined)
          config.MaximumEventAgeInSeconds = input.MaximumEventAgeInSeconds;
        if (input.DestinationConfig !== undefined)
          config.DestinationConfig = normalizeDestinations(input.DestinationConfig);
        await tx.put(EVENT_INVOKE_CONFIGS_NS, key, config);
        return config;
      });
      return output(found.accountId, updated);
    },

    async GetFunctionEventInvokeConfig(
      ctx: RequestContext,
      input: { FunctionName: string; Qualifier?: string },
    ) {
      const ref = parseFunctionName(input.FunctionName);
      const qualifier = effectiveQualifier(ref, input.Qualifier) ?? '$LATEST';
      const { found } = await findFunction(deps, ctx.accountId, input.FunctionName);
      const config =
        found &&
        (await deps.store.read((tx) =>
          tx.get<StoredEventInvokeConfig>(
            EVENT_INVOKE_CONFIGS_NS,
            eventInvokeConfigKey(found.accountId, found.info.functionName, qualifier),
          ),
        ));
      if (!found || !config) throw noConfig(ctx, found?.info.functionName ?? ref.name, qualifier);
      return output(found.accountId, config);
    },

    async DeleteFunctionEventInvokeConfig(
      ctx: RequestContext,
      input: { FunctionName: string; Qualifier?: string },
    ) {
      const ref = parseFunctionName(input.FunctionName);
      const qualifier = effectiveQualifier(ref, input.Qualifier) ?? '$LATEST';
      const { found } = await findFunction(deps, ctx.accountId, input.FunctionName);
      const deleted =
        found &&
        (await deps.store.write((tx) =>
          tx.delete(
            EVENT_INVOKE_CONFIGS_NS,
            eventInvokeConfigKey(found.accountId, found.info.functionName, qualifier),
          ),
        ));
      if (!found || !deleted) throw noConfig(ctx, found?.info.functionName ?? ref.name, qualifier);
      return {};
    },

    async ListFunctionEventInvokeConfigs(
      ctx: RequestContext,
      input: { FunctionName: string; Marker?: string; MaxItems?: number },
    ) {
      const { found } = await findFunction(deps, ctx.accountId, input.FunctionName);
      if (!found) throw userError('ResourceNotFoundException', "The function doesn't exist.", 404);
      const prefix = functionKey(found.accountId, found.info.functionName) + '/';
      const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
      // The marker is the last qualifier of the previous page; one more than asked tells whether there is more.
      const entries = await deps.store.read((tx) =>
        tx.list<StoredEventInvokeConfig>(EVENT_INVOKE_CONFIGS_NS, {
          prefix,
          ...(input.Marker !== undefined ? { after: prefix + input.Marker } : {}),
          limit: max + 1,
        }),
      );
      const pageEntries = entries.slice(0, max);
      const result: Record<string, unknown> = {
        FunctionEventInvokeConfigs: pageEntries.map((e) => output(found.accountId, e.value)),
      };
      if (entries.length > max) result.NextMarker = pageEntries[pageEntries.length - 1]!.value.Qualifier;
      return result;
    },
  };
}

/** AWS answers with both sides present, `{}` for one without a destination. */
function normalizeDestinations(
  config: DestinationConfig | undefined,
): StoredEventInvokeConfig['DestinationConfig'] {
  const side = (d: { Destination?: string } | undefined) =>
    d?.Destination ? { Destination: d.Destination } : {};
  return { OnSuccess: side(config?.OnSuccess), OnFailure: side(config?.OnFailure) };
}

/**
 * Destinations may be an SQS queue, SNS topic, EventBridge event bus or another Lambda function that
 * exists. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
async function validateDestinations(
  deps: SettingsDeps,
  ctx: RequestContext,
  found: FoundFunction,
  config: DestinationConfig,
): Promise<void> {
  const onSuccess = config.OnSuccess?.Destination || undefined;
  const onFailure = config.OnFailure?.Destination || undefined;
  let supported = true;
  for (const arn of [onFailure, onSuccess]) {
    if (arn === undefined) continue;
    const service = arn.split(':')[2];
    if (service === 'lambda') {
      const destination = await deps.functions.get(ctx.accountId, arn);
      if (!destination)
        throw userError('InvalidParameterValueException', `The destination ARN ${arn} is invalid.`);
      if (destination.functionArn === found.info.functionArn) {
        throw userError(
          'InvalidParameterValueException',
          "You can't specify the function as a destination for itself.",
        );
      }
    } else if (service !== 'sqs' && service !== 'sns' && service !== 'events') {
      supported = false;
    }
  }
  if (!supported) {
    const part = (side: string, arn: string | undefined) => (arn ? `${side}(destination=${arn})` : 'null');
    throw userError(
      'InvalidParameterValueException',
      `The provided destination config DestinationConfig(onSuccess=${part('OnSuccess', onSuccess)}, ` +
        `onFailure=${part('OnFailure', onFailure)}) is invalid.`,
    );
  }
}
