// Where a function's resource-based policies live in the Store, and the read helper every invoker
// uses (through InvokeTarget.policy, filled by the target resolver).
//
//   namespace        key                                        value
//   lambda.policies  `${accountId}/${functionName}/${qualifier}`  StoredPolicy
//
// One policy per qualifier: '$LATEST' for the unqualified function, a version number or an alias
// name; "Permissions apply to the Amazon Resource Name (ARN) used to invoke the function"
// (https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html). A stored policy records
// the `created` time of the function it was written for: DeleteFunction does not know this
// namespace, so a policy left behind by a deleted function is ignored (and overwritten) once a
// function of the same name is created again — as on AWS, where the new function has no policy.
import type { ReadTx, WriteTx } from '../../../storage/store.js';

export const POLICIES_NS = 'lambda.policies';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: string | { Service: string } | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

/** AWS's policy document form (GetPolicy's Policy, parsed). */
export interface PolicyDocument {
  Version: '2012-10-17';
  Id: 'default';
  Statement: PolicyStatement[];
}

export interface StoredPolicy {
  /** FunctionRecord.created of the function this policy belongs to. */
  created: number;
  document: PolicyDocument;
}

export const policyKey = (accountId: string, functionName: string, qualifier: string): string =>
  `${accountId}/${functionName}/${qualifier}`;

/** The policy of one qualifier of a function created at `created`, if it has one. */
export async function readPolicy(
  tx: ReadTx,
  accountId: string,
  functionName: string,
  qualifier: string,
  created: number,
): Promise<PolicyDocument | undefined> {
  const stored = await tx.get<StoredPolicy>(POLICIES_NS, policyKey(accountId, functionName, qualifier));
  return stored && stored.created === created && stored.document.Statement.length > 0
    ? stored.document
    : undefined;
}

/** The same, as the JSON string GetPolicy answers and InvokeTarget.policy carries. */
export async function getFunctionPolicy(
  tx: ReadTx,
  accountId: string,
  functionName: string,
  qualifier: string,
  created: number,
): Promise<string | undefined> {
  const doc = await readPolicy(tx, accountId, functionName, qualifier, created);
  return doc && JSON.stringify(doc);
}

export async function writePolicy(
  tx: WriteTx,
  accountId: string,
  functionName: string,
  qualifier: string,
  created: number,
  document: PolicyDocument,
): Promise<void> {
  const key = policyKey(accountId, functionName, qualifier);
  if (document.Statement.length === 0) await tx.delete(POLICIES_NS, key);
  else await tx.put<StoredPolicy>(POLICIES_NS, key, { created, document });
}
