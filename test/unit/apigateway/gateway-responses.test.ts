// Pure logic of gateway responses: which customisation a type answers with (its own, its DEFAULT_4XX /
// DEFAULT_5XX fallback's, none), and how an error renders with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_GATEWAY_TEMPLATE,
  effectiveGatewayResponse,
  fallbackType,
} from '../../../src/services/apigateway/gateway-response-types.js';
import {
  gatewayError,
  renderGatewayError,
} from '../../../src/services/apigateway/dataplane/gateway-response.js';
import type { TemplateScope } from '../../../src/services/apigateway/dataplane/template-scope.js';
import { fromPlain, type VMap } from '../../../src/services/http-events/vtl/index.js';

const scope = (): TemplateScope => ({
  context: fromPlain({ stage: 'prod', requestId: 'r-1' }) as VMap,
  stageVariables: fromPlain({ color: 'red' }) as VMap,
  params: { path: { id: '7' }, querystring: { q: 'x' }, header: { Origin: 'https://a.example' } },
  body: '',
});

const rendering = (customised: Parameters<typeof effectiveGatewayResponse>[1], accept?: string) => ({
  customised,
  scope,
  accept,
  log: () => {},
});

describe('effective gateway response', () => {
  it('falls back by the default status class of the type', () => {
    assert.equal(fallbackType('UNAUTHORIZED'), 'DEFAULT_4XX');
    assert.equal(fallbackType('INTEGRATION_TIMEOUT'), 'DEFAULT_5XX');
    assert.equal(fallbackType('DEFAULT_5XX'), 'DEFAULT_5XX');
  });

  it('takes the own customisation, else the fallback one, else the default', () => {
    const customised = {
      DEFAULT_4XX: { statusCode: '400', responseParameters: { 'gatewayresponse.header.a': "'1'" } },
      THROTTLED: { statusCode: '429', responseTemplates: { 'text/plain': 'slow down' } },
    };
    assert.deepEqual(effectiveGatewayResponse('THROTTLED', customised), {
      statusCode: '429',
      responseParameters: {},
      responseTemplates: { 'text/plain': 'slow down' },
      defaultResponse: false,
    });
    assert.deepEqual(effectiveGatewayResponse('UNAUTHORIZED', customised), {
      statusCode: '400',
      responseParameters: { 'gatewayresponse.header.a': "'1'" },
      responseTemplates: { 'application/json': DEFAULT_GATEWAY_TEMPLATE },
      defaultResponse: true,
    });
    assert.deepEqual(effectiveGatewayResponse('API_CONFIGURATION_ERROR', customised), {
      statusCode: undefined,
      responseParameters: {},
      responseTemplates: { 'application/json': DEFAULT_GATEWAY_TEMPLATE },
      defaultResponse: true,
    });
  });
});

describe('rendering a gateway error', () => {
  it('is the default response itself when nothing customises it', () => {
    const error = gatewayError('MISSING_AUTHENTICATION_TOKEN', 'Missing Authentication Token');
    assert.equal(renderGatewayError(error, rendering(undefined)), error);
    assert.equal(error.status, 403);
    assert.equal(error.body, '{"message":"Missing Authentication Token"}');
    assert.equal(gatewayError('AUTHORIZER_CONFIGURATION_ERROR', null).body, '{"message":null}');
  });

  it('maps headers, keeps the error status unless one is set, and renders the template', () => {
    const error = gatewayError('DEFAULT_5XX', 'Internal server error', { status: 502 });
    const out = renderGatewayError(
      error,
      rendering({
        DEFAULT_5XX: {
          responseParameters: {
            'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.origin',
            'gatewayresponse.header.x-color': 'stageVariables.color',
            'gatewayresponse.header.x-id': 'method.request.path.id',
            'gatewayresponse.header.x-missing': 'method.request.header.absent',
          },
          responseTemplates: {
            'application/json':
              '{"m":$context.error.messageString,"raw":"$context.error.message","s":"$context.stage"}',
          },
        },
      }),
    );
    assert.equal(out.status, 502);
    assert.deepEqual(out.headers, {
      'content-type': 'application/json',
      'x-amzn-errortype': 'InternalServerErrorException',
      'access-control-allow-origin': 'https://a.example',
      'x-color': 'red',
      'x-id': '7',
    });
    assert.equal(out.body, '{"m":"Internal server error","raw":"Internal server error","s":"prod"}');
  });

  it('exposes validationErrorString and picks the template by Accept', () => {
    const error = gatewayError('BAD_REQUEST_BODY', 'Invalid request body', {
      validationErrorString: '[object has missing required properties (["name"])]',
    });
    const customised = {
      BAD_REQUEST_BODY: {
        statusCode: '422',
        responseTemplates: {
          'application/json': '{"v":"$context.error.validationErrorString"}',
          'text/plain': '$context.error.responseType',
        },
      },
    };
    const json = renderGatewayError(error, rendering(customised));
    assert.equal(json.status, 422);
    assert.equal(json.body, '{"v":"[object has missing required properties (["name"])]"}');
    const text = renderGatewayError(error, rendering(customised, 'text/plain'));
    assert.equal(text.headers['content-type'], 'text/plain');
    assert.equal(text.body, 'BAD_REQUEST_BODY');
  });
});
