// CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer: Lambda TOKEN and REQUEST
// authorizers (and Cognito ones, stored but not enforced).
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
// authorizerResultTtlInSeconds defaults to 300 ("The default value is 300. The maximum value is 3600").
import { ServiceError } from '../../../server/service-error.js';
import { authorizerNotFound, badRequest, isApiNotFound } from '../errors.js';
import { authorizerId } from '../ids.js';
import { applyPatch, numberRule, stringRule, type PatchOperation, type PatchRule } from '../patch.js';
import type { AuthorizerRecord, RestApiRecord } from '../records.js';
import { authorizerView, resourcePath } from '../views.js';
import { type ControlPlaneDeps, type Handler, paginate, readApi, updateApi } from './common.js';

export const DEFAULT_AUTHORIZER_TTL = 300;

export type CreateAuthorizerInput = Omit<AuthorizerRecord, 'id' | 'authorizerResultTtlInSeconds'> & {
  restApiId: string;
  authorizerResultTtlInSeconds?: number;
};

function checkTtl(ttl: number): void {
  // Unconfirmed text: AWS's message for a TTL outside 0–3600.
  if (ttl < 0 || ttl > 3600) throw badRequest('Authorizer result TTL must be between 0 and 3600 seconds');
}

export function addAuthorizer(api: RestApiRecord, input: CreateAuthorizerInput): AuthorizerRecord {
  const authorizer: AuthorizerRecord = {
    id: authorizerId(),
    name: input.name,
    type: input.type,
    providerARNs: input.providerARNs,
    authType: input.authType,
    authorizerUri: input.authorizerUri,
    authorizerCredentials: input.authorizerCredentials,
    identitySource: input.identitySource,
    identityValidationExpression: input.identityValidationExpression,
    authorizerResultTtlInSeconds: input.authorizerResultTtlInSeconds ?? DEFAULT_AUTHORIZER_TTL,
  };
  checkTtl(authorizer.authorizerResultTtlInSeconds);
  api.authorizers[authorizer.id] = authorizer;
  return authorizer;
}

const AUTHORIZER_RULES: PatchRule<AuthorizerRecord>[] = [
  stringRule('/name', (a, v) => (a.name = v ?? a.name)),
  stringRule('/type', (a, v) => (a.type = v ?? a.type)),
  stringRule('/authorizerUri', (a, v) => (a.authorizerUri = v)),
  stringRule('/identitySource', (a, v) => (a.identitySource = v)),
  stringRule('/identityValidationExpression', (a, v) => (a.identityValidationExpression = v)),
  stringRule('/authorizerCredentials', (a, v) => (a.authorizerCredentials = v)),
  stringRule('/authType', (a, v) => (a.authType = v)),
  numberRule('/authorizerResultTtlInSeconds', (a, v) => {
    a.authorizerResultTtlInSeconds = v ?? DEFAULT_AUTHORIZER_TTL;
    checkTtl(a.authorizerResultTtlInSeconds);
  }),
];

export function authorizerHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  const find = (api: RestApiRecord, id: string): AuthorizerRecord => {
    const authorizer = api.authorizers[id];
    if (!authorizer) throw authorizerNotFound();
    return authorizer;
  };
  return {
    CreateAuthorizer: async (ctx, input: CreateAuthorizerInput) =>
      updateApi(deps, ctx, input.restApiId, (api) => authorizerView(addAuthorizer(api, input))).catch((e) => {
        // What AWS answers for CreateAuthorizer on an API id that does not exist (LocalStack's
        // validated snapshot test_authorizer_crud_no_api).
        if (isApiNotFound(e)) {
          throw new ServiceError(
            'ConflictException',
            'Unable to complete operation due to concurrent modification. Please try again later.',
            409,
          );
        }
        throw e;
      }),
    GetAuthorizer: async (ctx, input: { restApiId: string; authorizerId: string }) =>
      authorizerView(find(await readApi(deps, ctx, input.restApiId), input.authorizerId)),
    GetAuthorizers: async (ctx, input: { restApiId: string; position?: string; limit?: number }) => {
      const api = await readApi(deps, ctx, input.restApiId);
      return paginate(Object.values(api.authorizers).map(authorizerView), input.position, input.limit);
    },
    UpdateAuthorizer: async (
      ctx,
      input: { restApiId: string; authorizerId: string; patchOperations?: PatchOperation[] },
    ) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        const authorizer = find(api, input.authorizerId);
        applyPatch(authorizer, input.patchOperations, AUTHORIZER_RULES);
        return authorizerView(authorizer);
      }),
    DeleteAuthorizer: async (ctx, input: { restApiId: string; authorizerId: string }) =>
      updateApi(deps, ctx, input.restApiId, (api) => {
        const authorizer = find(api, input.authorizerId);
        // AWS's answer as users recorded it (hashicorp/terraform#6731): "GET//test" for GET on /test.
        for (const [resourceId, resource] of Object.entries(api.resources)) {
          for (const [httpMethod, method] of Object.entries(resource.methods)) {
            if (method.authorizerId !== input.authorizerId) continue;
            throw new ServiceError(
              'ConflictException',
              `Cannot delete authorizer '${authorizer.name}', is referenced in method: ${httpMethod}/${resourcePath(api.resources, resourceId)}`,
              409,
            );
          }
        }
        delete api.authorizers[input.authorizerId];
        return {};
      }),
  };
}
