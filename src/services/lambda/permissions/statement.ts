// The policy statement AddPermission writes, in the form AWS answers it (recorded against AWS in
// LocalStack's test_lambda_api snapshots, test_add_lambda_permission_fields):
//   {"Sid","Effect":"Allow","Principal","Action","Resource","Condition"?}
// Principal: "*" stays "*"; a service principal becomes {"Service": …}; an account id becomes
// {"AWS": "arn:aws:iam::<account>:root"}; an IAM ARN becomes {"AWS": <arn>}. Conditions:
// StringEquals for lambda:FunctionUrlAuthType, aws:PrincipalOrgID, AWS:SourceAccount and
// lambda:EventSourceToken, then ArnLike for AWS:SourceArn — in that order.
import { ServiceError } from '../../../server/service-error.js';
import { conflict, invalidParameter, resourceNotFound } from '../errors.js';
import type { PolicyDocument, PolicyStatement } from './keys.js';

export interface AddPermissionInput {
  FunctionName: string;
  StatementId: string;
  Action: string;
  Principal: string;
  SourceArn?: string;
  SourceAccount?: string;
  EventSourceToken?: string;
  Qualifier?: string;
  RevisionId?: string;
  PrincipalOrgID?: string;
  FunctionUrlAuthType?: 'NONE' | 'AWS_IAM';
}

/** Service principals are DNS-like names: s3.amazonaws.com, alexa-appkit.amazon.com, … */
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazon(?:aws)?\.com(?:\.cn)?$/;
const ACCOUNT = /^\d{12}$/;
const IAM_ARN = /^arn:aws[a-zA-Z-]*:iam::\d{12}:\S+$/;

export function principalElement(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (SERVICE.test(principal)) return { Service: principal };
  if (ACCOUNT.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (IAM_ARN.test(principal)) return { AWS: principal };
  throw invalidParameter('The provided principal was invalid. Please check the principal and try again.');
}

/** What a statement is built from: AddPermission's input, or AddLayerVersionPermission's. */
export type StatementInput = Pick<AddPermissionInput, 'StatementId' | 'Action' | 'Principal'> &
  Partial<AddPermissionInput>;

export function buildStatement(input: StatementInput, resourceArn: string): PolicyStatement {
  const statement: PolicyStatement = {
    Sid: input.StatementId,
    Effect: 'Allow',
    Principal: principalElement(input.Principal),
    Action: input.Action,
    Resource: resourceArn,
  };
  const equals: Record<string, string> = {};
  if (input.FunctionUrlAuthType !== undefined)
    equals['lambda:FunctionUrlAuthType'] = input.FunctionUrlAuthType;
  if (input.PrincipalOrgID !== undefined) equals['aws:PrincipalOrgID'] = input.PrincipalOrgID;
  if (input.SourceAccount !== undefined) equals['AWS:SourceAccount'] = input.SourceAccount;
  if (input.EventSourceToken !== undefined) equals['lambda:EventSourceToken'] = input.EventSourceToken;
  const condition: Record<string, Record<string, string>> = {};
  if (Object.keys(equals).length > 0) condition.StringEquals = equals;
  if (input.SourceArn !== undefined) condition.ArnLike = { 'AWS:SourceArn': input.SourceArn };
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  return statement;
}

/** "The final policy size (…) is bigger than the limit (20480)." — Lambda's 20 KB resource policy quota. */
const MAX_POLICY_BYTES = 20_480;

/**
 * The policy with one more statement (a new policy when there is none): ResourceConflictException
 * for a statement id already there, PolicyLengthExceededException past the size limit.
 */
export function withStatement(doc: PolicyDocument | undefined, statement: PolicyStatement): PolicyDocument {
  const current: PolicyDocument = doc ?? { Version: '2012-10-17', Id: 'default', Statement: [] };
  if (current.Statement.some((s) => s.Sid === statement.Sid)) {
    throw conflict(
      `The statement id (${statement.Sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
    );
  }
  const next: PolicyDocument = { ...current, Statement: [...current.Statement, statement] };
  const size = Buffer.byteLength(JSON.stringify(next));
  if (size > MAX_POLICY_BYTES) {
    throw new ServiceError(
      'PolicyLengthExceededException',
      `The final policy size (${size}) is bigger than the limit (${MAX_POLICY_BYTES}).`,
      400,
      { Type: 'User' },
    );
  }
  return next;
}

/** The policy without statement `sid`; ResourceNotFoundException when it has no such statement. */
export function withoutStatement(doc: PolicyDocument, sid: string): PolicyDocument {
  if (!doc.Statement.some((s) => s.Sid === sid)) {
    throw resourceNotFound(`Statement ${sid} is not found in resource policy.`);
  }
  return { ...doc, Statement: doc.Statement.filter((s) => s.Sid !== sid) };
}
