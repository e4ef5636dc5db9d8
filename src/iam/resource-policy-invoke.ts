// The check a service's invocation passes before its event reaches a function: S3 (and later other
// services) invoke "on behalf of" a resource, and the function's resource-based policy must allow the
// service principal for that resource (aws:SourceArn) and its account (aws:SourceAccount).
// https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
import { isInvokeAllowed } from './resource-policy.js';

/** What the check needs of an InvokeTarget (services/lambda/invoke-target.ts). */
export interface InvokedFunction {
  /** The function's resource-based policy (JSON), for the qualifier invoked. */
  policy?: string;
  /** The ARN as invoked: unqualified, or with its version or alias. */
  invokedArn: string;
}

export interface ServiceCaller {
  principal: string;
  sourceArn?: string;
  sourceAccount?: string;
}

/**
 * The ARN a policy is checked against: the policy of $LATEST is the unqualified function's, whose
 * statements name the unqualified ARN.
 */
export function policyResourceOf(invokedArn: string): string {
  return invokedArn.endsWith(':$LATEST') ? invokedArn.slice(0, -':$LATEST'.length) : invokedArn;
}

/**
 * Decisions by policy text, then by caller and resource: an API or a bucket invokes the same function
 * for the same source over and over, and the answer depends on nothing else (no time or request keys
 * enter a service's check).
 */
const decisions = new Map<string, Map<string, boolean>>();
const MAX_POLICIES = 1000;
const MAX_DECISIONS = 1000;

export function serviceMayInvoke(target: InvokedFunction, caller: ServiceCaller): boolean {
  if (target.policy === undefined) return decide(target, caller);
  let byRequest = decisions.get(target.policy);
  if (!byRequest) {
    if (decisions.size >= MAX_POLICIES) decisions.clear();
    byRequest = new Map();
    decisions.set(target.policy, byRequest);
  }
  const key = `${caller.principal}\0${caller.sourceArn ?? ''}\0${caller.sourceAccount ?? ''}\0${target.invokedArn}`;
  let allowed = byRequest.get(key);
  if (allowed === undefined) {
    allowed = decide(target, caller);
    if (byRequest.size >= MAX_DECISIONS) byRequest.clear();
    byRequest.set(key, allowed);
  }
  return allowed;
}

function decide(target: InvokedFunction, caller: ServiceCaller): boolean {
  return isInvokeAllowed(target.policy, {
    principal: { service: caller.principal },
    action: 'lambda:InvokeFunction',
    resource: policyResourceOf(target.invokedArn),
    ...(caller.sourceArn !== undefined ? { sourceArn: caller.sourceArn } : {}),
    ...(caller.sourceAccount !== undefined ? { sourceAccount: caller.sourceAccount } : {}),
  });
}

/** The log line for a refused invocation, worded like Lambda's AccessDeniedException. */
export function invokeDenied(target: InvokedFunction, caller: ServiceCaller): string {
  const resource = policyResourceOf(target.invokedArn);
  const source = caller.sourceArn ? ` (source ${caller.sourceArn})` : '';
  return (
    `${caller.principal} is not authorized to perform: lambda:InvokeFunction on resource: ${resource}` +
    ` because no resource-based policy allows the lambda:InvokeFunction action${source}`
  );
}
