// PutFunctionConcurrency / GetFunctionConcurrency / DeleteFunctionConcurrency: reserved concurrency
// of a whole function (all versions and aliases).
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
// "Lambda requires at least 100 unreserved concurrency ... you can reserve up to the unreserved account
// concurrency value minus 100."
import type { RequestContext } from '../../service.js';
import type { ReadTx } from '../../../storage/store.js';
import { findFunction, requireFunction, type SettingsDeps } from './deps.js';
import { qualifiedArn, untypedError, userError } from './function-names.js';
import {
  CONCURRENCY_NS,
  functionKey,
  listProvisionedConfigs,
  PROVISIONED_NS,
  type StoredConcurrency,
  type StoredProvisionedConfig,
} from './keys.js';

export const DEFAULT_CONCURRENT_EXECUTIONS = 1000;
/** AWS keeps this much of the account's concurrency unreserved. */
export const MINIMUM_UNRESERVED_CONCURRENCY = 100;

/**
 * Concurrency the account's functions hold apart from the shared pool, except `exceptFunction`'s: a
 * function's reservation, or else the provisioned concurrency of its versions and aliases (AWS:
 * "Provisioned concurrency counts towards a function's reserved concurrency and Regional quotas";
 * a reservation already contains the function's provisioned concurrency, which may not exceed it).
 */
export async function allocatedConcurrencySum(
  tx: ReadTx,
  accountId: string,
  exceptFunction?: string,
): Promise<number> {
  const allocated = new Map<string, number>();
  const provisioned = await tx.list<StoredProvisionedConfig>(PROVISIONED_NS, { prefix: `${accountId}/` });
  for (const { value } of provisioned) {
    const fn = value.FunctionName;
    allocated.set(fn, (allocated.get(fn) ?? 0) + value.RequestedProvisionedConcurrentExecutions);
  }
  const reserved = await tx.list<StoredConcurrency>(CONCURRENCY_NS, { prefix: `${accountId}/` });
  for (const { key, value } of reserved) {
    allocated.set(key.slice(accountId.length + 1), value.ReservedConcurrentExecutions);
  }
  if (exceptFunction !== undefined) allocated.delete(exceptFunction);
  let sum = 0;
  for (const n of allocated.values()) sum += n;
  return sum;
}

/** Provisioned concurrency of all the function's versions and aliases, except one qualifier's. */
export async function provisionedTotal(
  tx: ReadTx,
  accountId: string,
  functionName: string,
  exceptQualifier?: string,
): Promise<number> {
  const configs = await listProvisionedConfigs(tx, accountId, functionName);
  return configs
    .filter((c) => c.Qualifier !== exceptQualifier)
    .reduce((sum, c) => sum + c.RequestedProvisionedConcurrentExecutions, 0);
}

export function concurrencyHandlers(deps: SettingsDeps) {
  const limit = deps.concurrentExecutions ?? DEFAULT_CONCURRENT_EXECUTIONS;

  return {
    async PutFunctionConcurrency(
      ctx: RequestContext,
      input: { FunctionName: string; ReservedConcurrentExecutions: number },
    ) {
      const { ref, found } = await findFunction(deps, ctx.accountId, input.FunctionName);
      if (ref.qualifier !== undefined) {
        throw userError(
          'InvalidParameterValueException',
          'This operation is permitted on Lambda functions only. Aliases and versions do not support this ' +
            'operation. Please specify either a function name or an unqualified function ARN.',
        );
      }
      if (!found) {
        throw userError(
          'ResourceNotFoundException',
          `Function not found: ${qualifiedArn(deps.region, ctx.accountId, ref.name, '$LATEST')}`,
          404,
        );
      }
      const name = found.info.functionName;
      const value = input.ReservedConcurrentExecutions;
      await deps.store.write(async (tx) => {
        // The function's own current reservation is replaced, so it does not count against the new one.
        const others = await allocatedConcurrencySum(tx, found.accountId, name);
        if (limit - others - value < MINIMUM_UNRESERVED_CONCURRENCY) {
          // Without a Type member: TestLambdaReservedConcurrency::test_function_concurrency_limits.
          throw untypedError(
            'InvalidParameterValueException',
            "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution " +
              `below its minimum value of [${MINIMUM_UNRESERVED_CONCURRENCY}].`,
          );
        }
        const provisioned = await provisionedTotal(tx, found.accountId, name);
        if (provisioned > value) {
          // AWS's text, spaces included, and without the usual Type member (LocalStack's AWS-validated
          // snapshot TestLambdaConcurrency::test_reserved_provisioned_overlap).
          throw untypedError(
            'InvalidParameterValueException',
            ` ReservedConcurrentExecutions  ${value} should not be lower than function's total provisioned concurrency [${provisioned}].`,
          );
        }
        await tx.put<StoredConcurrency>(CONCURRENCY_NS, functionKey(found.accountId, name), {
          ReservedConcurrentExecutions: value,
        });
      });
      return { ReservedConcurrentExecutions: value };
    },

    async GetFunctionConcurrency(ctx: RequestContext, input: { FunctionName: string }) {
      const found = await requireFunction(deps, ctx.accountId, input.FunctionName);
      const stored = await deps.store.read((tx) =>
        tx.get<StoredConcurrency>(CONCURRENCY_NS, functionKey(found.accountId, found.info.functionName)),
      );
      // No reservation: an empty response, as AWS ("{}").
      return stored ? { ReservedConcurrentExecutions: stored.ReservedConcurrentExecutions } : {};
    },

    async DeleteFunctionConcurrency(ctx: RequestContext, input: { FunctionName: string }) {
      // A `:qualifier` suffix is ignored here: the reservation belongs to the whole function.
      const found = await requireFunction(deps, ctx.accountId, input.FunctionName);
      await deps.store.write((tx) =>
        tx.delete(CONCURRENCY_NS, functionKey(found.accountId, found.info.functionName)),
      );
      return {};
    },
  };
}
