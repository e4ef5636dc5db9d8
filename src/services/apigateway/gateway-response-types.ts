// The gateway response types of REST APIs, their default status codes, and what a type answers with
// when the API has not customised it: its DEFAULT_4XX / DEFAULT_5XX fallback's customisation, else
// API Gateway's default. One source for the control plane (GetGatewayResponse(s)) and the data plane.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
// "If the response type is unspecified, this response defaults to the DEFAULT_4XX type" (or 5XX);
// "Changing the status code of this fallback gateway response changes the status codes of all other
// 4XX responses to the new value."
import type { GatewayResponseRecord } from './records.js';

/** Types in the order of the `GatewayResponseType` enum of AWS's model; DEFAULT_4XX/5XX have no status. */
export const GATEWAY_RESPONSE_STATUS = {
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  RESOURCE_NOT_FOUND: '404',
  UNAUTHORIZED: '401',
  INVALID_API_KEY: '403',
  ACCESS_DENIED: '403',
  AUTHORIZER_FAILURE: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  INVALID_SIGNATURE: '403',
  EXPIRED_TOKEN: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  API_CONFIGURATION_ERROR: '500',
  UNSUPPORTED_MEDIA_TYPE: '415',
  BAD_REQUEST_PARAMETERS: '400',
  BAD_REQUEST_BODY: '400',
  REQUEST_TOO_LARGE: '413',
  THROTTLED: '429',
  QUOTA_EXCEEDED: '429',
  WAF_FILTERED: '403',
} as const satisfies Record<string, string | undefined>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSE_STATUS;

export const GATEWAY_RESPONSE_TYPES = Object.keys(GATEWAY_RESPONSE_STATUS) as GatewayResponseType[];

/** The body template every default gateway response has. */
export const DEFAULT_GATEWAY_TEMPLATE = '{"message":$context.error.messageString}';

/** The fallback a type defaults to: by its default status class (DEFAULT_* are their own). */
export function fallbackType(type: GatewayResponseType): 'DEFAULT_4XX' | 'DEFAULT_5XX' {
  if (type === 'DEFAULT_4XX' || type === 'DEFAULT_5XX') return type;
  return Number(GATEWAY_RESPONSE_STATUS[type]) >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
}

export interface EffectiveGatewayResponse {
  /** Absent: the error keeps its own status. */
  statusCode?: string;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
  /** False only for a type the API customised itself. */
  defaultResponse: boolean;
}

/**
 * What `type` answers with, given the API's customisations: its own, else its fallback's (status,
 * parameters and templates), else API Gateway's default (no parameters, the default template).
 */
export function effectiveGatewayResponse(
  type: GatewayResponseType,
  customised: Record<string, GatewayResponseRecord> | undefined,
): EffectiveGatewayResponse {
  const own = customised?.[type];
  const source = own ?? customised?.[fallbackType(type)];
  return {
    statusCode: source?.statusCode,
    responseParameters: { ...(source?.responseParameters ?? {}) },
    responseTemplates: { ...(source?.responseTemplates ?? { 'application/json': DEFAULT_GATEWAY_TEMPLATE }) },
    defaultResponse: own === undefined,
  };
}
