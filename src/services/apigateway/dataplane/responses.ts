// The gateway responses a REST API answers by itself, by gateway response type, with the messages
// and x-amzn-ErrorType headers AWS's troubleshooting articles quote. Each is a GatewayError
// (gateway-response.ts), which the API's gateway responses may customise.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
import { gatewayError, type GatewayError } from './gateway-response.js';
import type { ValidationFailure } from './validate-request.js';

/** No resource or method matches (MISSING_AUTHENTICATION_TOKEN). */
export const missingToken = (): GatewayError =>
  gatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token');
/** A stage that does not exist: no deployment, so nothing customises it. */
export const unknownStage = (): GatewayError =>
  gatewayError('DEFAULT_4XX', 'Forbidden', { status: 403, errorType: 'ForbiddenException' });
/** An API key the method's usage plans do not accept (INVALID_API_KEY). */
export const invalidApiKey = (): GatewayError => gatewayError('INVALID_API_KEY', 'Forbidden');
/** A Lambda authorizer's missing identity or "Unauthorized" answer (UNAUTHORIZED). */
export const unauthorized = (): GatewayError => gatewayError('UNAUTHORIZED', 'Unauthorized');
/** A Lambda authorizer's policy does not allow the method (ACCESS_DENIED); its context stays readable. */
export const accessDenied = (explicit: boolean, authorizer?: Record<string, unknown>): GatewayError =>
  gatewayError(
    'ACCESS_DENIED',
    explicit
      ? 'User is not authorized to access this resource with an explicit deny'
      : 'User is not authorized to access this resource',
    { authorizer },
  );
/**
 * An AWS_IAM method's signature problem, by the SigV4 check's error code: no signature
 * (MISSING_AUTHENTICATION_TOKEN), an expired token (EXPIRED_TOKEN), else INVALID_SIGNATURE.
 */
export function signatureError(code: string, message: string): GatewayError {
  const type =
    code === 'MissingAuthenticationTokenException'
      ? 'MISSING_AUTHENTICATION_TOKEN'
      : code === 'ExpiredTokenException'
        ? 'EXPIRED_TOKEN'
        : 'INVALID_SIGNATURE';
  return gatewayError(type, message, { errorType: code });
}
/** A Lambda authorizer that fails or answers nonsense (AUTHORIZER_CONFIGURATION_ERROR). */
export const authorizerError = (): GatewayError => gatewayError('AUTHORIZER_CONFIGURATION_ERROR', null);
/** Stage or usage plan throttling (THROTTLED). */
export const tooManyRequests = (): GatewayError => gatewayError('THROTTLED', 'Too Many Requests');
/** A usage plan's quota used up (QUOTA_EXCEEDED). */
export const limitExceeded = (): GatewayError => gatewayError('QUOTA_EXCEEDED', 'Limit Exceeded');
/** A function error or malformed proxy answer: a 502 of no specific type (DEFAULT_5XX). */
export const badGateway = (): GatewayError =>
  gatewayError('DEFAULT_5XX', 'Internal server error', { status: 502 });
/**
 * The integration could not be called or mapped as configured — permissions, endpoint, templates, no
 * integration response ("Execution failed due to configuration error"): API_CONFIGURATION_ERROR.
 */
export const configurationError = (): GatewayError =>
  gatewayError('API_CONFIGURATION_ERROR', 'Internal server error');
/** Anything unexpected inside the data plane (DEFAULT_5XX). */
export const internalError = (): GatewayError =>
  gatewayError('DEFAULT_5XX', 'Internal server error', { status: 500 });
/** The integration took longer than its timeout (INTEGRATION_TIMEOUT). */
export const timedOut = (): GatewayError => gatewayError('INTEGRATION_TIMEOUT', 'Endpoint request timed out');
/** The request body is larger than API Gateway takes (10 MB payload quota, REQUEST_TOO_LARGE). */
export const tooLarge = (): GatewayError => gatewayError('REQUEST_TOO_LARGE', 'Request Too Long');
/** A non-proxy integration has no request template for the Content-Type and may not pass it through (UNSUPPORTED_MEDIA_TYPE). */
export const unsupportedMediaType = (): GatewayError =>
  gatewayError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type');
/**
 * A request its method's validator refuses (BAD_REQUEST_PARAMETERS / BAD_REQUEST_BODY): the one place
 * a validation failure becomes a response, with its `$context.error.validationErrorString`.
 */
export const validationFailed = (failure: ValidationFailure): GatewayError =>
  gatewayError(failure.responseType, failure.message, {
    validationErrorString: failure.validationErrorString,
  });
/** A mapping template read a request body that is not JSON (BAD_REQUEST_BODY). */
export const badRequestBody = (message: string): GatewayError => gatewayError('BAD_REQUEST_BODY', message);
