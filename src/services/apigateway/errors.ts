// API Gateway's control-plane errors with the messages AWS answers (as recorded against AWS in
// LocalStack's validated snapshots, tests/aws/services/apigateway/test_apigateway_api.snapshot.json).
import { ServiceError } from '../../server/service-error.js';

export const badRequest = (message: string): ServiceError =>
  new ServiceError('BadRequestException', message, 400);
export const notFound = (message: string): ServiceError =>
  new ServiceError('NotFoundException', message, 404);
export const conflict = (message: string): ServiceError =>
  new ServiceError('ConflictException', message, 409);

export const apiNotFound = (accountId: string, apiId: string): ServiceError =>
  notFound(`Invalid API identifier specified ${accountId}:${apiId}`);
/** Whether an error is the NotFoundException of an API that does not exist (some operations answer it otherwise). */
export const isApiNotFound = (e: unknown): boolean =>
  e instanceof ServiceError && e.message.startsWith('Invalid API identifier specified');
export const resourceNotFound = (): ServiceError => notFound('Invalid Resource identifier specified');
export const methodNotFound = (): ServiceError => notFound('Invalid Method identifier specified');
export const integrationNotFound = (): ServiceError => notFound('Invalid Integration identifier specified');
export const responseNotFound = (): ServiceError => notFound('Invalid Response status code specified');
export const stageNotFound = (): ServiceError => notFound('Invalid stage identifier specified');
export const deploymentNotFound = (): ServiceError => notFound('Invalid Deployment identifier specified');
export const authorizerNotFound = (): ServiceError => notFound('Invalid Authorizer identifier specified');
export const apiKeyNotFound = (): ServiceError => notFound('Invalid API Key identifier specified');
export const usagePlanNotFound = (): ServiceError => notFound('Invalid Usage Plan ID specified');
export const modelNotFound = (name: string): ServiceError =>
  notFound(`Invalid model name specified: ${name}`);
export const requestValidatorNotFound = (): ServiceError =>
  notFound('Invalid Request Validator identifier specified');
