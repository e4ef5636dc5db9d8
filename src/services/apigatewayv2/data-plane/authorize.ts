// Runs a route's authorizer: none, AWS_IAM (SigV4), JWT, or a REQUEST Lambda authorizer (cached by
// identity values).
import { iamAuthorizer, type EventV1, type EventV2, type HttpRequest } from '../../http-events/index.js';
import { parseAuth } from '../../../auth/index.js';
import type { ApiGatewayV2Deps } from '../deps.js';
import { functionArnOf } from '../operations/integrations.js';
import type { AuthorizerRecord, RouteRecord } from '../records.js';
import { identityValues, type IdentityScope } from './identity.js';
import { invokeFunction } from './invoke-function.js';
import { JwksCache, verifyJwt } from './jwt-authorizer.js';
import { AuthorizerCache, authorizerEvent, decide } from './lambda-authorizer.js';

export type AuthResult =
  | { kind: 'allow'; authorizer?: Record<string, unknown> }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'error'; reason: string };

export interface AuthRequest {
  route: RouteRecord;
  authorizer: AuthorizerRecord | undefined;
  scope: IdentityScope;
  accountId: string;
  apiId: string;
  routeArn: string;
  requestId: string;
  /** The request as a proxy event of the authorizer's payload version. */
  event(version: '1.0' | '2.0'): EventV1 | EventV2;
}

/** Lambda authorizers must answer within 10 seconds (HTTP API quota "Authorizer timeout"). */
const AUTHORIZER_TIMEOUT_MS = 10_000;

export class Authorizers {
  readonly jwks: JwksCache;
  private readonly cache = new AuthorizerCache();

  constructor(private readonly deps: ApiGatewayV2Deps) {
    this.jwks = new JwksCache(deps.fetchJson ?? defaultFetchJson);
  }

  private iam(req: HttpRequest): Promise<AuthResult> {
    return iamAuthorize(this.deps, req);
  }

  async authorize(a: AuthRequest): Promise<AuthResult> {
    const type = a.route.AuthorizationType;
    if (type === 'NONE') return { kind: 'allow' };
    if (type === 'AWS_IAM') return this.iam(a.scope.req);
    const authorizer = a.authorizer;
    if (!authorizer)
      return { kind: 'error', reason: `authorizer ${a.route.AuthorizerId ?? ''} is not deployed` };
    const identity = identityValues(authorizer.IdentitySource, a.scope);
    if (type === 'JWT') {
      if (!identity) return { kind: 'unauthorized', reason: 'The JWT identity source is missing' };
      return verifyJwt(this.jwks, authorizer, identity[0]!, a.route.AuthorizationScopes);
    }
    // REQUEST: "If you specify identity sources ... 401 if any of them is missing".
    if (!identity && authorizer.IdentitySource.length > 0) {
      return { kind: 'unauthorized', reason: 'An identity source is missing' };
    }
    const values = identity ?? [];
    const ttl = authorizer.AuthorizerResultTtlInSeconds ?? 0;
    const cacheKey = `${a.apiId}\u0000${authorizer.AuthorizerId}\u0000${values.join('\u0000')}`;
    let payload = ttl > 0 && values.length > 0 ? this.cache.get(cacheKey) : undefined;
    if (!payload) {
      const version = authorizer.AuthorizerPayloadFormatVersion === '2.0' ? '2.0' : '1.0';
      const event = authorizerEvent(authorizer, a.event(version), a.routeArn, values);
      const region = this.deps.region;
      const outcome = await invokeFunction(this.deps, {
        // AuthorizerUri is a function ARN or the `arn:aws:apigateway:…/functions/{arn}/invocations` form.
        functionArn: functionArnOf(authorizer.AuthorizerUri)!,
        accountId: a.accountId,
        // Authorizers are invoked with the authorizer's ARN as SourceArn.
        sourceArn: `arn:aws:execute-api:${region}:${a.accountId}:${a.apiId}/authorizers/${authorizer.AuthorizerId}`,
        payload: Buffer.from(JSON.stringify(event)),
        requestId: a.requestId,
        timeoutMs: AUTHORIZER_TIMEOUT_MS,
      });
      if (outcome.kind !== 'ok') {
        const reason = 'reason' in outcome ? outcome.reason : outcome.kind;
        return { kind: 'error', reason: `authorizer ${authorizer.AuthorizerId} failed: ${reason}` };
      }
      payload = outcome.payload;
      if (ttl > 0 && values.length > 0) this.cache.set(cacheKey, payload, ttl);
    }
    const decision = decide(authorizer, payload, a.routeArn);
    if (decision.kind === 'deny') return { kind: 'forbidden', reason: 'The authorizer denied the request' };
    return decision;
  }
}

/**
 * AWS_IAM routes: "clients must use Signature Version 4 (SigV4) to sign their requests with AWS
 * credentials" for the service execute-api; a missing or bad signature gets 403 Forbidden.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html
 */
async function iamAuthorize(deps: ApiGatewayV2Deps, req: HttpRequest): Promise<AuthResult> {
  const parsed = parseAuth(req);
  if (!parsed) return { kind: 'forbidden', reason: 'The request is not signed' };
  if (parsed.service !== 'execute-api') {
    return { kind: 'forbidden', reason: `The request is signed for ${parsed.service}, not execute-api` };
  }
  if (!deps.authenticate) return { kind: 'forbidden', reason: 'No authenticator for AWS_IAM routes' };
  try {
    return { kind: 'allow', authorizer: iamAuthorizer(await deps.authenticate(req)) };
  } catch (e) {
    return {
      kind: 'forbidden',
      reason: `The signature does not verify: ${(e as Error)?.message ?? String(e)}`,
    };
  }
}

async function defaultFetchJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
}
