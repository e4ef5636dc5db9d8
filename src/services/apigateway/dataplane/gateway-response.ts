// Every error API Gateway produces by itself, as one value: its gateway response type, message and
// status. `gatewayError(type, message, extras)` makes one anywhere in the data plane; it is already an
// HttpResponse (API Gateway's default rendering), so it travels wherever a response does, and the
// request's last step (index.ts) renders it again with the deployment's customisation:
//   status      the customised statusCode (own, or DEFAULT_4XX/5XX's), else the error's own;
//   headers     x-amzn-ErrorType, plus `gatewayresponse.header.X` mapped from 'literal',
//               method.request.{header,querystring,path}.x, stageVariables.x, context.x;
//   body        the responseTemplate chosen by Accept (as integration responses choose), evaluated with
//               $context.error.{message,messageString,responseType,validationErrorString}.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
import type { HttpResponse } from '../../http-events/index.js';
import { fromPlain, TemplateError } from '../../http-events/vtl/index.js';
import {
  effectiveGatewayResponse,
  fallbackType,
  GATEWAY_RESPONSE_STATUS,
  type GatewayResponseType,
} from '../gateway-response-types.js';
import type { GatewayResponseRecord } from '../records.js';
import { mapParameters } from './parameter-mapping.js';
import { chooseTemplate, renderMapping, type TemplateScope } from './template-scope.js';

export interface GatewayErrorExtras {
  /** The status when no customisation sets one; default: the type's default status code. */
  status?: number;
  /** The x-amzn-ErrorType header; default: derived from the type. */
  errorType?: string;
  /** `$context.error.validationErrorString` (request validation failures). */
  validationErrorString?: string;
  /** `$context.authorizer` of a Lambda authorizer that denied the request. */
  authorizer?: Record<string, unknown>;
}

/** x-amzn-ErrorType by type where the type's name does not give it. */
const ERROR_TYPES: Partial<Record<GatewayResponseType, string>> = {
  MISSING_AUTHENTICATION_TOKEN: 'MissingAuthenticationTokenException',
  INVALID_API_KEY: 'ForbiddenException',
  UNAUTHORIZED: 'UnauthorizedException',
  ACCESS_DENIED: 'AccessDeniedException',
  AUTHORIZER_CONFIGURATION_ERROR: 'AuthorizerConfigurationException',
  THROTTLED: 'TooManyRequestsException',
  QUOTA_EXCEEDED: 'LimitExceededException',
  REQUEST_TOO_LARGE: 'RequestTooLargeException',
  UNSUPPORTED_MEDIA_TYPE: 'UnsupportedMediaTypeException',
  BAD_REQUEST_BODY: 'BadRequestException',
  BAD_REQUEST_PARAMETERS: 'BadRequestException',
};

export class GatewayError implements HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;

  constructor(
    readonly type: GatewayResponseType,
    readonly message: string | null,
    readonly extras: GatewayErrorExtras = {},
  ) {
    this.status = extras.status ?? Number(GATEWAY_RESPONSE_STATUS[type] ?? 500);
    this.headers = {
      'content-type': 'application/json',
      'x-amzn-errortype': extras.errorType ?? ERROR_TYPES[type] ?? 'InternalServerErrorException',
    };
    // What the default template `{"message":$context.error.messageString}` renders.
    this.body = `{"message":${messageString(message)}}`;
  }
}

export const gatewayError = (
  type: GatewayResponseType,
  message: string | null,
  extras?: GatewayErrorExtras,
): GatewayError => new GatewayError(type, message, extras);

/** "The quoted value of $context.error.message, namely "$context.error.message"". */
const messageString = (message: string | null): string =>
  message === null ? 'null' : JSON.stringify(message);

export interface ErrorRendering {
  /** The deployment's customised gateway responses. */
  customised: Record<string, GatewayResponseRecord> | undefined;
  /** The request's template scope (built only when a customisation applies). */
  scope: () => TemplateScope;
  accept: string | undefined;
  log: (line: string) => void;
}

/** The error as the API's gateway responses customise it; the default rendering when they do not. */
export function renderGatewayError(error: GatewayError, rendering: ErrorRendering): HttpResponse {
  const { customised } = rendering;
  if (!customised?.[error.type] && !customised?.[fallbackType(error.type)]) return error;
  const effective = effectiveGatewayResponse(error.type, customised);
  const scope = rendering.scope();
  scope.context.set(
    'error',
    fromPlain({
      message: error.message,
      messageString: messageString(error.message),
      responseType: error.type,
      validationErrorString: error.extras.validationErrorString,
    }),
  );
  const headers: Record<string, string> = { 'x-amzn-errortype': error.headers['x-amzn-errortype']! };
  for (const [name, value] of Object.entries(
    mapParameters(effective.responseParameters, 'gatewayresponse.header.', scope),
  ))
    headers[name.toLowerCase()] = value;
  let body = '';
  const template = chooseTemplate(effective.responseTemplates, rendering.accept);
  if (template) {
    try {
      body = renderMapping(scope, template[1], scope.body);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      rendering.log(`Gateway response ${error.type}: unable to transform the response: ${e.message}`);
      return error;
    }
  }
  return {
    status: Number(effective.statusCode ?? error.status),
    headers: { 'content-type': template?.[0] ?? 'application/json', ...headers },
    body,
  };
}
