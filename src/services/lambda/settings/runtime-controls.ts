// Two per-function controls tools read with every function (Terraform's aws_lambda_function refresh among
// them) and set through their own resources:
// - PutFunctionRecursionConfig / GetFunctionRecursionConfig: whether Lambda stops a recursive loop
//   between services ("Terminate", the default) or lets it run ("Allow").
//   https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html
// - PutRuntimeManagementConfig / GetRuntimeManagementConfig: when the function's runtime version is
//   updated ("Auto", the default; "FunctionUpdate"; "Manual" with a RuntimeVersionArn), per version.
//   https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html
// Cumulo records both and answers them as AWS does; it runs functions on the machine's interpreters
// (docs/compatibility.md), so neither changes how a function runs, and no loop is ever detected.
import type { RequestContext } from '../../service.js';
import { requireFunction, type SettingsDeps } from './deps.js';
import { qualifiedArn, unqualifiedArn } from './function-names.js';
import { functionKey, qualifierKey, RECURSION_NS, RUNTIME_MANAGEMENT_NS } from './keys.js';

interface StoredRuntimeManagement {
  UpdateRuntimeOn: string;
  RuntimeVersionArn?: string;
}

export function runtimeControlHandlers(deps: SettingsDeps) {
  return {
    async GetFunctionRecursionConfig(ctx: RequestContext, input: { FunctionName: string }) {
      const found = await requireFunction(deps, ctx.accountId, input.FunctionName);
      const stored = await deps.store.read((tx) =>
        tx.get<{ RecursiveLoop: string }>(
          RECURSION_NS,
          functionKey(found.accountId, found.info.functionName),
        ),
      );
      return { RecursiveLoop: stored?.RecursiveLoop ?? 'Terminate' };
    },

    async PutFunctionRecursionConfig(
      ctx: RequestContext,
      input: { FunctionName: string; RecursiveLoop: string },
    ) {
      const found = await requireFunction(deps, ctx.accountId, input.FunctionName);
      await deps.store.write((tx) =>
        tx.put(RECURSION_NS, functionKey(found.accountId, found.info.functionName), {
          RecursiveLoop: input.RecursiveLoop,
        }),
      );
      return { RecursiveLoop: input.RecursiveLoop };
    },

    async GetRuntimeManagementConfig(
      ctx: RequestContext,
      input: { FunctionName: string; Qualifier?: string },
    ) {
      const found = await requireFunction(deps, ctx.accountId, input.FunctionName);
      const qualifier = input.Qualifier ?? found.ref.qualifier ?? '$LATEST';
      const name = found.info.functionName;
      const stored = await deps.store.read((tx) =>
        tx.get<StoredRuntimeManagement>(
          RUNTIME_MANAGEMENT_NS,
          qualifierKey(found.accountId, name, qualifier),
        ),
      );
      return runtimeManagementView(stored ?? { UpdateRuntimeOn: 'Auto' }, found.accountId, name, qualifier);
    },

    async PutRuntimeManagementConfig(
      ctx: RequestContext,
      input: {
        FunctionName: string;
        Qualifier?: string;
        UpdateRuntimeOn: string;
        RuntimeVersionArn?: string;
      },
    ) {
      const found = await requireFunction(deps, ctx.accountId, input.FunctionName);
      const qualifier = input.Qualifier ?? found.ref.qualifier ?? '$LATEST';
      const name = found.info.functionName;
      const config: StoredRuntimeManagement = {
        UpdateRuntimeOn: input.UpdateRuntimeOn,
        ...(input.RuntimeVersionArn !== undefined ? { RuntimeVersionArn: input.RuntimeVersionArn } : {}),
      };
      await deps.store.write((tx) =>
        tx.put(RUNTIME_MANAGEMENT_NS, qualifierKey(found.accountId, name, qualifier), config),
      );
      return runtimeManagementView(config, found.accountId, name, qualifier);
    },
  };

  function runtimeManagementView(
    config: StoredRuntimeManagement,
    accountId: string,
    name: string,
    qualifier: string,
  ): Record<string, unknown> {
    return {
      UpdateRuntimeOn: config.UpdateRuntimeOn,
      FunctionArn:
        qualifier === '$LATEST'
          ? unqualifiedArn(deps.region, accountId, name)
          : qualifiedArn(deps.region, accountId, name, qualifier),
      // "If the runtime update mode is Manual, the ARN is returned, otherwise null is returned."
      ...(config.UpdateRuntimeOn === 'Manual' && config.RuntimeVersionArn
        ? { RuntimeVersionArn: config.RuntimeVersionArn }
        : {}),
    };
  }
}
