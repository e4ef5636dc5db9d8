// The pieces of a non-proxy integration that are pure: request template choice by Content-Type and
// passthroughBehavior ("Integration passthrough behaviors" tables), integration response selection by
// selectionPattern, and parameter mapping expressions ("API request and response data mapping reference").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  chooseRequestTemplate,
  convertPayload,
} from '../../../src/services/apigateway/dataplane/integration-request.js';
import { selectIntegrationResponse } from '../../../src/services/apigateway/dataplane/integration-response.js';
import { mappedValue } from '../../../src/services/apigateway/dataplane/parameter-mapping.js';
import type { TemplateScope } from '../../../src/services/apigateway/dataplane/template-scope.js';
import type { IntegrationRecord } from '../../../src/services/apigateway/records.js';
import { fromPlain, type VMap } from '../../../src/services/http-events/vtl/index.js';

const integration = (passthroughBehavior: string, templates?: Record<string, string>): IntegrationRecord => ({
  type: 'MOCK',
  passthroughBehavior,
  requestTemplates: templates,
  timeoutInMillis: 29000,
  cacheNamespace: 'x',
  cacheKeyParameters: [],
  integrationResponses: {},
});

test('request templates: example 1 (a template for application/json)', () => {
  const json = { 'application/json': 'T' };
  for (const behavior of ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER']) {
    assert.deepEqual(chooseRequestTemplate(integration(behavior, json), undefined), {
      kind: 'template',
      template: 'T',
    });
    assert.deepEqual(chooseRequestTemplate(integration(behavior, json), 'application/json; charset=UTF-8'), {
      kind: 'template',
      template: 'T',
    });
  }
  assert.equal(
    chooseRequestTemplate(integration('WHEN_NO_MATCH', json), 'application/xml').kind,
    'passthrough',
  );
  assert.equal(
    chooseRequestTemplate(integration('WHEN_NO_TEMPLATES', json), 'application/xml').kind,
    'refused',
  );
  assert.equal(chooseRequestTemplate(integration('NEVER', json), 'application/xml').kind, 'refused');
});

test('request templates: no templates at all', () => {
  assert.equal(chooseRequestTemplate(integration('WHEN_NO_MATCH'), 'text/plain').kind, 'passthrough');
  assert.equal(chooseRequestTemplate(integration('WHEN_NO_TEMPLATES'), 'text/plain').kind, 'passthrough');
  assert.equal(chooseRequestTemplate(integration('NEVER'), 'text/plain').kind, 'refused');
});

test('contentHandling conversions', () => {
  assert.equal(convertPayload(Buffer.from([1, 2]), true, 'CONVERT_TO_TEXT').toString(), 'AQI=');
  assert.deepEqual([...convertPayload(Buffer.from('AQI='), false, 'CONVERT_TO_BINARY')], [1, 2]);
  assert.equal(convertPayload(Buffer.from('text'), false, 'CONVERT_TO_TEXT').toString(), 'text');
  assert.equal(convertPayload(Buffer.from('text'), false, undefined).toString(), 'text');
});

test('integration responses: whole-string Java regex match, else the default', () => {
  const responses = {
    '200': { statusCode: '200' },
    '400': { statusCode: '400', selectionPattern: 'Invalid.*' },
    '500': { statusCode: '500', selectionPattern: '5\\d{2}' },
  };
  assert.equal(selectIntegrationResponse(responses, '503')?.statusCode, '500');
  assert.equal(selectIntegrationResponse(responses, '200')?.statusCode, '200');
  assert.equal(selectIntegrationResponse(responses, 'Invalid input')?.statusCode, '400');
  assert.equal(selectIntegrationResponse(responses, 'An Invalid input')?.statusCode, '200');
  assert.equal(
    selectIntegrationResponse({ a: { statusCode: '400', selectionPattern: 'x' } }, 'y'),
    undefined,
  );
  // `.*` matches a successful call's empty subject too, overriding the default.
  assert.equal(
    selectIntegrationResponse({ ...responses, any: { statusCode: '418', selectionPattern: '.*' } }, '')
      ?.statusCode,
    '418',
  );
});

test('parameter mapping expressions', () => {
  const scope: TemplateScope = {
    context: fromPlain({ stage: 'prod', identity: { sourceIp: '1.2.3.4' } }) as VMap,
    stageVariables: fromPlain({ color: 'blue' }) as VMap,
    params: { path: { id: '7' }, querystring: { q: 'x' }, header: { 'X-Trace': 't' } },
    body: '{"pet":{"name":"Rex","tags":["a"]}}',
  };
  const answer = { headers: { 'X-App-Id': 'app' }, body: '{"redirect":{"url":"/next"},"n":3}' };
  const value = (expression: string): string | undefined => mappedValue(expression, scope, answer);
  assert.equal(value("'static'"), 'static');
  assert.equal(value('context.stage'), 'prod');
  assert.equal(value('context.identity.sourceIp'), '1.2.3.4');
  assert.equal(value('stageVariables.color'), 'blue');
  assert.equal(value('method.request.path.id'), '7');
  assert.equal(value('method.request.querystring.q'), 'x');
  assert.equal(value('method.request.header.x-trace'), 't');
  assert.equal(value('method.request.body'), scope.body);
  assert.equal(value('method.request.body.pet.name'), 'Rex');
  assert.equal(value('method.request.body.pet.tags'), '["a"]');
  assert.equal(value('integration.response.header.x-app-id'), 'app');
  assert.equal(value('integration.response.body.redirect.url'), '/next');
  assert.equal(value('integration.response.body.n'), '3');
  assert.equal(value('integration.response.body.missing'), undefined);
  assert.equal(value('method.request.path.none'), undefined);
});
