// Pure logic of the REST API data plane: resource matching precedence, token buckets and quota
// periods, authorizer policy evaluation, invoke URL parsing (shared with HTTP APIs); and the patch-operation helper.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchRequest } from '../../../src/services/apigateway/dataplane/match.js';
import { splitStage } from '../../../src/services/apigateway/dataplane/stage-path.js';
import { evaluateAuthorizerPolicy } from '../../../src/services/apigateway/dataplane/policy.js';
import { QuotaCounter } from '../../../src/services/apigateway/dataplane/quota-counter.js';
import { TokenBucket, periodStart } from '../../../src/services/apigateway/dataplane/throttle.js';
import { tempStore } from '../invoke/fakes.js';
import { parseExecuteApi } from '../../../src/services/http-events/index.js';
import { applyPatch, mapRule, stringRule } from '../../../src/services/apigateway/patch.js';
import type { MethodRecord, ResourceRecord } from '../../../src/services/apigateway/records.js';

const m = (httpMethod: string): MethodRecord => ({
  httpMethod,
  authorizationType: 'NONE',
  apiKeyRequired: false,
  methodResponses: {},
});

function tree(): Record<string, ResourceRecord> {
  const list: ResourceRecord[] = [
    { id: 'root', methods: { GET: m('GET') } },
    { id: 'items', parentId: 'root', pathPart: 'items', methods: { GET: m('GET') } },
    { id: 'item', parentId: 'items', pathPart: '{id}', methods: { ANY: m('ANY') } },
    { id: 'special', parentId: 'items', pathPart: 'special', methods: { POST: m('POST') } },
    { id: 'sub', parentId: 'item', pathPart: 'parts', methods: { GET: m('GET') } },
    { id: 'proxy', parentId: 'root', pathPart: '{proxy+}', methods: { ANY: m('ANY') } },
  ];
  return Object.fromEntries(list.map((r) => [r.id, r]));
}

describe('resource matching', () => {
  const resources = tree();
  const match = (path: string, method = 'GET') => {
    const found = matchRequest(resources, path, method);
    return (
      found && {
        id: found.resource.id,
        path: found.resourcePath,
        params: found.pathParameters,
        method: found.method.httpMethod,
      }
    );
  };

  it('matches the root and literal parts', () => {
    assert.deepEqual(match('/'), { id: 'root', path: '/', params: {}, method: 'GET' });
    assert.deepEqual(match('/items'), { id: 'items', path: '/items', params: {}, method: 'GET' });
  });

  it('prefers a literal over a {param} and falls back to ANY', () => {
    assert.equal(match('/items/special', 'POST')?.id, 'special');
    // GET is not defined on /items/special, and the {id} branch is not tried once the literal matched a
    // resource: the method is missing.
    assert.equal(match('/items/special', 'GET'), undefined);
    assert.deepEqual(match('/items/42', 'DELETE'), {
      id: 'item',
      path: '/items/{id}',
      params: { id: '42' },
      method: 'ANY',
    });
  });

  it('backtracks from a literal branch that dead-ends', () => {
    assert.deepEqual(match('/items/special/parts')?.params, { id: 'special' });
  });

  it('lets a greedy variable take the rest of the path, decoded', () => {
    assert.deepEqual(match('/a/b%20c/d', 'PUT'), {
      id: 'proxy',
      path: '/{proxy+}',
      params: { proxy: 'a/b c/d' },
      method: 'ANY',
    });
  });

  it('finds nothing without a resource', () => {
    const noProxy = Object.fromEntries(Object.entries(resources).filter(([id]) => id !== 'proxy'));
    assert.equal(matchRequest(noProxy, '/nothing', 'GET'), undefined);
  });
});

describe('throttling', () => {
  it('takes up to the burst at once and refills at the rate', () => {
    const bucket = new TokenBucket(2, 3, 0);
    assert.deepEqual(
      [bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)],
      [true, true, true, false],
    );
    assert.equal(bucket.take(499), false);
    assert.equal(bucket.take(500), true);
  });

  it('counts quotas per period, starts afresh in the next one, and keeps counts in the store', async () => {
    const temp = tempStore();
    try {
      const quota = { limit: 2, period: 'DAY', offset: 0 };
      const counter = new QuotaCounter(temp.store);
      const day = Date.UTC(2024, 4, 10, 12);
      assert.equal(await counter.count('k', quota, day), true);
      // Another counter over the same store: what a restarted server sees.
      assert.equal(await new QuotaCounter(temp.store).count('k', quota, day + 1000), true);
      const restarted = new QuotaCounter(temp.store);
      assert.equal(await restarted.count('k', quota, day + 2000), false);
      assert.equal(await restarted.count('k', quota, day + 86_400_000), true);
      assert.equal(await restarted.count('other', quota, day + 86_400_000), true);
    } finally {
      temp.cleanup();
    }
  });

  it('starts weeks on Sunday and months on the first, shifted by the offset', () => {
    const friday = Date.UTC(2024, 4, 10, 12); // Friday 10 May 2024
    assert.equal(periodStart('WEEK', 0, friday), Date.UTC(2024, 4, 5));
    assert.equal(periodStart('WEEK', 1, friday), Date.UTC(2024, 4, 6));
    assert.equal(periodStart('MONTH', 0, friday), Date.UTC(2024, 4, 1));
    assert.equal(periodStart('MONTH', 14, friday), Date.UTC(2024, 3, 15));
  });
});

