// The errors the protocol layer itself raises (bad body, unknown operation, failed validation),
// with the code each service uses for them.
import type { HttpRequest } from '../server/http-types.js';
import { ServiceError } from '../server/service-error.js';
import type { ServiceModel, Shape } from './model-types.js';
import { findErrorShape } from './shapes.js';
import { validationMessage } from './validate.js';

/**
 * The code a service answers constraint violations with. Most Coral services use
 * ValidationException; query services ValidationError (IAM/STS common errors:
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html); CloudWatch Logs
 * InvalidParameterException ("...failed to satisfy constraint... Error Code:
 * InvalidParameterException", Signiant/PaperWatch#6); API Gateway BadRequestException (its only
 * 400 error shape). S3 has no generic validation: its handlers raise S3's own codes.
 */
export function validationCode(model: ServiceModel): string | undefined {
  if (model.metadata.protocol === 'query') return 'ValidationError';
  switch (model.metadata.endpointPrefix) {
    case 's3':
      return undefined;
    case 'logs':
      return 'InvalidParameterException';
    case 'apigateway':
      return 'BadRequestException';
    default:
      return 'ValidationException';
  }
}

export function validationError(model: ServiceModel, errors: string[]): ServiceError | undefined {
  const code = validationCode(model);
  if (!code || errors.length === 0) return undefined;
  return new ServiceError(code, validationMessage(errors), 400);
}

/** A body that does not parse, or a value of the wrong JSON type. */
export function serializationError(message: string): ServiceError {
  return new ServiceError('SerializationException', message, 400);
}

/**
 * The answer when a request names no operation of the service: json services
 * UnknownOperationException (400), rest-json 404 UnknownOperationException, query InvalidAction
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html), S3 405 MethodNotAllowed.
 */
export function unknownOperationError(model: ServiceModel, req?: HttpRequest): ServiceError {
  switch (model.metadata.protocol) {
    case 'json':
      return new ServiceError('UnknownOperationException', '', 400);
    case 'query': {
      const action = req ? queryParams(req).get('Action') : undefined;
      return action
        ? new ServiceError(
            'InvalidAction',
            `Could not find operation ${action} for version ${model.metadata.apiVersion}`,
            400,
          )
        : new ServiceError('MissingAction', 'Missing Action', 400);
    }
    case 'rest-xml':
      return new ServiceError(
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
        405,
      );
    default:
      return new ServiceError('UnknownOperationException', 'Unknown operation', 404);
  }
}

/**
 * The answer to a request that failed inside the server (an unexpected exception, logged): S3's
 * InternalError "We encountered an internal error. Please try again." (its error responses list);
 * for the JSON-based services the ServiceException shape Lambda's model defines (500).
 */
export function internalError(model: ServiceModel): ServiceError {
  if (model.metadata.protocol === 'rest-xml') {
    return new ServiceError('InternalError', 'We encountered an internal error. Please try again.', 500);
  }
  return new ServiceError('ServiceException', 'An internal error occurred.', 500, { Type: 'Service' });
}

/**
 * The answer when a request names an operation of the model that Cumulo does not serve. S3 has a code
 * for it, which tools that manage buckets treat as "feature absent" (NotImplemented, 501, "A header
 * you provided implies functionality that is not implemented", as S3 answers it); the other protocols
 * have none, so their clients get UnknownOperationException naming the operation.
 */
export function unsupportedOperationError(model: ServiceModel, operation: string): ServiceError {
  if (model.metadata.protocol === 'rest-xml') {
    return new ServiceError(
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
      501,
    );
  }
  return new ServiceError('UnknownOperationException', `Operation ${operation} is not supported.`, 400);
}

/**
 * The members of an error body: the error's own fields, plus its message under the name the
 * model's error shape uses ('Message' for Lambda, 'message' for most others). Lambda's errors
 * also carry Type: "User" for 4xx and "Service" for 5xx
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors), unless the
 * error's fields name Type as undefined (a few of AWS's answers have none).
 */
export function errorMembers(model: ServiceModel, error: ServiceError): Record<string, unknown> {
  const found = findErrorShape(model, error.code);
  const members = found?.shape.members ?? {};
  const out: Record<string, unknown> = {};
  if ('Type' in members && !('Type' in error.fields)) out.Type = error.status >= 500 ? 'Service' : 'User';
  const key = messageKey(found?.shape);
  if (error.message !== '') out[key] = error.message;
  Object.assign(out, error.fields);
  return out;
}

export function messageKey(shape: Shape | undefined): string {
  const members = shape?.members ?? {};
  for (const k of ['message', 'Message', 'errorMessage', 'ErrorMessage']) if (k in members) return k;
  return 'message';
}

/** The HTTP status for an error: the ServiceError's, which handlers set from the model. */
export function errorStatus(model: ServiceModel, error: ServiceError): number {
  if (error.status) return error.status;
  return findErrorShape(model, error.code)?.shape.error?.httpStatusCode ?? 400;
}

/** Query-protocol parameters: the query string, overridden by a form-encoded body. */
export function queryParams(req: HttpRequest): Map<string, string> {
  const params = new Map(req.query);
  const type = req.headers['content-type'] ?? '';
  if (req.body.length > 0 && (type === '' || type.includes('application/x-www-form-urlencoded'))) {
    for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.set(k, v);
  }
  return params;
}
