// HTTP API authorizers end to end: REQUEST Lambda authorizers (payload 2.0 simple responses, 1.0 IAM
// policies, identity sources, result caching), JWT authorizers whose issuer the test serves locally,
// and AWS_IAM routes called with requests signed for execute-api.
import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  type AuthorizationType,
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateRouteCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { startCumulo, type CumuloProcess } from './harness.js';
import {
  ECHO_HANDLER,
  allowApi,
  createFunction,
  proxyIntegration,
  request,
  type RequestOptions,
} from '../unit/apigatewayv2/e2e-helpers.js';

// Allows when X-Token is "allow" (or "allow-counted", which also counts calls in /tmp); context says who.
const AUTHORIZER = `
const fs = require('fs');
exports.handler = async (event) => {
  const token = event.version === '2.0' ? event.identitySource[0] : event.identitySource;
  if (token === 'allow-counted') fs.appendFileSync('/tmp/calls', 'x');
  if (token === 'explode') throw new Error('authorizer failed');
  const calls = fs.existsSync('/tmp/calls') ? fs.readFileSync('/tmp/calls', 'utf8').length : 0;
  const ok = token.startsWith('allow');
  if (event.version === '2.0') return { isAuthorized: ok, context: { user: 'u-' + token, calls, routeArn: event.routeArn } };
  return {
    principalId: 'p1',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: ok ? 'Allow' : 'Deny', Resource: event.methodArn }] },
    context: { user: 'u-' + token },
  };
};
`;

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
let issuerServer: http.Server;
let issuer: string;

