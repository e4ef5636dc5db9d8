// Put/Get/Delete/ListProvisionedConcurrencyConfig(s): pre-initialized execution environments for a
// published version or an alias (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html,
// https://docs.aws.amazon.com/lambda/latest/api/API_PutProvisionedConcurrencyConfig.html).
// Texts and their order are AWS's as recorded in LocalStack's AWS-validated snapshots
// (test_lambda_api.snapshot.json: TestLambdaProvisionedConcurrency; test_lambda.snapshot.json:
// TestLambdaConcurrency::test_reserved_provisioned_overlap). A Put answers 202 IN_PROGRESS with
// nothing allocated yet; Get and List read the runtime's progress (READY, or FAILED with a reason).
import { ServiceError } from '../../../server/service-error.js';
import type { ReadTx } from '../../../storage/store.js';
import type { RequestContext } from '../../service.js';
import { awsDate } from '../layers/deps.js';
import {
  allocatedConcurrencySum,
  DEFAULT_CONCURRENT_EXECUTIONS,
  MINIMUM_UNRESERVED_CONCURRENCY,
  provisionedTotal,
} from './concurrency.js';
import { findFunction, requireFunction, type FoundFunction, type SettingsDeps } from './deps.js';
import {
  effectiveQualifier,
  parseFunctionName,
  qualifiedArn,
  untypedError,
  userError,
} from './function-names.js';
import {
  getReservedConcurrency,
  listProvisionedConfigs,
  PROVISIONED_NS,
  qualifierKey,
  type StoredProvisionedConfig,
} from './keys.js';

interface QualifiedInput {
  FunctionName: string;
  Qualifier?: string;
}

const DEFAULT_MAX_ITEMS = 50;
const isVersion = (q: string): boolean => /^\d+$/.test(q);

