// REST API gateway responses through @aws-sdk/client-api-gateway and `aws apigateway`: the default
// collection, Put/Get/Update/Delete with their DEFAULT_4XX/5XX fallbacks, the OpenAPI extension, and
// the errors AWS answers (texts as recorded against AWS in LocalStack's validated snapshots,
// TestApiGatewayGatewayResponse).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  APIGatewayClient,
  CreateRestApiCommand,
  DeleteGatewayResponseCommand,
  GetGatewayResponseCommand,
  GetGatewayResponsesCommand,
  ImportRestApiCommand,
  PutGatewayResponseCommand,
  UpdateGatewayResponseCommand,
  type GatewayResponseType,
} from '@aws-sdk/client-api-gateway';
import { awsCli, type CumuloProcess } from './harness.js';
import { rejects } from './sdk-errors.js';
import { serverSuite } from './server-suite.js';

let server: CumuloProcess;
let client: APIGatewayClient;

const DEFAULT_TEMPLATE = { 'application/json': '{"message":$context.error.messageString}' };

// https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
const DEFAULT_STATUS: Record<string, string | undefined> = {
  ACCESS_DENIED: '403',
  API_CONFIGURATION_ERROR: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_PARAMETERS: '400',
  BAD_REQUEST_BODY: '400',
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  EXPIRED_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  INVALID_API_KEY: '403',
  INVALID_SIGNATURE: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429',
  REQUEST_TOO_LARGE: '413',
  RESOURCE_NOT_FOUND: '404',
  THROTTLED: '429',
  UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415',
  WAF_FILTERED: '403',
};

const newApi = async (name: string): Promise<string> =>
  (await client.send(new CreateRestApiCommand({ name }))).id!;

const byType = async (restApiId: string) =>
  new Map(
    (await client.send(new GetGatewayResponsesCommand({ restApiId }))).items!.map((i) => [
      i.responseType!,
      i,
    ]),
  );

serverSuite(
  (s) => ({ client: new APIGatewayClient(s.clientConfig) }),
  (suite) => ({ server, client } = suite),
);

describe('gateway responses: the default collection', () => {
  it('lists every type as a default response with its default status and template', async () => {
    const restApiId = await newApi('defaults');
    const items = await byType(restApiId);
    assert.deepEqual([...items.keys()].sort(), Object.keys(DEFAULT_STATUS).sort());
    for (const [type, item] of items) {
      assert.deepEqual(
        { ...item },
        {
          responseType: type,
          defaultResponse: true,
          responseParameters: {},
          responseTemplates: DEFAULT_TEMPLATE,
          ...(DEFAULT_STATUS[type] ? { statusCode: DEFAULT_STATUS[type] } : {}),
        },
      );
    }
    const one = await client.send(
      new GetGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }),
    );
    assert.equal(one.statusCode, '403');
    assert.equal(one.defaultResponse, true);
  });
});

