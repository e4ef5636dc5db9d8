// Payload format 1.0 field by field: the HTTP API flavour ("Create AWS Lambda proxy integrations for
// HTTP APIs") and the REST proxy flavour ("Set up Lambda proxy integrations in API Gateway", input format).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEventV1 } from '../../../src/services/http-events/index.js';
import { context, request } from './fixtures.js';

const headers: Array<[string, string]> = [
  ['Host', 'h'],
  ['Header1', 'value1'],
  ['Header2', 'value1'],
  ['Header2', 'value2'],
  ['User-Agent', 'agent'],
];

test('HTTP API 1.0: version, lower-cased headers, last value single, all values multi', () => {
  const req = request('GET', '/my/path?parameter1=value1&parameter1=value2&parameter2=value', headers);
  const event = buildEventV1(req, context(), { flavor: 'http' });
  assert.deepEqual(event, {
    version: '1.0',
    resource: '/my/path',
    path: '/my/path',
    httpMethod: 'GET',
    headers: { host: 'h', header1: 'value1', header2: 'value2', 'user-agent': 'agent' },
    multiValueHeaders: {
      host: ['h'],
      header1: ['value1'],
      header2: ['value1', 'value2'],
      'user-agent': ['agent'],
    },
    queryStringParameters: { parameter1: 'value2', parameter2: 'value' },
    multiValueQueryStringParameters: { parameter1: ['value1', 'value2'], parameter2: ['value'] },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123defg',
      domainName: 'abc123defg.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123defg',
      extendedRequestId: 'JKJaXmPLvHcESHA=',
      httpMethod: 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        caller: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '192.0.2.1',
        user: null,
        userAgent: 'agent',
        userArn: null,
      },
      path: '/my/path',
      protocol: 'HTTP/1.1',
      requestId: 'JKJaXmPLvHcESHA=',
      requestTime: '12/Mar/2020:19:03:58 +0000',
      requestTimeEpoch: 1584039838390,
      resourceId: null,
      resourcePath: '/my/path',
      stage: '$default',
    },
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
  });
});

test('REST proxy: no version, header case kept, stage in requestContext.path, resourceId', () => {
  const req = request('POST', '/items/7?a=1', headers, Buffer.from('{"x":1}'));
  const event = buildEventV1(
    req,
    context({
      stage: 'prod',
      path: '/items/7',
      resource: '/items/{id}',
      pathParameters: { id: '7' },
      stageVariables: { v: '1' },
      authorizer: { principalId: 'me' },
    }),
    { flavor: 'rest', contextPath: '/prod/items/7', resourceId: 'r1b2c3', identity: { apiKey: 'k' } },
  );
  assert.equal('version' in event, false);
  assert.equal(event.resource, '/items/{id}');
  assert.equal(event.path, '/items/7');
  assert.deepEqual(event.headers, { Host: 'h', Header1: 'value1', Header2: 'value2', 'User-Agent': 'agent' });
  assert.deepEqual(event.multiValueHeaders?.Header2, ['value1', 'value2']);
  assert.deepEqual(event.pathParameters, { id: '7' });
  assert.deepEqual(event.stageVariables, { v: '1' });
  assert.equal(event.body, '{"x":1}');
  assert.equal(event.isBase64Encoded, false);
  const rc = event.requestContext;
  assert.equal(rc.path, '/prod/items/7');
  assert.equal(rc.resourceId, 'r1b2c3');
  assert.equal(rc.resourcePath, '/items/{id}');
  assert.equal(rc.stage, 'prod');
  assert.deepEqual(rc.authorizer, { principalId: 'me' });
  assert.equal((rc.identity as Record<string, unknown>).apiKey, 'k');
});

test('binary body is base64 with isBase64Encoded true', () => {
  const event = buildEventV1(
    request('POST', '/b', [['Content-Type', 'application/octet-stream']], Buffer.from([0xde, 0xad])),
    context({ base64Body: true }),
    { flavor: 'rest' },
  );
  assert.equal(event.body, '3q0=');
  assert.equal(event.isBase64Encoded, true);
});
