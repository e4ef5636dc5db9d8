// Resource-based policy evaluation: does a function's policy (AddPermission statements), or any
// resource policy in the same JSON form, let this principal perform this action on this resource?
// IAM's rule: "an explicit deny in any policy overrides any allows"; without a matching Allow the
// request is implicitly denied
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
// Lambda checks the function policy when a service or another account invokes
// (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html).
import { conditionsHold, type ContextValue, wildcardMatch, arnMatch } from './resource-policy-match.js';

export type { ContextValue } from './resource-policy-match.js';

/** Who is asking. A service principal (`s3.amazonaws.com`) or an AWS principal (account and/or ARN). */
export interface PolicyPrincipal {
  /** Service principal, e.g. 's3.amazonaws.com'. */
  service?: string;
  /** The caller's account (any principal of it matches `arn:aws:iam::<account>:root`). */
  accountId?: string;
  /** The caller's ARN: a user, a role, or an assumed-role session (matches its role's ARN). */
  arn?: string;
}

export interface PolicyRequest {
  principal: PolicyPrincipal;
  action: string;
  resource: string;
  /** Condition keys of the request, e.g. { 'aws:SourceArn': 'arn:aws:s3:::photos' }. */
  context?: Record<string, ContextValue>;
}

export type PolicyDecision = 'Allow' | 'Deny' | 'ImplicitDeny';

interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

/** Evaluates a policy document (object or JSON string); a missing or unreadable policy allows nothing. */
export function evaluateResourcePolicy(
  policy: string | object | undefined,
  request: PolicyRequest,
): PolicyDecision {
  const statements = statementsOf(policy);
  let allowed = false;
  for (const s of statements) {
    if (!statementApplies(s, request)) continue;
    if (s.Effect === 'Deny') return 'Deny';
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

export interface InvokeCheck {
  principal: PolicyPrincipal;
  action: 'lambda:InvokeFunction' | 'lambda:InvokeFunctionUrl';
  /** The function ARN the policy belongs to (unqualified, or with the version/alias it was added for). */
  resource: string;
  /** The ARN of the resource that triggers the call (aws:SourceArn), e.g. the bucket's ARN for S3. */
  sourceArn?: string;
  /** The account that owns that resource (aws:SourceAccount). */
  sourceAccount?: string;
  /** The function URL's AuthType (lambda:FunctionUrlAuthType). */
  functionUrlAuthType?: 'NONE' | 'AWS_IAM';
  /** Alexa's skill id (lambda:EventSourceToken). */
  eventSourceToken?: string;
  /** The caller's organization (aws:PrincipalOrgID); Cumulo has no organizations, so usually absent. */
  principalOrgId?: string;
}

/**
 * True when the function's resource-based policy allows the invocation and nothing denies it.
 * The condition keys are the ones AddPermission writes: AWS:SourceArn (ArnLike), AWS:SourceAccount,
 * lambda:FunctionUrlAuthType, lambda:EventSourceToken and aws:PrincipalOrgID (StringEquals).
 */
export function isInvokeAllowed(policyJson: string | undefined, check: InvokeCheck): boolean {
  const context: Record<string, ContextValue> = {
    'aws:SourceArn': check.sourceArn,
    'aws:SourceAccount': check.sourceAccount,
    'lambda:FunctionUrlAuthType': check.functionUrlAuthType,
    'lambda:EventSourceToken': check.eventSourceToken,
    'aws:PrincipalOrgID': check.principalOrgId,
    'aws:PrincipalAccount': check.principal.accountId,
    'aws:PrincipalArn': check.principal.arn,
    'aws:PrincipalServiceName': check.principal.service,
  };
  const decision = evaluateResourcePolicy(policyJson, {
    principal: check.principal,
    action: check.action,
    resource: check.resource,
    context,
  });
  return decision === 'Allow';
}

/** Policies parsed before, by their text: a function's policy is checked on every invoke a service makes. */
const parsed = new Map<string, Statement[]>();
const MAX_PARSED = 1000;

function statementsOf(policy: string | object | undefined): Statement[] {
  if (policy === undefined) return [];
  if (typeof policy !== 'string') return statementList(policy);
  let statements = parsed.get(policy);
  if (!statements) {
    try {
      statements = statementList(JSON.parse(policy));
    } catch {
      statements = [];
    }
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(policy, statements);
  }
  return statements;
}

function statementList(doc: unknown): Statement[] {
  const raw = (doc as { Statement?: unknown } | null)?.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((s): s is Statement => typeof s === 'object' && s !== null);
}

function statementApplies(s: Statement, r: PolicyRequest): boolean {
  if (s.Principal !== undefined && !principalMatches(s.Principal, r.principal)) return false;
  if (s.NotPrincipal !== undefined && principalMatches(s.NotPrincipal, r.principal)) return false;
  if (s.Principal === undefined && s.NotPrincipal === undefined) return false; // resource policies name one
  if (s.Action !== undefined && !listOf(s.Action).some((a) => wildcardMatch(a, r.action, true))) return false;
  if (s.NotAction !== undefined && listOf(s.NotAction).some((a) => wildcardMatch(a, r.action, true)))
    return false;
  if (s.Action === undefined && s.NotAction === undefined) return false;
  if (s.Resource !== undefined && !listOf(s.Resource).some((p) => resourceMatches(p, r.resource)))
    return false;
  if (s.NotResource !== undefined && listOf(s.NotResource).some((p) => resourceMatches(p, r.resource)))
    return false;
  return conditionsHold(s.Condition, r.context ?? {});
}

function resourceMatches(pattern: string, resource: string): boolean {
  return pattern.startsWith('arn:') ? arnMatch(pattern, resource) : wildcardMatch(pattern, resource);
}

/**
 * The Principal element: "*" (everyone), {"AWS": "*"}, {"AWS": account id or
 * arn:aws:iam::<account>:root} (every principal of that account), {"AWS": user or role ARN},
 * {"Service": "s3.amazonaws.com"}.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
function principalMatches(element: unknown, p: PolicyPrincipal): boolean {
  if (element === '*') return true;
  if (typeof element !== 'object' || element === null) return false;
  for (const [kind, raw] of Object.entries(element as Record<string, unknown>)) {
    for (const value of listOf(raw)) {
      if (kind === 'Service' && p.service !== undefined && value.toLowerCase() === p.service.toLowerCase())
        return true;
      if (kind === 'AWS' && awsPrincipalMatches(value, p)) return true;
    }
  }
  return false;
}

function awsPrincipalMatches(value: string, p: PolicyPrincipal): boolean {
  if (value === '*') return true;
  const account = /^(?:\d{12}|arn:aws[a-zA-Z-]*:iam::(\d{12}):root)$/.exec(value);
  if (account) return p.accountId !== undefined && (account[1] ?? value) === p.accountId;
  if (p.arn === undefined) return false;
  if (value === p.arn) return true;
  // A role's ARN also names its sessions: arn:aws:sts::<acct>:assumed-role/<role>/<session>.
  const session = /^arn:(aws[a-zA-Z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(p.arn);
  return session !== null && value === `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
}

function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return v === undefined || v === null ? [] : [String(v)];
}
