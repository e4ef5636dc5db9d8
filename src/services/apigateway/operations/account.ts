// GetAccount / UpdateAccount: the API Gateway settings of the caller's account in this region
// (https://docs.aws.amazon.com/apigateway/latest/api/API_GetAccount.html). Terraform's
// aws_api_gateway_account reads and writes it. throttleSettings are the account-level quotas API
// Gateway documents (10,000 requests per second, burst 5,000), not enforced here; "When usage plans
// are enabled, the features list will include an entry of "UsagePlans"", as they always are here.
import { applyPatch, stringRule, type PatchOperation, type PatchRule } from '../patch.js';
import type { ControlPlaneDeps, Handler } from './common.js';

const NS = 'apigateway.account';

interface AccountRecord {
  cloudwatchRoleArn?: string;
}

const RULES: PatchRule<AccountRecord>[] = [
  stringRule('/cloudwatchRoleArn', (a, v) => (a.cloudwatchRoleArn = v)),
];

function accountView(account: AccountRecord): Record<string, unknown> {
  return {
    ...(account.cloudwatchRoleArn ? { cloudwatchRoleArn: account.cloudwatchRoleArn } : {}),
    throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
    features: ['UsagePlans'],
    apiKeyVersion: '4',
  };
}

export function accountHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  return {
    GetAccount: async (ctx) =>
      accountView((await deps.store.read((tx) => tx.get<AccountRecord>(NS, ctx.accountId))) ?? {}),
    UpdateAccount: async (ctx, input: { patchOperations?: PatchOperation[] }) =>
      deps.store.write(async (tx) => {
        const account = (await tx.get<AccountRecord>(NS, ctx.accountId)) ?? {};
        applyPatch(account, input.patchOperations, RULES);
        await tx.put(NS, ctx.accountId, account);
        return accountView(account);
      }),
  };
}