describe('authorizer policies', () => {
  const arn = 'arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/pets/1';
  const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });

  it('allows with a matching Allow, wildcards included', () => {
    assert.equal(
      evaluateAuthorizerPolicy(policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: arn }), arn),
      'Allow',
    );
    assert.equal(
      evaluateAuthorizerPolicy(
        policy({
          Effect: 'Allow',
          Action: ['execute-api:*'],
          Resource: ['arn:aws:execute-api:*:*:abc/*/GET/*'],
        }),
        arn,
      ),
      'Allow',
    );
  });

  it('lets an explicit Deny win and denies implicitly without an Allow', () => {
    assert.equal(
      evaluateAuthorizerPolicy(
        policy(
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: arn },
        ),
        arn,
      ),
      'Deny',
    );
    assert.equal(
      evaluateAuthorizerPolicy(
        policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${arn}/x` }),
        arn,
      ),
      'ImplicitDeny',
    );
    assert.equal(evaluateAuthorizerPolicy(undefined, arn), 'ImplicitDeny');
  });
});

describe('invoke URLs', () => {
  const req = (host: string, path: string) => ({ headers: { host }, path }) as never;

  it('reads the API id from the host or the /_aws/execute-api path', () => {
    assert.deepEqual(parseExecuteApi(req('abc123defg.execute-api.localhost:4566', '/prod/x')), {
      apiId: 'abc123defg',
      path: '/prod/x',
      domainName: 'abc123defg.execute-api.localhost',
      host: 'abc123defg.execute-api.localhost',
    });
    assert.deepEqual(parseExecuteApi(req('localhost:4566', '/_aws/execute-api/abc123defg/prod/x')), {
      apiId: 'abc123defg',
      path: '/prod/x',
      domainName: 'abc123defg.execute-api.localhost',
      host: 'localhost',
    });
    assert.equal(parseExecuteApi(req('localhost:4566', '/restapis')), undefined);
  });

  it('splits the stage from the path', () => {
    assert.deepEqual(splitStage('/prod/pets/1'), { stage: 'prod', path: '/pets/1' });
    assert.deepEqual(splitStage('/prod'), { stage: 'prod', path: '/' });
  });
});

describe('patch operations', () => {
  interface Doc {
    name?: string;
    variables?: Record<string, string>;
  }
  const rules = [
    stringRule<Doc>('/name', (d, v) => (d.name = v)),
    mapRule<Doc>(
      '/variables/',
      (d) => d.variables,
      (d, v) => (d.variables = v),
    ),
  ];

  it('applies replace, add and remove with JSON-pointer escapes', () => {
    const doc: Doc = {};
    applyPatch(
      doc,
      [
        { op: 'replace', path: '/name', value: 'n' },
        { op: 'add', path: '/variables/a~1b', value: '1' },
        { op: 'add', path: '/variables/c', value: '2' },
        { op: 'remove', path: '/variables/c' },
      ],
      rules,
    );
    assert.deepEqual(doc, { name: 'n', variables: { 'a/b': '1' } });
  });

  it('names the supported paths and operations in its errors', () => {
    assert.throws(() => applyPatch({}, [{ op: 'replace', path: '/nope', value: 'x' }], rules), {
      message: "Invalid patch path  '/nope' specified for op 'replace'. Must be one of: [/name, /variables/]",
    });
    assert.throws(() => applyPatch({}, [{ op: 'add', path: '/nope' }], rules), {
      message: "Invalid patch path  '/nope' specified for op 'add'. Please choose supported operations",
    });
    assert.throws(() => applyPatch({}, [{ op: 'remove', path: '/name' }], rules), {
      message: 'Invalid patch operation specified. Must be one of: [replace]',
    });
  });
});
