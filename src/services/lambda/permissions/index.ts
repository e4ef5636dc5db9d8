// AddPermission, RemovePermission and GetPolicy: a function's resource-based policy, per qualifier.
// https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
// Errors and texts as AWS answers them (LocalStack's AWS-validated snapshots, test_lambda_api.py
// TestLambdaPermissions): a duplicate StatementId is ResourceConflictException (409); a stale
// RevisionId PreconditionFailedException (412); RemovePermission without a policy "No policy is
// associated with the given resource.", of an unknown statement "Statement <sid> is not found in
// resource policy."; GetPolicy without a policy "The resource you requested does not exist."
// The evaluator every invoker uses is src/iam/resource-policy.ts (isInvokeAllowed).
import type { Store } from '../../../storage/store.js';
import type { OperationHandler, RequestContext } from '../../service.js';
import { functionNotFound, invalidParameter, resourceNotFound, revisionMismatch } from '../errors.js';
import { functionArn, resolveRef } from '../function-ref.js';
import { LATEST } from '../store/keys.js';
import { readPolicy, writePolicy } from './keys.js';
import { buildStatement, withStatement, withoutStatement, type AddPermissionInput } from './statement.js';
import { bumpRevision, findTarget, revisionOf } from './target.js';

export { getFunctionPolicy } from './keys.js';
export { createFunctionPolicyReader, type FunctionPolicyReader } from './policy-reader.js';

export interface PermissionDeps {
  store: Store;
  region: string;
}

export function createPermissionHandlers(deps: PermissionDeps): Record<string, OperationHandler> {
  const ref = (ctx: RequestContext, functionName: string, qualifier: string | undefined) =>
    resolveRef(functionName, qualifier, { accountId: ctx.accountId, region: deps.region });

  return {
    async AddPermission(ctx: RequestContext, input: AddPermissionInput) {
      const r = ref(ctx, input.FunctionName, input.Qualifier);
      if (r.qualifier === LATEST)
        throw invalidParameter('We currently do not support adding policies for $LATEST.');
      return deps.store.write(async (tx) => {
        const { fn, target } = await findTarget(tx, deps.region, r.accountId, r.name, r.qualifier);
        if (!fn || !target)
          throw functionNotFound(functionArn(deps.region, r.accountId, r.name, r.qualifier));
        if (input.RevisionId !== undefined && input.RevisionId !== revisionOf(target))
          throw revisionMismatch();
        const doc = await readPolicy(tx, r.accountId, r.name, target.qualifier, fn.created);
        // The statement id is unique per qualified function: the same Sid may exist on $LATEST and an alias.
        const statement = buildStatement(input, target.resourceArn);
        const next = withStatement(doc, statement);
        await writePolicy(tx, r.accountId, r.name, target.qualifier, fn.created, next);
        await bumpRevision(tx, target);
        return { Statement: JSON.stringify(statement) };
      });
    },

    async RemovePermission(
      ctx: RequestContext,
      input: { FunctionName: string; StatementId: string; Qualifier?: string; RevisionId?: string },
    ) {
      const r = ref(ctx, input.FunctionName, input.Qualifier);
      await deps.store.write(async (tx) => {
        const { fn, target } = await findTarget(tx, deps.region, r.accountId, r.name, r.qualifier);
        // AWS's text for a missing function (LocalStack's AWS-validated test_permission_exceptions).
        if (!fn)
          throw resourceNotFound(`No policy found for: ${functionArn(deps.region, r.accountId, r.name)}`);
        if (!target) throw functionNotFound(functionArn(deps.region, r.accountId, r.name, r.qualifier));
        const doc = await readPolicy(tx, r.accountId, r.name, target.qualifier, fn.created);
        if (!doc) throw resourceNotFound('No policy is associated with the given resource.');
        const next = withoutStatement(doc, input.StatementId);
        if (input.RevisionId !== undefined && input.RevisionId !== revisionOf(target))
          throw revisionMismatch();
        await writePolicy(tx, r.accountId, r.name, target.qualifier, fn.created, next);
        await bumpRevision(tx, target);
      });
      return {};
    },

    async GetPolicy(ctx: RequestContext, input: { FunctionName: string; Qualifier?: string }) {
      const r = ref(ctx, input.FunctionName, input.Qualifier);
      return deps.store.read(async (tx) => {
        const { fn, target } = await findTarget(tx, deps.region, r.accountId, r.name, r.qualifier);
        if (!fn) throw functionNotFound(functionArn(deps.region, r.accountId, r.name));
        const doc = target && (await readPolicy(tx, r.accountId, r.name, target.qualifier, fn.created));
        if (!target || !doc) throw resourceNotFound('The resource you requested does not exist.');
        return { Policy: JSON.stringify(doc), RevisionId: revisionOf(target) };
      });
    },
  };
}
