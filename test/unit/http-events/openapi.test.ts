// The OpenAPI pieces both API Gateway importers share: parsing, operations, security requirements and
// the base path of servers / basePath under the ignore, prepend and split import options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  basePathMode,
  basePathOf,
  operationsOf,
  parseOpenApi,
  requirementsOf,
  withBasePath,
} from '../../../src/services/http-events/openapi/index.js';

describe('OpenAPI documents', () => {
  it('reads JSON and YAML, OpenAPI 3 always and Swagger 2.0 when asked', () => {
    assert.equal(parseOpenApi('{"openapi":"3.0.1","paths":{}}').openapi, '3.0.1');
    assert.equal(parseOpenApi('openapi: 3.0.1\ninfo:\n  title: y\n').info.title, 'y');
    assert.equal(parseOpenApi('{"swagger":"2.0"}', { swagger2: true }).swagger, '2.0');
    for (const bad of ['{"swagger":"2.0"}', '{', '[]', 'just text', '{"openapi":"3.0","paths":[]}']) {
      assert.throws(() => parseOpenApi(bad), {
        name: 'BadRequestException',
        message: 'Invalid OpenAPI input.',
      });
    }
  });

  it('lists operations with ANY for x-amazon-apigateway-any-method, and their security', () => {
    const doc = {
      security: [{ doc: [] }],
      paths: {
        '/a': { get: {}, parameters: [], 'x-amazon-apigateway-any-method': { security: [{ op: ['s1'] }] } },
        '/b': 'not an item',
      },
    };
    const ops = operationsOf(doc);
    assert.deepEqual(
      ops.map((o) => `${o.method} ${o.path}`),
      ['GET /a', 'ANY /a'],
    );
    assert.deepEqual(requirementsOf(ops[0]!.operation, doc), [['doc', []]]);
    assert.deepEqual(requirementsOf(ops[1]!.operation, doc), [['op', ['s1']]]);
  });
});

describe('base paths', () => {
  it('finds the basePath server variable, else the path of the first server URL', () => {
    assert.equal(basePathOf({ basePath: '/a/b/' }), '/a/b');
    assert.equal(
      basePathOf({ servers: [{ url: 'https://x/{basePath}', variables: { basePath: { default: 'v1' } } }] }),
      '/v1',
    );
    assert.equal(basePathOf({ servers: [{ url: 'https://x.example/a/b' }] }), '/a/b');
    assert.equal(basePathOf({ servers: [{ url: '/rel' }] }), '/rel');
    assert.equal(basePathOf({ servers: [{ url: 'https://x.example/' }] }), '');
    assert.equal(basePathOf({}), '');
  });

  it('ignores, prepends or splits it as AWS documents for /a/b/c and /e', () => {
    assert.equal(withBasePath('/e', '/a/b/c', 'ignore'), '/e');
    assert.equal(withBasePath('/e', '/a/b/c', 'prepend'), '/a/b/c/e');
    assert.equal(withBasePath('/e', '/a/b/c', 'split'), '/b/c/e');
    assert.equal(withBasePath('/e', '/a', 'split'), '/e');
    assert.equal(withBasePath('/', '/a/b', 'prepend'), '/a/b');
    assert.equal(basePathMode(undefined), 'ignore');
    assert.equal(basePathMode('SPLIT'), 'split');
    assert.throws(() => basePathMode('sideways'), { name: 'BadRequestException' });
  });
});