describe('gateway responses: put, get, delete', () => {
  it('puts a customisation, fills in the default status and template, and deletes it', async () => {
    const restApiId = await newApi('crud');
    const put = await client.send(
      new PutGatewayResponseCommand({
        restApiId,
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      }),
    );
    assert.equal(put.$metadata.httpStatusCode, 201);
    assert.deepEqual(
      { ...put, $metadata: undefined },
      {
        $metadata: undefined,
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        statusCode: '403',
        defaultResponse: false,
        responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
        responseTemplates: DEFAULT_TEMPLATE,
      },
    );
    const del = await client.send(
      new DeleteGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }),
    );
    assert.equal(del.$metadata.httpStatusCode, 202);
    const after = await client.send(
      new GetGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }),
    );
    assert.equal(after.defaultResponse, true);
    assert.deepEqual(after.responseParameters, {});
    await rejects(
      client.send(new DeleteGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX' })),
      'NotFoundException',
      404,
      'Gateway response type not defined on api',
    );
  });

  it('lists the DEFAULT_5XX customisation on every 5XX type not customised itself', async () => {
    const restApiId = await newApi('fallback');
    const header = { 'gatewayresponse.header.x-request-header': 'method.request.header.Accept' };
    await client.send(
      new PutGatewayResponseCommand({
        restApiId,
        responseType: 'DEFAULT_5XX',
        statusCode: '599',
        responseParameters: header,
      }),
    );
    const own = await client.send(
      new PutGatewayResponseCommand({
        restApiId,
        responseType: 'AUTHORIZER_FAILURE',
        responseParameters: { 'gatewayresponse.header.foo': "'bar'" },
      }),
    );
    assert.equal(own.statusCode, '500');
    const items = await byType(restApiId);
    for (const type of ['API_CONFIGURATION_ERROR', 'INTEGRATION_TIMEOUT', 'AUTHORIZER_CONFIGURATION_ERROR']) {
      const item = items.get(type as GatewayResponseType)!;
      assert.equal(item.defaultResponse, true, type);
      assert.equal(item.statusCode, '599', type);
      assert.deepEqual(item.responseParameters, header, type);
    }
    assert.equal(items.get('AUTHORIZER_FAILURE')!.statusCode, '500');
    assert.equal(items.get('DEFAULT_5XX')!.defaultResponse, false);
    assert.equal(items.get('UNAUTHORIZED')!.statusCode, '401');
    assert.deepEqual(items.get('UNAUTHORIZED')!.responseParameters, {});
  });

  // The protocol layer answers model constraint violations of API Gateway as BadRequestException
  // (src/protocols/errors.ts); AWS's code is ValidationException (docs/compatibility.md).
  it('answers AWS errors for an unknown API, type or status code', async () => {
    const restApiId = await newApi('errors');
    await rejects(
      client.send(new GetGatewayResponsesCommand({ restApiId: 'nosuchapi1' })),
      'NotFoundException',
      404,
      'Invalid API identifier specified 000000000000:nosuchapi1',
    );
    await rejects(
      client.send(
        new GetGatewayResponseCommand({
          restApiId,
          responseType: 'FAKE_RESPONSE_TYPE' as GatewayResponseType,
        }),
      ),
      'BadRequestException',
      400,
      /^1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: \[/,
    );
    await rejects(
      client.send(new PutGatewayResponseCommand({ restApiId, responseType: 'THROTTLED', statusCode: '99' })),
      'BadRequestException',
      400,
      /Value '99' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: \[1-5\]\\d\\d/,
    );
  });
});

