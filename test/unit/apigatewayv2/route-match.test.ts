// Route keys and route selection, against the examples of "Working with routes for HTTP APIs"
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conflictingVariable, parseRouteKey } from '../../../src/services/apigatewayv2/route-key.js';
import { buildRouteTable, matchRoute } from '../../../src/services/apigatewayv2/route-match.js';

const table = (keys: string[]) => buildRouteTable(keys.map((RouteKey) => ({ RouteKey })));
const pick = (keys: string[], method: string, path: string) => matchRoute(table(keys), method, path);

test('parses valid route keys and rejects invalid ones', () => {
  assert.equal(parseRouteKey('$default'), undefined);
  assert.deepEqual(parseRouteKey('GET /items/{id}')?.segments, [
    { kind: 'literal', value: 'items' },
    { kind: 'param', name: 'id' },
  ]);
  assert.deepEqual(parseRouteKey('ANY /{proxy+}')?.segments, [{ kind: 'greedy', name: 'proxy' }]);
  assert.deepEqual(parseRouteKey('GET /')?.segments, []);
  for (const bad of [
    'GET',
    'get /x',
    'FETCH /x',
    'GET x',
    'GET /{a+}/b',
    'GET /a//b',
    'GET /{a}/{a}',
    'GET /a b',
  ]) {
    assert.throws(() => parseRouteKey(bad), { name: 'BadRequestException' }, bad);
  }
});

test("the documentation's example: most specific wins", () => {
  const keys = ['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default'];
  assert.equal(pick(keys, 'GET', '/pets/dog/1')?.route.RouteKey, 'GET /pets/dog/1');
  assert.equal(pick(keys, 'GET', '/pets/dog/2')?.route.RouteKey, 'GET /pets/dog/{id}');
  assert.equal(pick(keys, 'GET', '/pets/cat/1')?.route.RouteKey, 'GET /pets/{proxy+}');
  assert.equal(pick(keys, 'POST', '/pets/cat/1')?.route.RouteKey, 'ANY /{proxy+}');
  assert.equal(pick(keys, 'GET', '/')?.route.RouteKey, '$default');
});

test('a method beats ANY on the same path; parameters are decoded', () => {
  const m = pick(['ANY /items/{id}', 'GET /items/{id}'], 'GET', '/items/a%2Fb');
  assert.equal(m?.route.RouteKey, 'GET /items/{id}');
  assert.deepEqual(m?.pathParameters, { id: 'a/b' });
  assert.equal(
    pick(['ANY /items/{id}', 'GET /items/{id}'], 'PUT', '/items/1')?.route.RouteKey,
    'ANY /items/{id}',
  );
});

test('greedy variables take one or more segments', () => {
  assert.equal(pick(['GET /a/{p+}'], 'GET', '/a'), undefined);
  assert.deepEqual(pick(['GET /a/{p+}'], 'GET', '/a/b/c')?.pathParameters, { p: 'b/c' });
  assert.equal(pick(['GET /a/{id}'], 'GET', '/a/b/c'), undefined);
  assert.equal(pick(['GET /a'], 'GET', '/a/b'), undefined);
  assert.equal(pick(['GET /'], 'GET', '/')?.resource, '/');
});

test('route keys conflict when they name different variables at the same level of the same path', () => {
  const conflict = (a: string, b: string) => conflictingVariable(parseRouteKey(a)!, parseRouteKey(b)!);
  assert.equal(conflict('GET /items/{id}', 'GET /items/{itemId}'), true);
  assert.equal(conflict('GET /items/{id}', 'DELETE /items/{itemId}/tags'), true);
  assert.equal(conflict('GET /a/{x}/b/{y}', 'GET /a/{x}/b/{z}/c'), true);
  assert.equal(conflict('GET /items/{id}', 'GET /items/{id}/tags'), false);
  assert.equal(conflict('GET /items/{id}', 'GET /users/{userId}'), false);
  assert.equal(conflict('GET /a/{x}/b', 'GET /a/{x}/c/{y}'), false);
  assert.equal(conflict('GET /items/{id}', 'ANY /items/{proxy+}'), false);
  assert.equal(conflict('GET /items/list', 'GET /items/{id}'), false);
});
