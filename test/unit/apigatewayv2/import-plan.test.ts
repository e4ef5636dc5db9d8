// ImportApi's reading of a definition: route keys, the `$default` route, integrations, authorizers,
// AWS_IAM routes, JWT scopes and the warnings for what HTTP APIs cannot use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planImport } from '../../../src/services/apigatewayv2/openapi/plan.js';

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:f';

test('routes, integrations and authorizers from paths and security schemes', () => {
  const plan = planImport(
    {
      openapi: '3.0.1',
      info: { title: 't', version: 3 },
      paths: {
        '/$default': {
          'x-amazon-apigateway-any-method': {
            'x-amazon-apigateway-integration': { type: 'AWS_PROXY', uri: FN },
          },
        },
        '/jwt': { get: { security: [{ j: ['read'] }] } },
        '/iam': { post: { security: [{ sig: [] }] } },
        '/req': { put: { security: [{ r: [] }] } },
      },
      components: {
        securitySchemes: {
          j: {
            'x-amazon-apigateway-authorizer': {
              type: 'JWT',
              identitySource: ['$request.header.Authorization'],
              jwtConfiguration: { issuer: 'https://i' },
            },
          },
          sig: {
            type: 'apiKey',
            name: 'Authorization',
            in: 'header',
            'x-amazon-apigateway-authtype': 'awsSigv4',
          },
          r: {
            'x-amazon-apigateway-authorizer': {
              type: 'request',
              identitySource: '$request.header.A, $request.querystring.b',
              authorizerUri: FN,
              authorizerPayloadFormatVersion: '1.0',
              authorizerResultTtlInSeconds: 5,
            },
          },
        },
      },
    },
    'ignore',
  );
  assert.equal(plan.Version, '3');
  assert.deepEqual(plan.warnings, []);
  const [def, jwt, iam, req] = plan.routes;
  assert.equal(def!.route.RouteKey, '$default');
  assert.deepEqual(def!.integration, {
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: FN,
    IntegrationMethod: 'POST',
    PayloadFormatVersion: '1.0',
    TimeoutInMillis: 30000,
    ConnectionType: 'INTERNET',
  });
  assert.deepEqual(
    [jwt!.route.AuthorizationType, jwt!.route.AuthorizationScopes, jwt!.authorizer],
    ['JWT', ['read'], 'j'],
  );
  assert.equal(iam!.route.AuthorizationType, 'AWS_IAM');
  assert.equal(req!.route.AuthorizationType, 'CUSTOM');
  assert.deepEqual(plan.authorizers.get('r')!.IdentitySource, [
    '$request.header.A',
    '$request.querystring.b',
  ]);
  assert.equal(plan.authorizers.get('r')!.AuthorizerResultTtlInSeconds, 5);
  assert.deepEqual(plan.authorizers.get('j')!.JwtConfiguration, { Issuer: 'https://i' });
});

test('warnings for integrations, route keys and schemes HTTP APIs cannot use', () => {
  const plan = planImport(
    {
      openapi: '3.0.1',
      info: { title: 't' },
      paths: {
        '/http': {
          get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', uri: 'https://example.com' } },
        },
        '/bad-uri': { get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', uri: 'nope' } } },
        '/bad-version': {
          get: {
            'x-amazon-apigateway-integration': { type: 'aws_proxy', uri: FN, payloadFormatVersion: '3.0' },
          },
        },
        '/a/{x+}/b': { get: {} },
        '/undefined-scheme': { get: { security: [{ missing: [] }] } },
      },
    },
    'ignore',
  );
  assert.equal(plan.warnings.length, 5);
  assert.match(plan.warnings[0]!, /^Unsupported integration type http_proxy for route GET \/http/);
  assert.match(plan.warnings[1]!, /^Invalid integration URI nope/);
  assert.match(plan.warnings[2]!, /^Invalid payloadFormatVersion 3\.0/);
  assert.match(plan.warnings[3]!, /^Invalid route key GET \/a\/\{x\+\}\/b/);
  assert.match(plan.warnings[4]!, /^Security scheme missing of route GET \/undefined-scheme is not defined/);
  assert.equal(plan.routes.length, 4);
});