describe('gateway responses: update', () => {
  it('patches the status, parameters and templates of a type never put', async () => {
    const restApiId = await newApi('update');
    const first = await client.send(
      new UpdateGatewayResponseCommand({
        restApiId,
        responseType: 'DEFAULT_4XX',
        patchOperations: [{ op: 'replace', path: '/statusCode', value: '444' }],
      }),
    );
    assert.equal(first.defaultResponse, false);
    assert.equal(first.statusCode, '444');
    assert.deepEqual(first.responseTemplates, DEFAULT_TEMPLATE);
    const second = await client.send(
      new UpdateGatewayResponseCommand({
        restApiId,
        responseType: 'DEFAULT_4XX',
        patchOperations: [
          {
            op: 'add',
            path: '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin',
            value: "'a'",
          },
          {
            op: 'replace',
            path: '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin',
            value: "'b'",
          },
          { op: 'add', path: '/responseTemplates/application~1xml', value: '<m>$context.error.message</m>' },
          { op: 'remove', path: '/responseTemplates/application~1json' },
        ],
      }),
    );
    assert.deepEqual(second.responseParameters, {
      'gatewayresponse.header.Access-Control-Allow-Origin': "'b'",
    });
    assert.deepEqual(second.responseTemplates, { 'application/xml': '<m>$context.error.message</m>' });
    const got = await client.send(new GetGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX' }));
    assert.equal(got.statusCode, '444');
  });

  it('answers the errors AWS answers for bad patches', async () => {
    const restApiId = await newApi('update-errors');
    const header = '/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin';
    const cases: Array<[GatewayResponseType, Record<string, string>, string, number, string]> = [
      [
        'DEFAULT_4XX',
        { op: 'add', path: '/statusCode', value: '444' },
        'BadRequestException',
        400,
        'Invalid patch path /statusCode',
      ],
      [
        'DEFAULT_4XX',
        { op: 'remove', path: '/statusCode' },
        'BadRequestException',
        400,
        'Invalid patch path /statusCode',
      ],
      [
        'DEFAULT_4XX',
        { op: 'add', path: '/wrongPath', value: 'x' },
        'BadRequestException',
        400,
        'Invalid patch path /wrongPath',
      ],
      ['DEFAULT_4XX', { op: 'add', value: 'x' }, 'BadRequestException', 400, 'Invalid patch path null'],
      [
        'DEFAULT_5XX',
        { op: 'replace', path: header, value: "'example.com'" },
        'NotFoundException',
        404,
        'Invalid parameter name specified',
      ],
      [
        'DEFAULT_4XX',
        { op: 'add', path: header, value: '' },
        'BadRequestException',
        400,
        'Invalid null or empty value in responseParameters',
      ],
    ];
    for (const [responseType, op, name, status, message] of cases) {
      await rejects(
        client.send(new UpdateGatewayResponseCommand({ restApiId, responseType, patchOperations: [op] })),
        name,
        status,
        message,
      );
    }
  });
});

describe('gateway responses: aws apigateway and OpenAPI import', () => {
  it('puts and lists them with the CLI', async () => {
    const restApiId = await newApi('cli');
    const put = await awsCli(server, [
      'apigateway',
      'put-gateway-response',
      '--rest-api-id',
      restApiId,
      '--response-type',
      'UNAUTHORIZED',
      '--response-parameters',
      JSON.stringify({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" }),
    ]);
    assert.equal(put.code, 0, put.stderr);
    assert.equal(put.json.statusCode, '401');
    assert.equal(put.json.defaultResponse, false);
    const list = await awsCli(server, ['apigateway', 'get-gateway-responses', '--rest-api-id', restApiId]);
    assert.equal(list.code, 0, list.stderr);
    assert.equal(list.json.items.length, 21);
    const unauthorized = list.json.items.find(
      (i: { responseType: string }) => i.responseType === 'UNAUTHORIZED',
    );
    assert.deepEqual(unauthorized.responseParameters, {
      'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
    });
  });

  it('imports x-amazon-apigateway-gateway-responses', async () => {
    const doc = {
      openapi: '3.0.1',
      info: { title: 'imported-responses', version: '1' },
      paths: {},
      'x-amazon-apigateway-gateway-responses': {
        INVALID_API_KEY: {
          statusCode: '456',
          responseParameters: { 'gatewayresponse.header.api-key': 'method.request.header.api-key' },
          responseTemplates: { 'application/json': '{"message": "Bad api-key" }' },
        },
        DEFAULT_4XX: { responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } },
      },
    };
    const api = await client.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(doc)) }));
    const items = await byType(api.id!);
    const key = items.get('INVALID_API_KEY')!;
    assert.equal(key.statusCode, '456');
    assert.equal(key.defaultResponse, false);
    assert.deepEqual(key.responseTemplates, { 'application/json': '{"message": "Bad api-key" }' });
    const fallback = items.get('DEFAULT_4XX')!;
    assert.equal(fallback.statusCode, undefined);
    assert.deepEqual(fallback.responseTemplates, DEFAULT_TEMPLATE);
    assert.deepEqual(items.get('THROTTLED')!.responseParameters, {
      'gatewayresponse.header.Access-Control-Allow-Origin': "'*'",
    });
  });
});
