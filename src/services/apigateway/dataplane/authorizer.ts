// Lambda authorizers of REST APIs. TOKEN: the identity source header's value goes to the function as
// {type: "TOKEN", authorizationToken, methodArn}; REQUEST: the request's headers, query string, path
// parameters, stage variables and context, with {type: "REQUEST", methodArn}. The function answers
// {principalId, policyDocument, context, usageIdentifierKey}; the policy is cached per identity for the
// authorizer's TTL and evaluated against each request's method ARN.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
// "If the specified identity source is missing, null, or empty, API Gateway returns a 401 Unauthorized
// response without calling the authorizer Lambda function" (TOKEN always, REQUEST when caching).
import {
  buildEventV1,
  type EventContext,
  type HttpRequest,
  type HttpResponse,
} from '../../http-events/index.js';
import { lambdaFunctionArn } from '../operations/integrations.js';
import type { AuthorizerRecord } from '../records.js';
import { callFunction } from './call-function.js';
import type { DataPlaneDeps } from './deps.js';
import { evaluateAuthorizerPolicy } from './policy.js';
import { accessDenied, authorizerError, unauthorized } from './responses.js';

interface AuthorizerOutput {
  principalId?: unknown;
  policyDocument?: unknown;
  context?: Record<string, unknown>;
  usageIdentifierKey?: string;
}

export type AuthorizerResult =
  | { ok: true; authorizer: Record<string, unknown>; usageIdentifierKey?: string }
  | { ok: false; response: HttpResponse };

export interface AuthorizerRequest {
  req: HttpRequest;
  eventContext: EventContext;
  accountId: string;
  methodArn: string;
  resourceId: string;
}

/** Values of the identity sources (`method.request.header.Auth`, `method.request.querystring.q`, …). */
function identityValues(source: string | undefined, request: AuthorizerRequest): Array<string | undefined> {
  const headers = request.req.headers;
  const query = new Map(request.req.query);
  return (source ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (s.startsWith('method.request.header.')) return headers[s.slice(22).toLowerCase()];
      if (s.startsWith('method.request.querystring.')) return query.get(s.slice(27));
      if (s.startsWith('stageVariables.')) return request.eventContext.stageVariables?.[s.slice(15)];
      if (s.startsWith('context.')) return s === 'context.stage' ? request.eventContext.stage : undefined;
      return undefined;
    });
}

export class AuthorizerRunner {
  private readonly cache = new Map<string, { expires: number; output: AuthorizerOutput }>();

  constructor(private readonly deps: DataPlaneDeps) {}

  async authorize(
    apiId: string,
    authorizer: AuthorizerRecord,
    request: AuthorizerRequest,
  ): Promise<AuthorizerResult> {
    const values = identityValues(authorizer.identitySource, request);
    const ttl = authorizer.authorizerResultTtlInSeconds;
    const missing = values.some((v) => v === undefined || v === '');
    if (authorizer.type === 'TOKEN') {
      const token = values[0];
      if (!token) return { ok: false, response: unauthorized() };
      const expression = authorizer.identityValidationExpression;
      if (expression && !new RegExp(`^(?:${expression})$`).test(token))
        return { ok: false, response: unauthorized() };
    } else if (missing && ttl > 0) {
      return { ok: false, response: unauthorized() };
    }
    const cacheKey = `${apiId}/${authorizer.id}/${JSON.stringify(values)}`;
    let output = ttl > 0 ? this.cached(cacheKey) : undefined;
    if (!output) {
      const result = await this.invoke(apiId, authorizer, request, values[0]);
      if (!result.ok) return result;
      output = result.output;
      if (ttl > 0) this.cache.set(cacheKey, { expires: Date.now() + ttl * 1000, output });
    }
    const decision = evaluateAuthorizerPolicy(output.policyDocument, request.methodArn);
    // The context a denying authorizer returned is still `$context.authorizer.*` to gateway responses.
    if (decision !== 'Allow') {
      const context = { ...(output.context ?? {}), principalId: output.principalId };
      return { ok: false, response: accessDenied(decision === 'Deny', context) };
    }
    return {
      ok: true,
      authorizer: { ...(output.context ?? {}), principalId: output.principalId, integrationLatency: 0 },
      ...(output.usageIdentifierKey ? { usageIdentifierKey: output.usageIdentifierKey } : {}),
    };
  }

  private cached(key: string): AuthorizerOutput | undefined {
    const entry = this.cache.get(key);
    if (entry && entry.expires > Date.now()) return entry.output;
    this.cache.delete(key);
    return undefined;
  }

  private async invoke(
    apiId: string,
    authorizer: AuthorizerRecord,
    request: AuthorizerRequest,
    token: string | undefined,
  ): Promise<{ ok: true; output: AuthorizerOutput } | { ok: false; response: HttpResponse }> {
    const functionArn = lambdaFunctionArn(authorizer.authorizerUri);
    const fail = (reason: string): { ok: false; response: HttpResponse } => {
      this.deps.log(`apigateway ${apiId}: authorizer ${authorizer.id}: ${reason}`);
      return { ok: false, response: authorizerError() };
    };
    if (!functionArn) return fail(`authorizerUri ${authorizer.authorizerUri ?? ''} is not a Lambda function`);
    let event: Record<string, unknown>;
    if (authorizer.type === 'TOKEN') {
      event = { type: 'TOKEN', methodArn: request.methodArn, authorizationToken: token };
    } else {
      const {
        body: _body,
        isBase64Encoded: _b64,
        ...rest
      } = buildEventV1(request.req, request.eventContext, {
        flavor: 'rest',
        resourceId: request.resourceId,
        contextPath: `/${request.eventContext.stage}${request.eventContext.path}`,
      });
      event = { type: 'REQUEST', methodArn: request.methodArn, ...rest };
    }
    const outcome = await callFunction(this.deps, {
      functionArn,
      accountId: request.accountId,
      sourceArn: `arn:aws:execute-api:${this.deps.region}:${request.accountId}:${apiId}/authorizers/${authorizer.id}`,
      payload: Buffer.from(JSON.stringify(event)),
      requestId: request.eventContext.requestId,
      timeoutMs: 30_000,
    });
    if (outcome.kind === 'timeout') return fail('timed out');
    if (outcome.kind === 'failed') return fail(outcome.reason);
    let output: AuthorizerOutput;
    try {
      output = JSON.parse(outcome.answer.payload.toString('utf8')) as AuthorizerOutput;
    } catch {
      return fail('answer is not JSON');
    }
    if (outcome.answer.functionError) {
      // `callback("Unauthorized")` / `throw new Error("Unauthorized")` is how a function says 401.
      const message = (output as { errorMessage?: unknown })?.errorMessage;
      if (message === 'Unauthorized') return { ok: false, response: unauthorized() };
      return fail(`function error: ${String(message)}`);
    }
    if (!output || typeof output !== 'object' || output.principalId === undefined || !output.policyDocument)
      return fail('answer has no principalId or policyDocument');
    return { ok: true, output };
  }
}