function jwt(claims: Record<string, unknown>, key = privateKey, kid = 'k1'): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc({ alg: 'RS256', typ: 'JWT', kid })}.${enc(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

let server: CumuloProcess;
let apigw: ApiGatewayV2Client;
let lambda: LambdaClient;
let apiId: string;
const call = (p: string, options: RequestOptions = {}) =>
  request(server.port, `/_aws/execute-api/${apiId}${p}`, options);

before(async () => {
  issuerServer = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks.json` }));
    } else if (req.url === '/jwks.json') {
      res.end(
        JSON.stringify({
          keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }],
        }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((r) => issuerServer.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;

  server = await startCumulo();
  apigw = new ApiGatewayV2Client(server.clientConfig);
  lambda = new LambdaClient(server.clientConfig);
  const echo = await createFunction(lambda, 'echo', ECHO_HANDLER);
  const auth = await createFunction(lambda, 'auth', AUTHORIZER);
  apiId = (await apigw.send(new CreateApiCommand({ Name: 'auth', ProtocolType: 'HTTP' }))).ApiId!;
  await allowApi(lambda, 'echo', apiId);
  await allowApi(lambda, 'auth', apiId);
  const target = await proxyIntegration(apigw, apiId, echo);
  const simple = await apigw.send(
    new CreateAuthorizerCommand({
      ApiId: apiId,
      Name: 'simple',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: auth,
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.X-Token'],
      AuthorizerResultTtlInSeconds: 300,
    }),
  );
  const policy = await apigw.send(
    new CreateAuthorizerCommand({
      ApiId: apiId,
      Name: 'policy',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: auth,
      AuthorizerPayloadFormatVersion: '1.0',
      IdentitySource: ['$request.querystring.token'],
    }),
  );
  const jwtAuth = await apigw.send(
    new CreateAuthorizerCommand({
      ApiId: apiId,
      Name: 'jwt',
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: ['my-app'] },
    }),
  );
  const routes: Array<[string, AuthorizationType, string | undefined, string[]?]> = [
    ['GET /simple', 'CUSTOM', simple.AuthorizerId],
    ['GET /policy', 'CUSTOM', policy.AuthorizerId],
    ['GET /jwt', 'JWT', jwtAuth.AuthorizerId],
    ['GET /scoped', 'JWT', jwtAuth.AuthorizerId, ['orders:read']],
    ['POST /iam', 'AWS_IAM', undefined],
  ];
  for (const [RouteKey, AuthorizationType, AuthorizerId, AuthorizationScopes] of routes) {
    await apigw.send(
      new CreateRouteCommand({
        ApiId: apiId,
        RouteKey,
        Target: target,
        AuthorizationType,
        AuthorizerId,
        AuthorizationScopes,
      }),
    );
  }
  await apigw.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
});
after(async () => {
  apigw?.destroy();
  lambda?.destroy();
  await server?.dispose();
  await new Promise((r) => issuerServer?.close(r));
});

describe('Lambda authorizers', () => {
  it('2.0 simple responses: allow passes the context, deny is 403, missing identity is 401', async () => {
    const ok = await call('/simple', { headers: [['X-Token', 'allow']] });
    assert.equal(ok.status, 200, ok.text);
    const auth = ok.json().requestContext.authorizer;
    assert.equal(auth.lambda.user, 'u-allow');
    assert.equal(
      auth.lambda.routeArn,
      `arn:aws:execute-api:us-east-1:000000000000:${apiId}/$default/GET/simple`,
    );
    const denied = await call('/simple', { headers: [['X-Token', 'nope']] });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.json(), { message: 'Forbidden' });
    const missing = await call('/simple');
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.json(), { message: 'Unauthorized' });
    const failed = await call('/simple', { headers: [['X-Token', 'explode']] });
    assert.equal(failed.status, 500);
    assert.deepEqual(failed.json(), { message: 'Internal Server Error' });
  });

  it('caches results by identity source for the TTL', async () => {
    const first = await call('/simple', { headers: [['X-Token', 'allow-counted']] });
    const second = await call('/simple', { headers: [['X-Token', 'allow-counted']] });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    // The second answer is the cached first one: the authorizer ran once for this token.
    assert.equal(
      second.json().requestContext.authorizer.lambda.calls,
      first.json().requestContext.authorizer.lambda.calls,
    );
  });

  it('1.0 IAM policies: Allow and Deny on the route ARN', async () => {
    const ok = await call('/policy?token=allow');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json().requestContext.authorizer.lambda.user, 'u-allow');
    assert.equal((await call('/policy?token=no')).status, 403);
    assert.equal((await call('/policy')).status, 401);
  });
});

describe('JWT authorizers', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const good = () => ({
    iss: issuer,
    aud: 'my-app',
    sub: 'user-1',
    exp: now() + 300,
    iat: now(),
    scope: 'orders:read profile',
  });

  it('accepts a valid token and passes its claims and scopes', async () => {
    const r = await call('/jwt', { headers: [['Authorization', `Bearer ${jwt(good())}`]] });
    assert.equal(r.status, 200, r.text);
    const auth = r.json().requestContext.authorizer.jwt;
    assert.equal(auth.claims.sub, 'user-1');
    assert.equal(auth.claims.aud, 'my-app');
    assert.deepEqual(auth.scopes, ['orders:read', 'profile']);
  });

  it('rejects missing, expired, wrongly signed, foreign and mis-addressed tokens with 401', async () => {
    const cases: Array<[string, Array<[string, string]>]> = [
      ['missing', []],
      ['garbage', [['Authorization', 'Bearer not.a.jwt']]],
      ['expired', [['Authorization', jwt({ ...good(), exp: now() - 10 })]]],
      ['other key', [['Authorization', jwt(good(), other.privateKey)]]],
      ['unknown kid', [['Authorization', jwt(good(), privateKey, 'k2')]]],
      ['issuer', [['Authorization', jwt({ ...good(), iss: 'https://elsewhere' })]]],
      ['audience', [['Authorization', jwt({ ...good(), aud: 'other-app' })]]],
    ];
    for (const [name, headers] of cases) {
      const r = await call('/jwt', { headers });
      assert.equal(r.status, 401, name);
      assert.deepEqual(r.json(), { message: 'Unauthorized' }, name);
    }
  });

  it('requires one of the route scopes: 403 without', async () => {
    assert.equal((await call('/scoped', { headers: [['Authorization', jwt(good())]] })).status, 200);
    const r = await call('/scoped', { headers: [['Authorization', jwt({ ...good(), scope: 'profile' })]] });
    assert.equal(r.status, 403);
    assert.deepEqual(r.json(), { message: 'Forbidden' });
  });
});

describe('AWS_IAM routes', () => {
  /** POST /iam signed with SigV4 for `service` through the host form, as an SDK signs it. */
  async function signed(secret: string, service = 'execute-api', body = '{"a":1}') {
    const signer = new SignatureV4({
      service,
      region: 'us-east-1',
      sha256: Sha256,
      credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: secret },
    });
    const host = `${apiId}.execute-api.localhost:${server.port}`;
    const req = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: host.split(':')[0]!,
      port: server.port,
      path: '/iam',
      query: {},
      headers: { host, 'content-type': 'application/json' },
      body,
    });
    return request(server.port, '/iam', {
      method: 'POST',
      host,
      body,
      headers: Object.entries(req.headers).filter(([k]) => k !== 'host'),
    });
  }

  it('lets a signed caller in and reports requestContext.authorizer.iam', async () => {
    const r = await signed(server.credentials.secretAccessKey);
    assert.equal(r.status, 200, r.text);
    const event = r.json();
    assert.equal(event.body, '{"a":1}');
    assert.deepEqual(event.requestContext.authorizer, {
      iam: {
        accessKey: server.credentials.accessKeyId,
        accountId: '000000000000',
        callerId: 'root',
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: 'arn:aws:iam::000000000000:root',
        userId: 'root',
      },
    });
  });

  it('answers 403 Forbidden to an unsigned, wrongly signed or mis-scoped request', async () => {
    const unsigned = await call('/iam', { method: 'POST', body: '{}' });
    assert.equal(unsigned.status, 403);
    assert.deepEqual(unsigned.json(), { message: 'Forbidden' });
    const wrong = await signed('not-the-secret');
    assert.equal(wrong.status, 403);
    assert.deepEqual(wrong.json(), { message: 'Forbidden' });
    const otherService = await signed(server.credentials.secretAccessKey, 'lambda');
    assert.equal(otherService.status, 403);
    assert.deepEqual(otherService.json(), { message: 'Forbidden' });
  });
});
