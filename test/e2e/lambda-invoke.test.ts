// Invoke through the real @aws-sdk/client-lambda against a started Cumulo: synchronous, Event and
// DryRun invocations, logs, function errors, payload limits, versions and aliases, throttling.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  InvokeAsyncCommand,
  InvokeCommand,
  LambdaClient,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  DeleteFunctionConcurrencyCommand,
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
const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString();

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

async function rejects(
  p: Promise<unknown>,
  name: string,
  status: number,
  message?: string | RegExp,
): Promise<any> {
  let error: any;
  await assert.rejects(p, (e: any) => {
    error = e;
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
  return error;
}

before(async () => {
  await sink.start();
  server = await startCumulo();
  lambda = new LambdaClient(server.clientConfig);
  await createFunction('echo');
});

after(async () => {
  lambda?.destroy();
  await server?.dispose();
  sink.close();
});

describe('Invoke through the SDK', () => {
  it('runs RequestResponse and answers 200 with the payload and executed version', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', Payload: json({ hello: 'world' }) }),
    );
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(out.FunctionError, undefined);
    assert.deepEqual(JSON.parse(text(out.Payload)), { ok: true, event: { hello: 'world' } });
    const [report] = await sink.waitFor((r) => r.requestId === out.$metadata.requestId);
    assert.deepEqual(report!.event, { hello: 'world' });
  });

  it('sends {} when there is no payload', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo' }));
    assert.deepEqual(JSON.parse(text(out.Payload)).event, {});
  });

  it('returns the base64 log tail for LogType Tail', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', LogType: 'Tail', Payload: json({ n: 5 }) }),
    );
    const log = Buffer.from(out.LogResult!, 'base64').toString();
    assert.match(log, /handling \{"n":5\}/);
    assert.match(log, new RegExp(`END RequestId: ${out.$metadata.requestId}`));
    assert.ok(Buffer.from(out.LogResult!, 'base64').length <= 4096);
  });

  it('reports a function error as FunctionError Unhandled with the error document', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: json({ fail: true }) }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    const error = JSON.parse(text(out.Payload));
    assert.equal(error.errorType, 'Error');
    assert.equal(error.errorMessage, 'failing on purpose');
  });

  it('answers DryRun with 204 and does not run the function', async () => {
    const before = sink.reports.length;
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'echo', InvocationType: 'DryRun' }));
    assert.equal(out.StatusCode, 204);
    assert.equal(sink.reports.length, before);
  });

  it('answers Event with 202 and runs the function with the same request id', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: json({ async: 1 }) }),
    );
    assert.equal(out.StatusCode, 202);
    const [report] = await sink.waitFor((r) => r.requestId === out.$metadata.requestId);
    assert.deepEqual(report!.event, { async: 1 });
  });

  it('queues the deprecated InvokeAsync as an Event', async () => {
    const out = await lambda.send(
      new InvokeAsyncCommand({ FunctionName: 'echo', InvokeArgs: json({ legacy: true }) }),
    );
    assert.equal(out.Status, 202);
    await sink.waitFor((r) => r.event?.legacy === true);
  });

  it('refuses a payload that is not JSON with InvalidRequestContentException', async () => {
    await rejects(
      lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('{"a":') })),
      'InvalidRequestContentException',
      400,
      /^Could not parse request body into json: Could not parse payload into json: Unexpected end-of-input/,
    );
  });

  it('refuses a synchronous payload over 6 MB, and an Event payload over 1 MB, with 413', async () => {
    const big = (n: number): Uint8Array => Buffer.from(`"${'x'.repeat(n - 2)}"`);
    await rejects(
      lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: big(6_291_457) })),
      'RequestEntityTooLargeException',
      413,
      'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
    );
    await rejects(
      lambda.send(
        new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: big(1_048_577) }),
      ),
      'RequestEntityTooLargeException',
      413,
      '1048577 byte payload is too large for the Event invocation type (limit 1048576 bytes)',
    );
  });

  it('replaces a response over 6 MB with Function.ResponseSizeTooLarge', async () => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', Payload: json({ big: 6_400_000 }) }),
    );
    assert.equal(out.FunctionError, 'Unhandled');
    const error = JSON.parse(text(out.Payload));
    assert.equal(error.errorType, 'Function.ResponseSizeTooLarge');
    assert.match(error.errorMessage, /exceeded maximum allowed payload size \(6291556 bytes\)\.$/);
  });

  it('answers ResourceNotFoundException for a function that does not exist', async () => {
    await rejects(
      lambda.send(new InvokeCommand({ FunctionName: 'missing' })),
      'ResourceNotFoundException',
      404,
      `Function not found: ${ARN}missing`,
    );
  });
});

describe('versions and aliases', () => {
  before(async () => {
    await lambda.send(new PublishVersionCommand({ FunctionName: 'echo' }));
    await lambda.send(new CreateAliasCommand({ FunctionName: 'echo', Name: 'live', FunctionVersion: '1' }));
  });

  it('runs a version or an alias named by Qualifier, full ARN or partial ARN', async () => {
    for (const input of [
      { FunctionName: 'echo', Qualifier: '1' },
      { FunctionName: 'echo', Qualifier: 'live' },
      { FunctionName: 'echo:live' },
      { FunctionName: `${ARN}echo:live` },
      { FunctionName: '000000000000:function:echo:1' },
    ]) {
      const out = await lambda.send(new InvokeCommand({ ...input, Payload: json(input) }));
      assert.equal(out.ExecutedVersion, '1', JSON.stringify(input));
      const [report] = await sink.waitFor((r) => r.requestId === out.$metadata.requestId);
      assert.equal(report!.version, '1');
    }
    const latest = await lambda.send(new InvokeCommand({ FunctionName: `${ARN}echo` }));
    assert.equal(latest.ExecutedVersion, '$LATEST');
  });
});

describe('throttling', () => {
  before(() => createFunction('limited'));
  after(() => lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'limited' })));

  it('throttles every synchronous invoke of a function reserved at 0', async () => {
    await lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: 'limited', ReservedConcurrentExecutions: 0 }),
    );
    const e = await rejects(
      lambda.send(new InvokeCommand({ FunctionName: 'limited' })),
      'TooManyRequestsException',
      429,
      'Rate Exceeded.',
    );
    assert.equal(e.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal(e.Type, 'User');
    assert.ok(e.retryAfterSeconds);
  });

  it('throttles beyond reserved concurrency, and queues an Event until a slot frees', async () => {
    await lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: 'limited', ReservedConcurrentExecutions: 1 }),
    );
    const slow = lambda.send(
      new InvokeCommand({ FunctionName: 'limited', Payload: json({ sleepMs: 1500 }) }),
    );
    const [started] = await sink.waitFor((r) => r.fn === 'limited' && r.event.sleepMs === 1500);
    await rejects(
      lambda.send(new InvokeCommand({ FunctionName: 'limited' })),
      'TooManyRequestsException',
      429,
    );
    const queued = await lambda.send(
      new InvokeCommand({
        FunctionName: 'limited',
        InvocationType: 'Event',
        Payload: json({ waited: true }),
      }),
    );
    assert.equal(queued.StatusCode, 202);
    assert.equal((await slow).StatusCode, 200);
    const [report] = await sink.waitFor((r) => r.event?.waited === true);
    assert.ok(report!.at >= started!.at + 1400, 'the queued event ran only after the slot was free');
  });
});
