// The async queue's delivery-time permission check for a service invoker (S3 notifications): the
// event runs while the function's policy allows the service for the source, and is dropped and
// logged — never run, never retried, never sent to a destination — once it does not.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AsyncInvoker } from '../../../src/events/async-invoker.js';
import { NS_ITEMS } from '../../../src/events/async-store.js';
import { invokeDenied, policyResourceOf, serviceMayInvoke } from '../../../src/iam/resource-policy-invoke.js';
import { ConcurrencyLimiter } from '../../../src/services/lambda/invoke/concurrency.js';
import { ACCOUNT, arnOf, FakeResolver, FakeRuntime, target, tempStore } from '../invoke/fakes.js';

const BUCKET_ARN = 'arn:aws:s3:::photos';
const s3 = { principal: 's3.amazonaws.com', sourceArn: BUCKET_ARN, sourceAccount: ACCOUNT };

function s3Policy(resource: string, bucketArn = BUCKET_ARN): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'default',
    Statement: [
      {
        Sid: 's3',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: resource,
        Condition: {
          StringEquals: { 'AWS:SourceAccount': ACCOUNT },
          ArnLike: { 'AWS:SourceArn': bucketArn },
        },
      },
    ],
  });
}

describe('serviceMayInvoke', () => {
  it('checks the policy against the ARN as invoked, $LATEST as the unqualified function', () => {
    assert.equal(policyResourceOf(`${arnOf('f')}:$LATEST`), arnOf('f'));
    assert.equal(policyResourceOf(`${arnOf('f')}:live`), `${arnOf('f')}:live`);
    assert.equal(serviceMayInvoke({ policy: s3Policy(arnOf('f')), invokedArn: arnOf('f') }, s3), true);
    assert.equal(
      serviceMayInvoke({ policy: s3Policy(arnOf('f')), invokedArn: `${arnOf('f')}:$LATEST` }, s3),
      true,
    );
    assert.equal(
      serviceMayInvoke({ policy: s3Policy(arnOf('f')), invokedArn: `${arnOf('f')}:live` }, s3),
      false,
    );
    assert.equal(serviceMayInvoke({ invokedArn: arnOf('f') }, s3), false);
    assert.equal(
      serviceMayInvoke({ policy: s3Policy(arnOf('f'), 'arn:aws:s3:::other'), invokedArn: arnOf('f') }, s3),
      false,
    );
  });

  it('words the refusal like Lambda', () => {
    assert.equal(
      invokeDenied({ invokedArn: arnOf('f') }, s3),
      `s3.amazonaws.com is not authorized to perform: lambda:InvokeFunction on resource: ${arnOf('f')} because no resource-based policy allows the lambda:InvokeFunction action (source ${BUCKET_ARN})`,
    );
  });
});

describe('async queue with a service invoker', () => {
  let temp: ReturnType<typeof tempStore>;
  let resolver: FakeResolver;
  let runtime: FakeRuntime;
  let invoker: AsyncInvoker;
  const logs: string[] = [];

  beforeEach(async () => {
    temp = tempStore();
    resolver = new FakeResolver().add(
      target('work', {
        policy: s3Policy(arnOf('work')),
        eventInvokeConfig: { DestinationConfig: { OnFailure: { Destination: arnOf('dest') } } },
      }),
    );
    resolver.add(target('dest'));
    runtime = new FakeRuntime();
    invoker = new AsyncInvoker({
      resolver,
      runtime,
      store: temp.store,
      limiter: new ConcurrencyLimiter(),
      retryDelayScale: 0.0001,
      log: (l) => logs.push(l),
    });
    await invoker.start();
    logs.length = 0;
  });

  afterEach(async () => {
    await invoker.close();
    await temp.store.close();
    temp.cleanup();
  });

  const enqueue = (payload: string) =>
    invoker.enqueue(ACCOUNT, arnOf('work'), undefined, Buffer.from(payload), { invoker: s3 });

  it('delivers while the policy allows the service for the source', async () => {
    await enqueue('{"n":1}');
    const [call] = await runtime.waitForCalls(1);
    assert.equal(call!.request.payload.toString(), '{"n":1}');
    await invoker.idle();
    assert.deepEqual(logs, []);
  });

  it('drops and logs the event once the permission is gone, without a destination record', async () => {
    resolver.update('work', { policy: undefined });
    await enqueue('{"n":2}');
    await invoker.idle();
    assert.equal(runtime.calls.length, 0);
    assert.equal(logs.length, 1);
    assert.match(
      logs[0]!,
      /dropping event .*s3\.amazonaws\.com is not authorized to perform: lambda:InvokeFunction/,
    );
    assert.equal(await temp.store.read((tx) => tx.count(NS_ITEMS)), 0);
  });

  it('checks at delivery, not at enqueue: a permission removed while queued drops the event', async () => {
    await temp.store.write((tx) =>
      invoker.enqueue(ACCOUNT, arnOf('work'), undefined, Buffer.from('{}'), { tx, invoker: s3 }),
    );
    resolver.update('work', { policy: s3Policy(arnOf('work'), 'arn:aws:s3:::someone-else') });
    invoker.wake();
    await invoker.idle();
    assert.equal(runtime.calls.length, 0);
    assert.equal(logs.length, 1);
  });

  it('events without an invoker are not checked (direct Invoke is IAM-authorized by the caller)', async () => {
    resolver.update('work', { policy: undefined });
    await invoker.enqueue(ACCOUNT, 'work', undefined, Buffer.from('{}'));
    await runtime.waitForCalls(1);
    await invoker.idle();
  });
});
