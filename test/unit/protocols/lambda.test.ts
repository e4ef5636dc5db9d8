// rest-json through the real @aws-sdk/client-lambda: routing, JSON bodies, Invoke's raw payload
// and headers, validation messages and Lambda's error shape.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { loadModel } from '../../../src/protocols/index.js';
import { ServiceError } from '../../../src/server/service-error.js';
import {
  bodyText,
  clientConfig,
  codecRequestHandler,
  httpRequest,
  runCodec,
  type Exchange,
  type FakeHandler,
} from './harness.js';

const model = loadModel('lambda');

function client(handler: FakeHandler, exchange: Exchange = {}) {
  return new LambdaClient({ ...clientConfig, requestHandler: codecRequestHandler(model, handler, exchange) });
}

const config = {
  FunctionName: 'f',
  FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
  Runtime: 'nodejs22.x',
  Timeout: 3,
  LastModified: '2024-01-01T00:00:00.000+0000',
};

describe('rest-json: Lambda', () => {
  it('parses CreateFunction (201) and the client reads the configuration back', async () => {
    const exchange: Exchange = {};
    const lambda = client(async () => config, exchange);
    const out = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'f',
        Role: 'arn:aws:iam::000000000000:role/r',
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Code: { ZipFile: Buffer.from('PK zip bytes') },
        Timeout: 3,
        Environment: { Variables: { AB: '1' } },
      }),
    );
    assert.equal(exchange.operation, 'CreateFunction');
    assert.equal(exchange.response?.status, 201);
    const input = exchange.input as any;
    assert.deepEqual(input.Code.ZipFile, Buffer.from('PK zip bytes'));
    assert.equal(input.Timeout, 3);
    assert.deepEqual(input.Environment, { Variables: { AB: '1' } });
    assert.equal(out.FunctionArn, config.FunctionArn);
    assert.equal(out.Runtime, 'nodejs22.x');
    assert.equal(out.$metadata.requestId, 'req-1234');
  });

  it('answers constraint violations with ValidationException in AWS wording', async () => {
    const lambda = client(async () => config);
    await assert.rejects(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'f',
          Role: 'arn:aws:iam::000000000000:role/r',
          Code: {},
          Timeout: 0,
        }),
      ),
      (e: any) => {
        assert.equal(e.name, 'ValidationException');
        assert.equal(e.$metadata.httpStatusCode, 400);
        assert.equal(
          e.message,
          "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
        );
        return true;
      },
    );
  });

  it('reports several violations, enums with current values and lower-camel paths', async () => {
    const lambda = client(async () => config);
    await assert.rejects(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'f',
          Role: 'arn:aws:iam::000000000000:role/r',
          Code: {},
          Runtime: 'cobol' as any,
          KMSKeyArn: 'nope',
        }),
      ),
      (e: any) => {
        assert.match(
          e.message,
          /^2 validation errors detected: Value 'cobol' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[.*nodejs22\.x.*\]; Value 'nope' at 'kMSKeyArn' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
        );
        return true;
      },
    );
  });

  it('checks map keys and leaves sensitive values out of the message', async () => {
    const lambda = client(async () => config);
    await assert.rejects(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'f',
          Role: 'arn:aws:iam::000000000000:role/r',
          Code: {},
          Environment: { Variables: { A: '1' } },
        }),
      ),
      (e: any) => {
        assert.equal(
          e.message,
          "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]",
        );
        return true;
      },
    );
  });

  it('reports a missing required member as "Member must not be null"', async () => {
    const res = await runCodec(
      model,
      httpRequest({
        method: 'POST',
        path: '/2015-03-31/functions',
        body: Buffer.from('{"FunctionName":"f","Code":{}}'),
      }),
      async () => ({}),
    );
    assert.equal(res.status, 400);
    assert.equal(res.headers['x-amzn-errortype'], 'ValidationException');
    assert.match(bodyText(res), /Value null at 'role' failed to satisfy constraint: Member must not be null/);
  });

  it('passes Invoke payloads through raw, with the function error headers', async () => {
    const exchange: Exchange = {};
    const lambda = client(
      async () => ({
        StatusCode: 200,
        FunctionError: 'Unhandled',
        LogResult: Buffer.from('log tail').toString('base64'),
        ExecutedVersion: '$LATEST',
        Payload: Buffer.from('{"errorMessage":"boom"}'),
      }),
      exchange,
    );
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'f',
        Payload: Buffer.from('{"x":1}'),
        LogType: 'Tail',
        Qualifier: '$LATEST',
      }),
    );
    const input = exchange.input as any;
    assert.equal(exchange.operation, 'Invoke');
    assert.deepEqual(input.Payload, Buffer.from('{"x":1}'));
    assert.equal(input.LogType, 'Tail');
    assert.equal(input.Qualifier, '$LATEST');
    assert.equal(input.FunctionName, 'f');
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(Buffer.from(out.LogResult!, 'base64').toString(), 'log tail');
    assert.equal(Buffer.from(out.Payload!).toString(), '{"errorMessage":"boom"}');
  });

  it('decodes URI labels (function ARNs) and query members', async () => {
    const exchange: Exchange = {};
    const lambda = client(async () => ({ Configuration: config }), exchange);
    await lambda.send(new GetFunctionCommand({ FunctionName: config.FunctionArn, Qualifier: '1' }));
    assert.equal(exchange.operation, 'GetFunction');
    assert.equal((exchange.input as any).FunctionName, config.FunctionArn);
    assert.equal((exchange.input as any).Qualifier, '1');
  });

  it('routes ListFunctions (trailing slash template) and reads MaxItems as a number', async () => {
    const exchange: Exchange = {};
    const lambda = client(async () => ({ Functions: [config], NextMarker: 'm' }), exchange);
    const out = await lambda.send(new ListFunctionsCommand({ MaxItems: 5 }));
    assert.equal(exchange.operation, 'ListFunctions');
    assert.equal((exchange.input as any).MaxItems, 5);
    assert.equal(out.Functions?.[0]?.FunctionName, 'f');
    assert.equal(out.NextMarker, 'm');
  });

  it("serializes Lambda's errors with Type and Message, which the client maps to its class", async () => {
    const lambda = client(async () => {
      throw new ServiceError(
        'ResourceNotFoundException',
        'Function not found: arn:aws:lambda:us-east-1:000000000000:function:f',
        404,
      );
    });
    await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: 'f' })), (e: any) => {
      assert.equal(e.name, 'ResourceNotFoundException');
      assert.equal(e.Type, 'User');
      assert.equal(e.message, 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:f');
      assert.equal(e.$metadata.httpStatusCode, 404);
      return true;
    });
  });

  it('answers an unknown path with 404 UnknownOperationException', async () => {
    const res = await runCodec(
      model,
      httpRequest({ method: 'GET', path: '/2015-03-31/nothing-here' }),
      async () => ({}),
    );
    assert.equal(res.status, 404);
    assert.equal(res.headers['x-amzn-errortype'], 'UnknownOperationException');
  });

  it('answers malformed JSON with SerializationException', async () => {
    const res = await runCodec(
      model,
      httpRequest({ method: 'POST', path: '/2015-03-31/functions', body: Buffer.from('{"FunctionName":') }),
      async () => ({}),
    );
    assert.equal(res.status, 400);
    assert.equal(res.headers['x-amzn-errortype'], 'SerializationException');
  });
});
