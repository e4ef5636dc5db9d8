// REQUEST (Lambda) authorizers of HTTP APIs. The authorizer gets the request as a payload 1.0 or 2.0
// authorizer event and answers either a simple response {isAuthorized, context} (2.0 with
// EnableSimpleResponses) or an IAM policy {principalId, policyDocument, context} that must allow
// execute-api:Invoke on the route's ARN. Results are cached by identity values for
// AuthorizerResultTtlInSeconds. Its context reaches the integration as requestContext.authorizer.lambda.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
import { wildcardMatch } from '../../../iam/resource-policy-match.js';
import type { EventV1, EventV2 } from '../../http-events/index.js';
import type { AuthorizerRecord } from '../records.js';

export type AuthorizerDecision =
  | { kind: 'allow'; authorizer: Record<string, unknown> }
  | { kind: 'deny' }
  | { kind: 'error'; reason: string };

/** The authorizer event, built from the proxy event of the same payload version. */
export function authorizerEvent(
  authorizer: AuthorizerRecord,
  proxy: EventV1 | EventV2,
  routeArn: string,
  identity: string[],
): Record<string, unknown> {
  if (authorizer.AuthorizerPayloadFormatVersion === '2.0') {
    const { body: _b, isBase64Encoded: _i, version: _v, ...rest } = proxy as EventV2;
    return { version: '2.0', type: 'REQUEST', routeArn, identitySource: identity, ...rest };
  }
  const { body: _b, isBase64Encoded: _i, version: _v, ...rest } = proxy as EventV1;
  return {
    version: '1.0',
    type: 'REQUEST',
    methodArn: routeArn,
    identitySource: identity.join(','),
    authorizationToken: identity.join(','),
    ...rest,
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function policyAllows(policy: unknown, routeArn: string): boolean | undefined {
  if (!isObject(policy)) return undefined;
  let allowed = false;
  for (const s of list(policy.Statement)) {
    if (!isObject(s)) return undefined;
    const actions = list(s.Action).map(String);
    const resources = list(s.Resource).map(String);
    const actionOk = actions.some((a) => wildcardMatch(a, 'execute-api:Invoke', true));
    const resourceOk = resources.some((r) => wildcardMatch(r, routeArn));
    if (!actionOk || !resourceOk) continue;
    if (s.Effect === 'Deny') return false;
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

/** Interprets the authorizer's answer for one route. */
export function decide(authorizer: AuthorizerRecord, payload: Buffer, routeArn: string): AuthorizerDecision {
  let answer: unknown;
  try {
    answer = JSON.parse(payload.toString('utf8'));
  } catch {
    return { kind: 'error', reason: 'The authorizer response is not valid JSON' };
  }
  if (!isObject(answer)) return { kind: 'error', reason: 'The authorizer response is not a JSON object' };
  const context = isObject(answer.context) ? answer.context : {};
  if (authorizer.EnableSimpleResponses) {
    if (typeof answer.isAuthorized !== 'boolean') {
      return { kind: 'error', reason: 'The authorizer response has no boolean isAuthorized' };
    }
    return answer.isAuthorized ? { kind: 'allow', authorizer: { lambda: context } } : { kind: 'deny' };
  }
  const allows = policyAllows(answer.policyDocument, routeArn);
  if (allows === undefined)
    return { kind: 'error', reason: 'The authorizer response has no valid policyDocument' };
  if (!allows) return { kind: 'deny' };
  const result: Json = { lambda: context };
  if (answer.principalId !== undefined) result.principalId = answer.principalId;
  return { kind: 'allow', authorizer: result };
}

/** Cached authorizer answers: key = authorizer id + identity values, for the authorizer's TTL. */
export class AuthorizerCache {
  private readonly entries = new Map<string, { expires: number; payload: Buffer }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): Buffer | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.payload;
  }

  set(key: string, payload: Buffer, ttlSeconds: number): void {
    if (ttlSeconds <= 0) return;
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { expires: this.now() + ttlSeconds * 1000, payload });
  }
}
