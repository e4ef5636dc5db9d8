// Put/Get/DeleteFunctionCodeSigningConfig: which configuration a function's deployments are checked
// against. https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionCodeSigningConfig.html
// "Changes to the code signing configuration take effect the next time a user tries to deploy a code
// package to the function": attaching one never touches the code already deployed. A function without
// one answers an empty 200, as recorded from AWS (Terraform reads it on every refresh of
// aws_lambda_function).
// Put checks the configuration before the function, as LocalStack's recording of AWS does.
import type { RequestContext } from '../../service.js';
import { functionNotFound } from '../errors.js';
import { resolveRef, type ResolvedRef } from '../function-ref.js';
import { getFunction } from '../store/repo.js';
import { configArn } from './arns.js';
import type { CodeSigningDeps } from './configs.js';
import { attachConfig, detachConfig, getFunctionConfigId } from './keys.js';
import { requireConfigForFunction } from './verification.js';

export function functionCodeSigningHandlers(deps: CodeSigningDeps) {
  /** The function a request names; the configuration belongs to the function, so a qualifier is ignored. */
  const target = (ctx: RequestContext, functionName: string): ResolvedRef =>
    resolveRef(functionName, undefined, ctx);

  return {
    async PutFunctionCodeSigningConfig(
      ctx: RequestContext,
      input: { FunctionName: string; CodeSigningConfigArn: string },
    ) {
      const ref = target(ctx, input.FunctionName);
      await deps.store.write(async (tx) => {
        const config = await requireConfigForFunction(tx, deps.region, input.CodeSigningConfigArn);
        if (!(await getFunction(tx, ref.accountId, ref.name))) throw functionNotFound(ref.arn);
        await attachConfig(tx, ref.accountId, ref.name, config.Id);
      });
      return { CodeSigningConfigArn: input.CodeSigningConfigArn, FunctionName: ref.name };
    },

    async GetFunctionCodeSigningConfig(ctx: RequestContext, input: { FunctionName: string }) {
      const ref = target(ctx, input.FunctionName);
      const configId = await deps.store.read(async (tx) => {
        if (!(await getFunction(tx, ref.accountId, ref.name))) throw functionNotFound(ref.arn);
        return getFunctionConfigId(tx, ref.accountId, ref.name);
      });
      // A function without a configuration answers an empty 200 (the AWS-validated snapshot
      // TestCodeSigningConfig::test_code_signing_not_found_excs, get_function_csc_fnwithoutcsc).
      if (configId === undefined) return {};
      return {
        CodeSigningConfigArn: configArn(deps.region, ref.accountId, configId),
        FunctionName: ref.name,
      };
    },

    async DeleteFunctionCodeSigningConfig(ctx: RequestContext, input: { FunctionName: string }) {
      const ref = target(ctx, input.FunctionName);
      await deps.store.write(async (tx) => {
        if (!(await getFunction(tx, ref.accountId, ref.name))) throw functionNotFound(ref.arn);
        await detachConfig(tx, ref.accountId, ref.name);
      });
      return {};
    },
  };
}
