// Who may invoke a function URL ("Control access to Lambda function URLs",
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html):
//  - AuthType NONE: no authentication, but "your function's resource-based policy is always in effect
//    and must grant public access": a statement allowing lambda:InvokeFunctionUrl to Principal "*"
//    with the condition lambda:FunctionUrlAuthType = NONE;
//  - AuthType AWS_IAM: the request is signed with SigV4 for the service `lambda`; a principal of the
//    function's own account is allowed by its identity policy (Cumulo does not evaluate identity
//    policies yet: docs/compatibility.md), another account's needs the resource policy to allow it
//    lambda:InvokeFunctionUrl with lambda:FunctionUrlAuthType = AWS_IAM.
import { parseAuth, verifyRequest } from '../../../auth/index.js';
import { signingSecrets, type SecretRecord } from '../../../iam/credentials.js';
import { isInvokeAllowed } from '../../../iam/resource-policy.js';
import { isServiceError } from '../../../server/service-error.js';
import type { Principal } from '../../service.js';
import type { HttpRequest } from '../../http-events/index.js';
import type { AuthType } from './keys.js';

export interface SecretLookup {
  lookup(accessKeyId: string): Promise<SecretRecord | undefined>;
}

/**
 * A refused caller: `signature` is set when a signature was presented and did not verify. AWS answers
 * that with the SigV4 error's text under a lower-case `message` (as users recorded it behind
 * CloudFront, RJPearson94/terraform-aws-open-next#48:
 * {"message":"The request signature we calculated does not match the signature you provided. …"}).
 */
export type AuthOutcome =
  | { ok: true; principal?: Principal; accessKeyId?: string }
  | { ok: false; message: string | null; signature?: { code: string; message: string } };

const FORBIDDEN = { ok: false, message: 'Forbidden' } as const;

/** Verifies the caller's SigV4 signature (AWS_IAM URLs). The body must already be read. */
export async function authenticate(req: HttpRequest, secrets: SecretLookup): Promise<AuthOutcome> {
  const parsed = parseAuth(req);
  if (!parsed || parsed.service !== 'lambda') return FORBIDDEN;
  let principal: Principal | undefined;
  try {
    const verified = await verifyRequest(
      req,
      parsed,
      signingSecrets(secrets, (p) => (principal = p)),
      { now: Date.now(), style: 'json', jsonStatus: 403 },
    );
    return { ok: true, principal: principal!, accessKeyId: verified.accessKeyId };
  } catch (e) {
    if (isServiceError(e))
      return { ok: false, message: e.message, signature: { code: e.code, message: e.message } };
    throw e;
  }
}

/** Whether the function's resource policy (and, for its own account, the identity) lets the caller in. */
export function mayInvokeUrl(
  authType: AuthType,
  policy: string | undefined,
  resource: string,
  functionAccountId: string,
  principal: Principal | undefined,
): boolean {
  if (authType === 'AWS_IAM' && principal && principal.accountId === functionAccountId) return true;
  return isInvokeAllowed(policy, {
    principal: principal ? { accountId: principal.accountId, arn: principal.arn } : {},
    action: 'lambda:InvokeFunctionUrl',
    resource,
    functionUrlAuthType: authType,
  });
}
