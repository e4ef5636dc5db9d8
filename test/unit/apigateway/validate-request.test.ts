// Request validation of REST API methods: required parameters, the body against the model chosen by
// Content-Type (or $default), draft-4 schemas with references between models, and the messages and
// validation error strings API Gateway reports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultModels } from '../../../src/services/apigateway/default-models.js';
import { validationErrorString } from '../../../src/services/apigateway/dataplane/schema-errors.js';
import {
  modelFor,
  validateRequest,
  type CheckBody,
  type RequestToValidate,
} from '../../../src/services/apigateway/dataplane/validate-request.js';
import { ModelSchemas, isDraft04Schema, modelUrl } from '../../../src/services/apigateway/json-schema.js';
import type { DeploymentSnapshot, MethodRecord } from '../../../src/services/apigateway/records.js';
import { request } from '../http-events/fixtures.js';
import { bodyErrors, SchemaCache } from '../../../src/services/apigateway/dataplane/body-errors.js';

const PET = JSON.stringify({
  type: 'object',
  required: ['name', 'price'],
  properties: {
    name: { type: 'string', minLength: 2 },
    price: { type: 'number', minimum: 0 },
    owner: { $ref: modelUrl('api1', 'Owner') },
  },
});
const OWNER = JSON.stringify({ type: 'object', required: ['email'] });

function snapshot(validateRequestBody: boolean, validateRequestParameters: boolean): DeploymentSnapshot {
  return {
    resources: {},
    authorizers: {},
    apiKeySource: 'HEADER',
    binaryMediaTypes: [],
    models: {
      ...defaultModels(),
      Pet: { id: 'p1', name: 'Pet', schema: PET, contentType: 'application/json' },
      Owner: { id: 'o1', name: 'Owner', schema: OWNER, contentType: 'application/json' },
    },
    requestValidators: { v1: { id: 'v1', validateRequestBody, validateRequestParameters } },
  };
}

const method: MethodRecord = {
  httpMethod: 'POST',
  authorizationType: 'NONE',
  apiKeyRequired: false,
  requestValidatorId: 'v1',
  requestParameters: {
    'method.request.querystring.q': true,
    'method.request.header.X-Trace': true,
    'method.request.querystring.optional': false,
    'method.request.path.id': true,
  },
  requestModels: { 'application/json': 'Pet', 'text/plain': 'Empty' },
  methodResponses: {},
};

// The body checks run inline here; the data plane runs them in a BodyChecker's thread.
const schemas = new SchemaCache();
const inlineCheck: CheckBody = async (r) =>
  bodyErrors(schemas.get(r.key, r.apiId, r.models), r.model, r.body);

function check(
  url: string,
  headers: Array<[string, string]>,
  body: string,
  options: { body?: boolean; params?: boolean; method?: MethodRecord; path?: Record<string, string> } = {},
) {
  const input: RequestToValidate = {
    apiId: 'api1',
    snapshot: snapshot(options.body ?? true, options.params ?? true),
    method: options.method ?? method,
    req: request('POST', url, headers, Buffer.from(body)),
    pathParameters: options.path ?? { id: '7' },
  };
  return validateRequest(input, inlineCheck);
}

const valid = JSON.stringify({ name: 'Rex', price: 3 });

describe('required request parameters', () => {
  it('passes when every required parameter is present and not blank', async () => {
    assert.equal(
      await check(
        '/p?q=1',
        [
          ['X-Trace', 't'],
          ['content-type', 'application/json'],
        ],
        valid,
      ),
      undefined,
    );
  });

  it('names the missing and blank ones, as API Gateway answers', async () => {
    const failure = await check('/p?q=', [['content-type', 'application/json']], valid);
    assert.deepEqual(failure, {
      responseType: 'BAD_REQUEST_PARAMETERS',
      message: 'Missing required request parameters: [X-Trace, q]',
      validationErrorString: 'Missing required request parameters: [X-Trace, q]',
    });
  });

  it('checks path parameters and matches header names in any case', async () => {
    const failure = await check('/p?q=1', [['x-trace', 't']], valid, { path: {} });
    assert.equal(failure?.message, 'Missing required request parameters: [id]');
  });

  it('does not check parameters when the validator only validates the body', async () => {
    assert.equal(await check('/p', [], valid, { params: false }), undefined);
  });

  it('does nothing for a method without a validator, or one that no longer exists', async () => {
    assert.equal(
      await check('/p', [], '{', { method: { ...method, requestValidatorId: undefined } }),
      undefined,
    );
    assert.equal(
      await check('/p', [], '{', { method: { ...method, requestValidatorId: 'gone' } }),
      undefined,
    );
  });
});

