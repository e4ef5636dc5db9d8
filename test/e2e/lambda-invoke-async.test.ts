// The async invocation queue end to end: retries of a failing function, OnSuccess / OnFailure
// destinations with AWS's invocation record, and delivery after the server is killed (kill -9).
// The server runs with --retry-delay-scale 0.001, so AWS's 1- and 2-minute waits take 60 and 120 ms.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionEventInvokeConfigCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { handlerZip } from '../unit/lambda/zip-fixtures.js';
import { startCumulo, type CumuloProcess } from './harness.js';
import { REPORTING_HANDLER, Sink } from '../unit/invoke/report-sink.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';

let server: CumuloProcess;
let lambda: LambdaClient;
const sink = new Sink();
const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));

async function createFunction(name: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: await handlerZip(REPORTING_HANDLER) },
      Environment: { Variables: { SINK: sink.url } },
    }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 15 }, { FunctionName: name });
}

async function sendEvent(name: string, event: unknown): Promise<string> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: json(event) }),
  );
  assert.equal(out.StatusCode, 202);
  return out.$metadata.requestId!;
}

before(async () => {
  await sink.start();
  server = await startCumulo({ args: ['--retry-delay-scale', '0.001'] });
  lambda = new LambdaClient(server.clientConfig);
  for (const name of ['worker', 'on-success', 'on-failure']) await createFunction(name);
  await lambda.send(
    new PutFunctionEventInvokeConfigCommand({
      FunctionName: 'worker',
      MaximumRetryAttempts: 1,
      DestinationConfig: {
        OnSuccess: { Destination: `${ARN}on-success` },
        OnFailure: { Destination: `${ARN}on-failure` },
      },
    }),
  );
});

after(async () => {
  lambda?.destroy();
  await server?.dispose();
  sink.close();
});

describe('asynchronous invocation', () => {
  it('retries a failing event MaximumRetryAttempts times, then sends the failure record', async () => {
    const requestId = await sendEvent('worker', { fail: true, id: 'f1' });
    const attempts = await sink.waitFor((r) => r.fn === 'worker' && r.event.id === 'f1', 2);
    assert.ok(
      attempts.every((a) => a.requestId === requestId),
      'every attempt carries the request id',
    );
    assert.ok(attempts[1]!.at - attempts[0]!.at >= 55, 'the retry waited the (scaled) minute');
    const [delivered] = await sink.waitFor(
      (r) => r.fn === 'on-failure' && r.event.requestContext?.requestId === requestId,
    );
    const record = delivered!.event;
    assert.equal(record.version, '1.0');
    assert.match(record.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(record.requestContext, {
      requestId,
      functionArn: `${ARN}worker:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 2,
    });
    assert.deepEqual(record.requestPayload, { fail: true, id: 'f1' });
    assert.deepEqual(record.responseContext, {
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: 'Unhandled',
    });
    assert.equal(record.responsePayload.errorMessage, 'failing on purpose');
    // exactly two attempts: no third one follows the record
    assert.equal(sink.reports.filter((r) => r.fn === 'worker' && r.event.id === 'f1').length, 2);
  });

  it('sends a success record to the success destination', async () => {
    const requestId = await sendEvent('worker', { id: 's1' });
    const [delivered] = await sink.waitFor(
      (r) => r.fn === 'on-success' && r.event.requestContext?.requestId === requestId,
    );
    const record = delivered!.event;
    assert.equal(record.requestContext.condition, 'Success');
    assert.equal(record.requestContext.approximateInvokeCount, 1);
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST' });
    assert.deepEqual(record.responsePayload, { ok: true, event: { id: 's1' } });
  });

  it('delivers an event again after kill -9 while it was running', async () => {
    const requestId = await sendEvent('on-success', { sleepMs: 5000, id: 'k1' });
    await sink.waitFor((r) => r.requestId === requestId);
    await server.kill();
    server = await server.restart();
    lambda.destroy();
    lambda = new LambdaClient(server.clientConfig);
    const runs = await sink.waitFor((r) => r.requestId === requestId, 2);
    assert.deepEqual(runs[1]!.event, { sleepMs: 5000, id: 'k1' });
  });
});
