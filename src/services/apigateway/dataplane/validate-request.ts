// Request validation, before the integration, for a method with a request validator
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html):
// - validateRequestParameters: "The required request parameters in the URI, query string, and headers
//   of an incoming request are included and not blank. API Gateway only checks the existence of a
//   parameter and doesn't check the type or format."
// - validateRequestBody: "The applicable request payload adheres to the configured JSON schema request
//   of the method for a given content type. If no matching content type is found, request validation
//   is not performed. To use the same model regardless of the content type, set the content type for
//   your data model to $default."
// A failure is the BAD_REQUEST_PARAMETERS or BAD_REQUEST_BODY gateway response: 400 with
// "Missing required request parameters: [a, b]" or "Invalid request body".
import { mediaType, type HttpRequest } from '../../http-events/index.js';
import { groupQuery } from '../../http-events/request-parts.js';
import type { DeploymentSnapshot, MethodRecord } from '../records.js';
import type { BodyCheckRequest } from './body-checker.js';

export interface ValidationFailure {
  responseType: 'BAD_REQUEST_PARAMETERS' | 'BAD_REQUEST_BODY';
  /** `$context.error.message`: the `message` of the response body. */
  message: string;
  /** `$context.error.validationErrorString`. */
  validationErrorString: string;
}

export interface RequestToValidate {
  apiId: string;
  snapshot: DeploymentSnapshot;
  method: MethodRecord;
  req: HttpRequest;
  pathParameters: Record<string, string>;
}

/** Checks a body against a model: undefined when it conforms, else the validation error string. */
export type CheckBody = (request: Omit<BodyCheckRequest, 'id'>) => Promise<string | undefined>;

// Each deployment snapshot gets a key of its own, under which the checker keeps its compiled models.
const snapshotKeys = new WeakMap<DeploymentSnapshot, string>();
let nextSnapshotKey = 1;

function keyOf(snapshot: DeploymentSnapshot): string {
  let key = snapshotKeys.get(snapshot);
  if (!key) {
    key = String(nextSnapshotKey++);
    snapshotKeys.set(snapshot, key);
  }
  return key;
}

/** The required parameters (`method.request.{header|querystring|path}.{name}` = true) absent or blank. */
export function missingParameters(
  method: MethodRecord,
  req: HttpRequest,
  pathParameters: Record<string, string>,
): string[] {
  const query = groupQuery(req);
  const present = (location: string, name: string): boolean => {
    let value: string | undefined;
    if (location === 'header') value = req.headers[name.toLowerCase()];
    else if (location === 'querystring') value = query.get(name)?.[0];
    else if (location === 'path') value = pathParameters[name];
    return value !== undefined && value.trim() !== '';
  };
  return Object.entries(method.requestParameters ?? {})
    .filter(([, required]) => required)
    .map(([key]) => /^method\.request\.(header|querystring|path)\.(.+)$/.exec(key))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .filter(([, location, name]) => !present(location!, name!))
    .map(([, , name]) => name!);
}

/** The model for the request's Content-Type (application/json when absent), else `$default`. */
export function modelFor(method: MethodRecord, contentType: string | undefined): string | undefined {
  const models = Object.entries(method.requestModels ?? {});
  const type = mediaType(contentType) || 'application/json';
  return (
    models.find(([key]) => key.toLowerCase() === type)?.[1] ?? models.find(([key]) => key === '$default')?.[1]
  );
}

/**
 * The first check the request fails (parameters before body), or undefined when it passes. The body
 * is checked by `checkBody` (a BodyChecker's thread, where a runaway model pattern cannot stall the server).
 */
export async function validateRequest(
  input: RequestToValidate,
  checkBody: CheckBody,
): Promise<ValidationFailure | undefined> {
  const { method, snapshot, req } = input;
  const validator = method.requestValidatorId
    ? snapshot.requestValidators?.[method.requestValidatorId]
    : undefined;
  if (!validator) return undefined;
  if (validator.validateRequestParameters) {
    const missing = missingParameters(method, req, input.pathParameters);
    if (missing.length > 0) {
      const message = `Missing required request parameters: [${missing.join(', ')}]`;
      return { responseType: 'BAD_REQUEST_PARAMETERS', message, validationErrorString: message };
    }
  }
  if (validator.validateRequestBody) {
    const model = modelFor(method, req.headers['content-type']);
    const errors =
      model &&
      (await checkBody({
        key: keyOf(snapshot),
        apiId: input.apiId,
        models: snapshot.models ?? {},
        model,
        body: req.body,
      }));
    if (errors)
      return {
        responseType: 'BAD_REQUEST_BODY',
        message: 'Invalid request body',
        validationErrorString: errors,
      };
  }
  return undefined;
}