export function provisionedConcurrencyHandlers(deps: SettingsDeps) {
  const limit = deps.concurrentExecutions ?? DEFAULT_CONCURRENT_EXECUTIONS;

  /**
   * The function and qualifier a call names, checked to exist: a missing alias (or an alias of a
   * missing function) is "Cannot find alias arn", a missing version "Function not found".
   */
  const target = async (
    ctx: RequestContext,
    input: QualifiedInput,
    latestMessage: string,
  ): Promise<{ found: FoundFunction; qualifier: string }> => {
    const ref = parseFunctionName(input.FunctionName);
    const qualifier = effectiveQualifier(ref, input.Qualifier) ?? '$LATEST';
    if (qualifier === '$LATEST') throw userError('InvalidParameterValueException', latestMessage);
    const { found } = await findFunction(deps, ctx.accountId, input.FunctionName);
    const name = found?.info.functionName ?? ref.name;
    const arn = qualifiedArn(deps.region, found?.accountId ?? ctx.accountId, name, qualifier);
    if (!found || !found.info.qualifiers.includes(qualifier)) {
      throw isVersion(qualifier)
        ? userError('ResourceNotFoundException', `Function not found: ${arn}`, 404)
        : userError('ResourceNotFoundException', `Cannot find alias arn: ${arn}`, 404);
    }
    return { found, qualifier };
  };

  const output = (found: FoundFunction, c: StoredProvisionedConfig, withArn: boolean) => {
    const progress = deps.provisioned?.progress(found.accountId, c.FunctionName, c.Qualifier) ?? {
      status: 'IN_PROGRESS' as const,
      ready: 0,
    };
    const out: Record<string, unknown> = {};
    if (withArn) out.FunctionArn = qualifiedArn(deps.region, found.accountId, c.FunctionName, c.Qualifier);
    out.RequestedProvisionedConcurrentExecutions = c.RequestedProvisionedConcurrentExecutions;
    out.AvailableProvisionedConcurrentExecutions = progress.ready;
    out.AllocatedProvisionedConcurrentExecutions = progress.ready;
    out.Status = progress.status;
    if (progress.reason !== undefined) out.StatusReason = progress.reason;
    out.LastModified = awsDate(c.LastModified);
    return out;
  };

  return {
    async PutProvisionedConcurrencyConfig(
      ctx: RequestContext,
      input: QualifiedInput & { ProvisionedConcurrentExecutions: number },
    ) {
      const { found, qualifier } = await target(
        ctx,
        input,
        'Provisioned Concurrency Configs cannot be applied to unpublished function versions.',
      );
      const name = found.info.functionName;
      const requested = input.ProvisionedConcurrentExecutions;
      const config: StoredProvisionedConfig = {
        FunctionName: name,
        Qualifier: qualifier,
        RequestedProvisionedConcurrentExecutions: requested,
        LastModified: Date.now(),
      };
      await deps.store.write(async (tx) => {
        const others = await provisionedTotal(tx, found.accountId, name, qualifier);
        const reserved = await getReservedConcurrency(tx, found.accountId, name);
        if (reserved !== undefined && reserved < others + requested) {
          throw userError(
            'InvalidParameterValueException',
            'Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function',
          );
        }
        // The two account limits answer without a Type member: the AWS-validated snapshot
        // TestLambdaProvisionedConcurrency::test_provisioned_concurrency_limits.
        if (requested > limit) {
          throw untypedError(
            'InvalidParameterValueException',
            `Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [${limit}].`,
          );
        }
        // Without a reservation, the function's provisioned concurrency comes out of the shared pool.
        const elsewhere = await allocatedConcurrencySum(tx, found.accountId, name);
        if (
          reserved === undefined &&
          limit - elsewhere - others - requested < MINIMUM_UNRESERVED_CONCURRENCY
        ) {
          throw untypedError(
            'InvalidParameterValueException',
            "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution " +
              `below its minimum value of [${MINIMUM_UNRESERVED_CONCURRENCY}].`,
          );
        }
        await checkAliasVersionConflict(tx, found, qualifier);
        await tx.put(PROVISIONED_NS, qualifierKey(found.accountId, name, qualifier), config);
      });
      await deps.provisioned?.apply(found.accountId, name);
      // AWS answers a Put with nothing allocated yet, whatever was there before.
      return {
        RequestedProvisionedConcurrentExecutions: requested,
        AvailableProvisionedConcurrentExecutions: 0,
        AllocatedProvisionedConcurrentExecutions: 0,
        Status: 'IN_PROGRESS',
        LastModified: awsDate(config.LastModified),
      };
    },

    async GetProvisionedConcurrencyConfig(ctx: RequestContext, input: QualifiedInput) {
      const { found, qualifier } = await target(
        ctx,
        input,
        'The function resource provided must be an alias or a published version.',
      );
      const config = await deps.store.read((tx) =>
        tx.get<StoredProvisionedConfig>(
          PROVISIONED_NS,
          qualifierKey(found.accountId, found.info.functionName, qualifier),
        ),
      );
      if (!config) {
        throw new ServiceError(
          'ProvisionedConcurrencyConfigNotFoundException',
          'No Provisioned Concurrency Config found for this function',
          404,
          { Type: 'User' },
        );
      }
      return output(found, config, false);
    },

    async DeleteProvisionedConcurrencyConfig(ctx: RequestContext, input: QualifiedInput) {
      const { found, qualifier } = await target(
        ctx,
        input,
        'The function resource provided must be an alias or a published version.',
      );
      // Deleting a config that is not there succeeds (204), as on AWS.
      const name = found.info.functionName;
      const deleted = await deps.store.write((tx) =>
        tx.delete(PROVISIONED_NS, qualifierKey(found.accountId, name, qualifier)),
      );
      if (deleted) await deps.provisioned?.apply(found.accountId, name);
      return {};
    },

    async ListProvisionedConcurrencyConfigs(
      ctx: RequestContext,
      input: { FunctionName: string; Marker?: string; MaxItems?: number },
    ) {
      const found = await requireFunction(deps, ctx.accountId, input.FunctionName);
      const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
      // The marker is the last qualifier of the previous page.
      const configs = (
        await deps.store.read((tx) => listProvisionedConfigs(tx, found.accountId, found.info.functionName))
      ).filter((c) => input.Marker === undefined || c.Qualifier > input.Marker);
      const page = configs.slice(0, max);
      const result: Record<string, unknown> = {
        ProvisionedConcurrencyConfigs: page.map((c) => output(found, c, true)),
      };
      if (configs.length > max) result.NextMarker = page[page.length - 1]!.Qualifier;
      return result;
    },
  };

  /**
   * One version's provisioned concurrency is configured once: on the version or on an alias of it
   * (409, AWS's texts).
   */
  async function checkAliasVersionConflict(
    tx: ReadTx,
    found: FoundFunction,
    qualifier: string,
  ): Promise<void> {
    const configs = await listProvisionedConfigs(tx, found.accountId, found.info.functionName);
    const configured = new Set(configs.map((c) => c.Qualifier));
    const aliasVersions = found.info.aliasVersions ?? {};
    if (!isVersion(qualifier)) {
      const version = aliasVersions[qualifier];
      if (version !== undefined && configured.has(version)) {
        throw conflict(
          "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version",
        );
      }
    } else if (Object.entries(aliasVersions).some(([a, v]) => v === qualifier && configured.has(a))) {
      throw conflict('Version is pointed by a Provisioned Concurrency alias');
    }
  }
}

function conflict(message: string): ServiceError {
  return userError('ResourceConflictException', message, 409);
}
