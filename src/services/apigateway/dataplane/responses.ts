// The gateway responses a REST API answers by itself: status, `{"message": …}` body and the
// x-amzn-ErrorType header, per the gateway response types
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html)
// and the messages AWS's troubleshooting articles quote.
import { jsonMessage, type HttpResponse } from '../../http-events/index.js';

const error = (status: number, type: string, message: string | null): HttpResponse =>
  message === null
    ? {
        status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
        body: '{"message":null}',
      }
    : jsonMessage(status, message, { 'x-amzn-errortype': type });

/** No resource or method matches (MISSING_AUTHENTICATION_TOKEN). */
export const missingToken = (): HttpResponse =>
  error(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
/** Unknown stage, or an API key the method's usage plans do not accept (INVALID_API_KEY). */
export const forbidden = (): HttpResponse => error(403, 'ForbiddenException', 'Forbidden');
/** A Lambda authorizer's missing identity or "Unauthorized" answer (UNAUTHORIZED). */
export const unauthorized = (): HttpResponse => error(401, 'UnauthorizedException', 'Unauthorized');
/** A Lambda authorizer's policy does not allow the method (ACCESS_DENIED). */
export const accessDenied = (explicit: boolean): HttpResponse =>
  error(
    403,
    'AccessDeniedException',
    explicit
      ? 'User is not authorized to access this resource with an explicit deny'
      : 'User is not authorized to access this resource',
  );
/** An AWS_IAM method's signature problem (INVALID_SIGNATURE / MISSING_AUTHENTICATION_TOKEN / EXPIRED_TOKEN). */
export const signatureError = (type: string, message: string): HttpResponse => error(403, type, message);
/** A Lambda authorizer that fails or answers nonsense (AUTHORIZER_CONFIGURATION_ERROR). */
export const authorizerError = (): HttpResponse => error(500, 'AuthorizerConfigurationException', null);
/** Stage or usage plan throttling (THROTTLED). */
export const tooManyRequests = (): HttpResponse =>
  error(429, 'TooManyRequestsException', 'Too Many Requests');
/** A usage plan's quota used up (QUOTA_EXCEEDED). */
export const limitExceeded = (): HttpResponse => error(429, 'LimitExceededException', 'Limit Exceeded');
/** A function error or malformed proxy answer. */
export const badGateway = (): HttpResponse =>
  error(502, 'InternalServerErrorException', 'Internal server error');
/** The integration could not be called (permission, missing function, configuration: API_CONFIGURATION_ERROR). */
export const internalError = (): HttpResponse =>
  error(500, 'InternalServerErrorException', 'Internal server error');
/** The integration took longer than its timeout (INTEGRATION_TIMEOUT). */
export const timedOut = (): HttpResponse =>
  error(504, 'InternalServerErrorException', 'Endpoint request timed out');
/** The request body is larger than API Gateway takes (10 MB payload quota, REQUEST_TOO_LARGE). */
export const tooLarge = (): HttpResponse => error(413, 'RequestTooLargeException', 'Request Too Long');
/** A non-proxy integration has no request template for the Content-Type and may not pass it through (UNSUPPORTED_MEDIA_TYPE). */
export const unsupportedMediaType = (): HttpResponse =>
  error(415, 'UnsupportedMediaTypeException', 'Unsupported Media Type');
/**
 * A request its method's validator refuses (BAD_REQUEST_PARAMETERS / BAD_REQUEST_BODY): the one place
 * a validation failure becomes a response.
 */
export const validationFailed = (failure: { message: string }): HttpResponse =>
  error(400, 'BadRequestException', failure.message);
/** A mapping template read a request body that is not JSON (BAD_REQUEST_BODY). */
export const badRequestBody = (message: string): HttpResponse => error(400, 'BadRequestException', message);
