// Pure parts of the data plane: throttling buckets, access-log formatting, Lambda authorizer answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide } from '../../../src/services/apigatewayv2/data-plane/lambda-authorizer.js';
import { Throttle } from '../../../src/services/apigatewayv2/data-plane/throttle.js';
import { formatAccessLog, logGroupOf, parseExecuteApi } from '../../../src/services/http-events/index.js';
import { request } from '../http-events/fixtures.js';

test('token bucket: burst, then the steady rate', () => {
  let now = 0;
  const t = new Throttle(() => now);
  const s = { ThrottlingBurstLimit: 2, ThrottlingRateLimit: 1 };
  assert.equal(t.take('k', s), true);
  assert.equal(t.take('k', s), true);
  assert.equal(t.take('k', s), false);
  now = 1000;
  assert.equal(t.take('k', s), true);
  assert.equal(t.take('k', s), false);
  assert.equal(t.take('other', {}), true);
  assert.equal(t.take('zero', { ThrottlingBurstLimit: 0, ThrottlingRateLimit: 0 }), false);
});

test('access log format and destination', () => {
  assert.equal(
    formatAccessLog('$context.requestId $context.status $context.error.message', {
      requestId: 'r',
      status: 200,
    }),
    'r 200 -',
  );
  assert.equal(logGroupOf('arn:aws:logs:us-east-1:000000000000:log-group:my-group'), 'my-group');
  assert.equal(logGroupOf('arn:aws:logs:us-east-1:000000000000:log-group:/aws/x:*'), '/aws/x');
});

test('Lambda authorizer answers: simple and IAM policy', () => {
  const simple = {
    AuthorizerId: 'a',
    Name: 'n',
    AuthorizerType: 'REQUEST',
    IdentitySource: [],
    EnableSimpleResponses: true,
  };
  const arn = 'arn:aws:execute-api:us-east-1:000000000000:api/$default/GET/items';
  const j = (v: unknown) => Buffer.from(JSON.stringify(v));
  assert.deepEqual(decide(simple, j({ isAuthorized: true, context: { u: 1 } }), arn), {
    kind: 'allow',
    authorizer: { lambda: { u: 1 } },
  });
  assert.deepEqual(decide(simple, j({ isAuthorized: false }), arn), { kind: 'deny' });
  assert.equal(decide(simple, j({}), arn).kind, 'error');
  const iam = { ...simple, EnableSimpleResponses: false };
  const policy = (Effect: string, Resource: string) =>
    j({
      principalId: 'p',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect, Resource }],
      },
    });
  assert.equal(
    decide(iam, policy('Allow', 'arn:aws:execute-api:us-east-1:000000000000:api/*'), arn).kind,
    'allow',
  );
  assert.equal(
    decide(iam, policy('Allow', 'arn:aws:execute-api:us-east-1:000000000000:api/*/POST/*'), arn).kind,
    'deny',
  );
  assert.equal(decide(iam, policy('Deny', '*'), arn).kind, 'deny');
  assert.equal(decide(iam, j({ principalId: 'p' }), arn).kind, 'error');
});

test('execute-api URLs: host form and path form', () => {
  assert.deepEqual(
    parseExecuteApi(request('GET', '/prod/x', [['Host', 'abc123.execute-api.localhost:4566']])),
    {
      apiId: 'abc123',
      path: '/prod/x',
      domainName: 'abc123.execute-api.localhost',
      host: 'abc123.execute-api.localhost',
    },
  );
  assert.deepEqual(
    parseExecuteApi(request('GET', '/_aws/execute-api/abc123/prod/x', [['Host', 'localhost']])),
    {
      apiId: 'abc123',
      path: '/prod/x',
      domainName: 'abc123.execute-api.localhost',
      host: 'localhost',
    },
  );
  assert.equal(
    parseExecuteApi(request('GET', '/2015-03-31/functions', [['Host', '127.0.0.1:4566']])),
    undefined,
  );
});