describe('request body against the model', () => {
  const headers: Array<[string, string]> = [['X-Trace', 't']];
  const json = (body: unknown, type = 'application/json; charset=utf-8') =>
    check('/p?q=1', [...headers, ['Content-Type', type]], JSON.stringify(body));

  it('passes a body that conforms, through references between models', async () => {
    assert.equal(await json({ name: 'Rex', price: 3, owner: { email: 'a@b' } }), undefined);
  });

  it('answers "Invalid request body" with the validator\'s messages', async () => {
    const failure = await json({ price: 'free', owner: {} });
    assert.equal(failure?.responseType, 'BAD_REQUEST_BODY');
    assert.equal(failure?.message, 'Invalid request body');
    assert.equal(
      failure?.validationErrorString,
      '[object has missing required properties (["name"]), instance type (string) does not match any allowed primitive type (allowed: ["number"]), object has missing required properties (["email"])]',
    );
  });

  it('validates an empty body as an empty object, and refuses a body that is not JSON', async () => {
    const empty = await check('/p?q=1', [...headers, ['Content-Type', 'application/json']], '');
    assert.equal(empty?.validationErrorString, '[object has missing required properties (["name","price"])]');
    const broken = await check('/p?q=1', [...headers, ['Content-Type', 'application/json']], '{"name":');
    assert.equal(broken?.message, 'Invalid request body');
  });

  it('chooses the model by media type, defaults to application/json, falls back to $default', async () => {
    assert.equal(modelFor(method, 'text/plain'), 'Empty');
    assert.equal(modelFor(method, undefined), 'Pet');
    assert.equal(modelFor(method, 'application/xml'), undefined);
    assert.equal(modelFor({ ...method, requestModels: { $default: 'Owner' } }, 'application/xml'), 'Owner');
    // No model for the type: no body validation.
    assert.equal(await json('anything', 'application/xml'), undefined);
  });

  it('does not check the body when the validator only validates parameters', async () => {
    assert.equal(await check('/p?q=1', headers, '{}', { body: false }), undefined);
  });
});

describe('draft 4 schemas', () => {
  it('accepts draft-4 schemas and refuses what draft 4 does not allow', async () => {
    assert.equal(isDraft04Schema(JSON.parse(defaultModels().Error!.schema!)), true);
    assert.equal(isDraft04Schema({ type: 'number', maximum: 3, exclusiveMaximum: true }), true);
    assert.equal(isDraft04Schema({ type: 'object', required: [] }), false);
    assert.equal(isDraft04Schema({ type: 'thing' }), false);
    assert.equal(isDraft04Schema([]), false);
  });

  it('uses draft 4 semantics (boolean exclusiveMaximum)', async () => {
    const models = {
      N: {
        id: 'n',
        name: 'N',
        contentType: 'application/json',
        schema: '{"type":"number","maximum":3,"exclusiveMaximum":true}',
      },
    };
    const validate = new ModelSchemas('api1', models).validator('N')!;
    assert.equal(validate(2), true);
    assert.equal(validate(3), false);
  });

  it('words errors as API Gateway reports them', async () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: {
        kind: { enum: ['a', 'b'] },
        code: { type: 'string', pattern: '^x', maxLength: 3 },
        n: { type: 'integer', maximum: 5 },
        tags: { type: 'array', minItems: 2 },
      },
    };
    const models = {
      S: { id: 's', name: 'S', contentType: 'application/json', schema: JSON.stringify(schema) },
    };
    const validate = new ModelSchemas('api1', models).validator('S')!;
    const data = { kind: 'c', code: 'yyyy', n: 9, tags: [1], extra: 1, more: 2 };
    assert.equal(validate(data), false);
    assert.equal(
      validationErrorString(validate.errors!, data),
      '[object instance has properties which are not allowed by the schema: ["extra","more"], ' +
        'instance value ("c") not found in enum (possible values: ["a","b"]), ' +
        'string "yyyy" is too long (length: 4, maximum allowed: 3), ' +
        'ECMA 262 regex "^x" does not match input string "yyyy", ' +
        'numeric instance is greater than the required maximum (maximum: 5, found: 9), ' +
        'array is too short: must have at least 2 elements but instance has 1 elements]',
    );
  });
});
