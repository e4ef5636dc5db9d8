// The Lambda errors the control plane raises, with the codes, statuses and texts AWS answers.
// Texts are AWS's own, as recorded against real AWS in LocalStack's snapshot tests
// (tests/aws/services/lambda_/test_lambda_api.snapshot.json) and the Lambda API reference
// (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#API_CreateFunction_Errors).
import { ServiceError } from '../../server/service-error.js';

const user = { Type: 'User' };

export function resourceNotFound(message: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', message, 404, user);
}

/** "Function not found: arn:aws:lambda:…:function:name[:qualifier]" (404). */
export function functionNotFound(arn: string): ServiceError {
  return resourceNotFound(`Function not found: ${arn}`);
}

/** GetAlias / UpdateAlias of an alias that does not exist. */
export function aliasNotFound(aliasArn: string): ServiceError {
  return resourceNotFound(`Cannot find alias arn: ${aliasArn}`);
}

export function invalidParameter(message: string): ServiceError {
  return new ServiceError('InvalidParameterValueException', message, 400, user);
}

export function conflict(message: string): ServiceError {
  return new ServiceError('ResourceConflictException', message, 409, user);
}

/** Lambda's validation errors carry no Type (the snapshot's ValidationException bodies have none). */
export function validation(message: string): ServiceError {
  return new ServiceError('ValidationException', message, 400);
}

/** "1 validation error detected: Value '<v>' at '<member>' failed to satisfy constraint: <constraint>". */
export function validationOne(value: string, member: string, constraint: string): ServiceError {
  return validation(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function revisionMismatch(): ServiceError {
  return new ServiceError(
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    412,
    user,
  );
}

export function qualifierMismatch(): ServiceError {
  return invalidParameter(
    'The derived qualifier from the function name does not match the specified qualifier.',
  );
}

export function requestEntityTooLarge(message: string): ServiceError {
  return new ServiceError('RequestEntityTooLargeException', message, 413, user);
}
