// API Gateway v2's errors: {"message": "..."} with the code in x-amzn-errortype. Not-found texts are
// "Invalid <Thing> identifier specified <id>" (the API's includes the account: `{accountId}:{apiId}`).
import { ServiceError } from '../../server/service-error.js';

export function notFound(message: string): ServiceError {
  return new ServiceError('NotFoundException', message, 404);
}

export const apiNotFound = (accountId: string, apiId: string): ServiceError =>
  notFound(`Invalid API identifier specified ${accountId}:${apiId}`);

export const childNotFound = (thing: string, id: string): ServiceError =>
  notFound(`Invalid ${thing} identifier specified ${id}`);

export function badRequest(message: string): ServiceError {
  return new ServiceError('BadRequestException', message, 400);
}

export function conflict(message: string): ServiceError {
  return new ServiceError('ConflictException', message, 409);
}
