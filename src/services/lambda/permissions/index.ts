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
import {
  conflict,
  functionNotFound,
  invalidParameter,
  resourceNotFound,
  revisionMismatch,
} from '../errors.js';
import { functionArn, resolveRef } from '../function-ref.js';
import { LATEST } from '../store/keys.js';
import { readPolicy, writePolicy, type PolicyDocument } from './keys.js';
import { buildStatement, type AddPermissionInput } from './statement.js';
import { bumpRevision, findTarget, revisionOf } from './target.js';
import { ServiceError } from '../../../server/service-error.js';

export { getFunctionPolicy } from './keys.js';
export { createFunctionPolicyReader, type FunctionPolicyReader } from './policy-reader.js';

export interface PermissionDeps {
  store: Store;
  region: string;
}

/** "The final policy size (…) is bigger than the limit (20480)." — Lambda's 20 KB function policy quota. */
const MAX_POLICY_BYTES = 20_480;

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
        const doc: PolicyDocument = (await readPolicy(
          tx,
          r.accountId,
          r.name,
          target.qualifier,
          fn.created,
        )) ?? {
          Version: '2012-10-17',
          Id: 'default',
          Statement: [],
        };
        // The statement id is unique per qualified function: the same Sid may exist on $LATEST and an alias.
        if (doc.Statement.some((s) => s.Sid === input.StatementId)) {
          throw conflict(
            `The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
          );
        }
        const statement = buildStatement(input, target.resourceArn);
        const next: PolicyDocument = { ...doc, Statement: [...doc.Statement, statement] };
        const size = Buffer.byteLength(JSON.stringify(next));
        if (size > MAX_POLICY_BYTES) {
          throw new ServiceError(
            'PolicyLengthExceededException',
            `The final policy size (${size}) is bigger than the limit (${MAX_POLICY_BYTES}).`,
            400,
            { Type: 'User' },
          );
        }
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
        if (!doc.Statement.some((s) => s.Sid === input.StatementId)) {
          throw resourceNotFound(`Statement ${input.StatementId} is not found in resource policy.`);
        }
        if (input.RevisionId !== undefined && input.RevisionId !== revisionOf(target))
          throw revisionMismatch();
        const next = { ...doc, Statement: doc.Statement.filter((s) => s.Sid !== input.StatementId) };
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
