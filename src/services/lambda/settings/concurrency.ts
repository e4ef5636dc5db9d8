// PutFunctionConcurrency / GetFunctionConcurrency / DeleteFunctionConcurrency: reserved concurrency
// of a whole function (all versions and aliases).
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
// "Lambda requires at least 100 unreserved concurrency ... you can reserve up to the unreserved account
// concurrency value minus 100."
import type { RequestContext } from '../../service.js';
import type { ReadTx } from '../../../storage/store.js';
import { findFunction, type SettingsDeps } from './deps.js';
import { qualifiedArn, unqualifiedArn, userError } from './function-names.js';
import { CONCURRENCY_NS, functionKey, type StoredConcurrency } from './keys.js';

export const DEFAULT_CONCURRENT_EXECUTIONS = 1000;
/** AWS keeps this much of the account's concurrency unreserved. */
export const MINIMUM_UNRESERVED_CONCURRENCY = 100;

/** Sum of the reserved concurrency of the account's functions, except `exceptFunction`. */
export async function reservedConcurrencySum(
  tx: ReadTx,
  accountId: string,
  exceptFunction?: string,
): Promise<number> {
  const entries = await tx.list<StoredConcurrency>(CONCURRENCY_NS, { prefix: `${accountId}/` });
  let sum = 0;
  for (const { key, value } of entries) {
    if (exceptFunction !== undefined && key === functionKey(accountId, exceptFunction)) continue;
    sum += value.ReservedConcurrentExecutions;
  }
  return sum;
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
        const others = await reservedConcurrencySum(tx, found.accountId, name);
        if (limit - others - value < MINIMUM_UNRESERVED_CONCURRENCY) {
          throw userError(
            'InvalidParameterValueException',
            "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution " +
              `below its minimum value of [${MINIMUM_UNRESERVED_CONCURRENCY}].`,
          );
        }
        await tx.put<StoredConcurrency>(CONCURRENCY_NS, functionKey(found.accountId, name), {
          ReservedConcurrentExecutions: value,
        });
      });
      return { ReservedConcurrentExecutions: value };
    },

    async GetFunctionConcurrency(ctx: RequestContext, input: { FunctionName: string }) {
      const { ref, found } = await findFunction(deps, ctx.accountId, input.FunctionName);
      if (!found) {
        throw userError(
          'ResourceNotFoundException',
          `Function not found: ${unqualifiedArn(deps.region, ctx.accountId, ref.name)}`,
          404,
        );
      }
      const stored = await deps.store.read((tx) =>
        tx.get<StoredConcurrency>(CONCURRENCY_NS, functionKey(found.accountId, found.info.functionName)),
      );
      // No reservation: an empty response, as AWS ("{}").
      return stored ? { ReservedConcurrentExecutions: stored.ReservedConcurrentExecutions } : {};
    },

    async DeleteFunctionConcurrency(ctx: RequestContext, input: { FunctionName: string }) {
      // A `:qualifier` suffix is ignored here: the reservation belongs to the whole function.
      const { ref, found } = await findFunction(deps, ctx.accountId, input.FunctionName);
      if (!found) {
        throw userError(
          'ResourceNotFoundException',
          `Function not found: ${unqualifiedArn(deps.region, ctx.accountId, ref.name)}`,
          404,
        );
      }
      await deps.store.write((tx) =>
        tx.delete(CONCURRENCY_NS, functionKey(found.accountId, found.info.functionName)),
      );
      return {};
    },
  };
}
