// Evaluating the IAM policy a Lambda authorizer returns against the request's method ARN
// (`arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`): an explicit Deny wins,
// otherwise an Allow of `execute-api:Invoke` on a matching resource is needed.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
import { wildcardMatch } from '../../../iam/resource-policy-match.js';

export type Decision = 'Allow' | 'Deny' | 'ImplicitDeny';

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];

export function evaluateAuthorizerPolicy(policyDocument: unknown, methodArn: string): Decision {
  const statements = (policyDocument as { Statement?: unknown })?.Statement;
  let allowed = false;
  for (const s of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    const st = s as Record<string, unknown>;
    const actions = list(st.Action);
    if (!actions.some((a) => wildcardMatch(a, 'execute-api:Invoke', true))) continue;
    if (!list(st.Resource).some((r) => wildcardMatch(r, methodArn))) continue;
    if (st.Effect === 'Deny') return 'Deny';
    if (st.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}
