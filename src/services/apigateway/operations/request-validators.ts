// CreateRequestValidator, GetRequestValidator(s), UpdateRequestValidator, DeleteRequestValidator.
// https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRequestValidator.html
// Texts as AWS answers (LocalStack's validated snapshots, TestApiGatewayApiRequestValidator): an
// unknown API is "Invalid REST API identifier specified" to Create and an unknown validator to
// Get/Update/Delete.
import { badRequest, isApiNotFound, requestValidatorNotFound } from '../errors.js';
import { requestValidatorId } from '../ids.js';
import { applyPatch, booleanRule, unsupportedPatch, type PatchOperation, type PatchRule } from '../patch.js';
import type { RequestValidatorRecord, RestApiRecord } from '../records.js';
import { type ControlPlaneDeps, type Handler, paginate, readApi, updateApi } from './common.js';

export interface CreateRequestValidatorInput {
  restApiId: string;
  name?: string;
  validateRequestBody?: boolean;
  validateRequestParameters?: boolean;
}

export function addRequestValidator(
  api: RestApiRecord,
  input: CreateRequestValidatorInput,
): RequestValidatorRecord {
  const validator: RequestValidatorRecord = {
    id: requestValidatorId(),
    name: input.name,
    validateRequestBody: input.validateRequestBody ?? false,
    validateRequestParameters: input.validateRequestParameters ?? false,
  };
  api.requestValidators[validator.id] = validator;
  return validator;
}

export function findRequestValidator(api: RestApiRecord, id: string): RequestValidatorRecord {
  const validator = api.requestValidators[id];
  if (!validator) throw requestValidatorNotFound();
  return validator;
}

// The order AWS lists them in its error message.
const VALIDATOR_RULES: PatchRule<RequestValidatorRecord>[] = [
  {
    path: '/name',
    ops: ['replace'],
    apply: (v, _op, value) => {
      if (!value) throw badRequest('Request Validator name cannot be blank');
      v.name = value;
    },
  },
  booleanRule('/validateRequestParameters', (v, value) => (v.validateRequestParameters = value)),
  booleanRule('/validateRequestBody', (v, value) => (v.validateRequestBody = value)),
];

export function requestValidatorHandlers(deps: ControlPlaneDeps): Record<string, Handler<any>> {
  type Address = { restApiId: string; requestValidatorId: string };
  const onValidator = <T>(
    ctx: Parameters<Handler<unknown>>[0],
    input: Address,
    fn: (api: RestApiRecord, v: RequestValidatorRecord) => T,
  ) =>
    updateApi(deps, ctx, input.restApiId, (api) =>
      fn(api, findRequestValidator(api, input.requestValidatorId)),
    ).catch((e: unknown) => {
      throw isApiNotFound(e) ? requestValidatorNotFound() : e;
    });
  return {
    CreateRequestValidator: async (ctx, input: CreateRequestValidatorInput) =>
      updateApi(deps, ctx, input.restApiId, (api) => ({ ...addRequestValidator(api, input) })).catch(
        (e: unknown) => {
          throw isApiNotFound(e) ? badRequest('Invalid REST API identifier specified') : e;
        },
      ),
    GetRequestValidator: async (ctx, input: Address) => {
      const api = await readApi(deps, ctx, input.restApiId).catch((e: unknown) => {
        throw isApiNotFound(e) ? requestValidatorNotFound() : e;
      });
      return { ...findRequestValidator(api, input.requestValidatorId) };
    },
    GetRequestValidators: async (ctx, input: { restApiId: string; position?: string; limit?: number }) => {
      const api = await readApi(deps, ctx, input.restApiId);
      const validators = Object.values(api.requestValidators).map((v) => ({ ...v }));
      return paginate(validators, input.position, input.limit);
    },
    UpdateRequestValidator: async (ctx, input: Address & { patchOperations?: PatchOperation[] }) =>
      onValidator(ctx, input, (_api, validator) => {
        // Every path takes only replace, and AWS names the path for any other op.
        for (const o of input.patchOperations ?? [])
          if (o.op !== 'replace') throw unsupportedPatch(o.path ?? '', o.op ?? '');
        applyPatch(validator, input.patchOperations, VALIDATOR_RULES);
        return { ...validator };
      }),
    DeleteRequestValidator: async (ctx, input: Address) =>
      onValidator(ctx, input, (api) => {
        delete api.requestValidators[input.requestValidatorId];
        // Methods that named it validate nothing any more (Cumulo's choice: AWS's answer is not
        // documented).
        for (const resource of Object.values(api.resources))
          for (const method of Object.values(resource.methods))
            if (method.requestValidatorId === input.requestValidatorId) delete method.requestValidatorId;
        return {};
      }),
  };
}
