// Payload format 2.0 field by field, against the example in "Create AWS Lambda proxy integrations
// for HTTP APIs" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEventV2 } from '../../../src/services/http-events/index.js';
import { context, request } from './fixtures.js';

test('builds the documented 2.0 event', () => {
  const req = request(
    'POST',
    '/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    [
      ['Host', 'abc123defg.execute-api.us-east-1.amazonaws.com'],
      ['Header1', 'value1'],
      ['Header2', 'value1'],
      ['header2', 'value2'],
      ['Cookie', 'cookie1=a; cookie2=b'],
      ['User-Agent', 'agent'],
    ],
    Buffer.from('Hello from Lambda'),
  );
  const event = buildEventV2(
    req,
    context({
      routeKey: 'POST /my/{p}',
      pathParameters: { p: 'path' },
      stageVariables: { stageVariable1: 'value1' },
      authorizer: { lambda: { user: 'u1' } },
    }),
  );
  assert.deepEqual(event, {
    version: '2.0',
    routeKey: 'POST /my/{p}',
    rawPath: '/my/path',
    rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
    cookies: ['cookie1=a', 'cookie2=b'],
    headers: {
      host: 'abc123defg.execute-api.us-east-1.amazonaws.com',
      header1: 'value1',
      header2: 'value1,value2',
      'user-agent': 'agent',
    },
    queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123defg',
      authorizer: { lambda: { user: 'u1' } },
      domainName: 'abc123defg.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123defg',
      http: {
        method: 'POST',
        path: '/my/path',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'agent',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: 'POST /my/{p}',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1584039838390,
    },
    body: 'Hello from Lambda',
    pathParameters: { p: 'path' },
    isBase64Encoded: false,
    stageVariables: { stageVariable1: 'value1' },
  });
});

test('leaves out the fields a bare GET has no value for', () => {
  const event = buildEventV2(request('GET', '/', [['Host', 'h']]), context({ path: '/' }));
  assert.equal(event.rawQueryString, '');
  for (const field of ['cookies', 'queryStringParameters', 'pathParameters', 'stageVariables', 'body']) {
    assert.equal(field in event, false, field);
  }
  assert.equal('authorizer' in event.requestContext, false);
  assert.equal(event.isBase64Encoded, false);
  assert.equal(event.requestContext.http.userAgent, '');
});

test('base64-encodes a binary body', () => {
  const bytes = Buffer.from([0, 1, 2, 255]);
  const event = buildEventV2(
    request('PUT', '/f', [['Content-Type', 'image/png']], bytes),
    context({ base64Body: true }),
  );
  assert.equal(event.body, 'AAEC/w==');
  assert.equal(event.isBase64Encoded, true);
});

test('keeps the raw query string encoded and decodes parameters', () => {
  const event = buildEventV2(request('GET', '/s?q=a%20b&x=%2F', []), context());
  assert.equal(event.rawQueryString, 'q=a%20b&x=%2F');
  assert.deepEqual(event.queryStringParameters, { q: 'a b', x: '/' });
});
