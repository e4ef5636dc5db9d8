// S3 bucket notifications to Lambda: the configuration (Put/GetBucketNotificationConfiguration) and
// the ObjectEventSink that turns each object change into async invocations, written in the change's
// own transaction (DESIGN.md principle 4) so a PutObject that returned 200 always produces its events.
//
//   const notifications = createBucketNotifications({ region, functions, invoker });
//   createS3Service({ …, events: notifications });                 // the sink
//   await notifications.put(tx, { accountId, bucket, configuration, skipDestinationValidation });
//   await notifications.get(tx, bucket);                            // NotificationConfiguration
//   await notifications.delete(tx, bucket);                         // in DeleteBucket
//
// Delivery goes through the async invocation queue (src/events/async-invoker.ts) with S3 as the
// invoker, so the function's policy is checked when the event is delivered: after RemovePermission
// the event is dropped and logged, as AWS refuses S3's Invoke.
import type { ReadTx, WriteTx } from '../../../storage/store.js';
import type { ObjectEvent, ObjectEventSink } from '../object-events.js';
import { destinationsOf, normalizeConfiguration, type NotificationConfiguration } from './config.js';
import {
  accountOfArn,
  checkArns,
  type FunctionPolicies,
  S3_PRINCIPAL,
  validateDestinations,
} from './destinations.js';
import { eventDocument } from './event-record.js';
import { destinationFires } from './matching.js';
import { getBucket } from '../storage/object-repo.js';
import { deleteNotificationConfiguration, readNotifications, writeNotifications } from './store.js';

export type { NotificationConfiguration } from './config.js';
export type { FunctionPolicies } from './destinations.js';
export { deleteNotificationConfiguration } from './store.js';

/** What the sink needs of the async invocation queue (AsyncInvoker). */
export interface NotificationQueue {
  enqueue(
    accountId: string,
    functionName: string,
    qualifier: string | undefined,
    payload: Buffer,
    opts: {
      tx?: WriteTx;
      invoker?: { principal: string; sourceArn?: string; sourceAccount?: string };
    },
  ): Promise<string>;
  wake(): void;
}

export interface NotificationDeps {
  /** The region Cumulo serves: destinations must be in it. */
  region: string;
  /** Lambda's functions and policies, read in the caller's transaction. */
  functions: FunctionPolicies;
  invoker: NotificationQueue;
  log?: (line: string) => void;
}

export interface PutNotificationInput {
  /** The bucket owner's account. */
  accountId: string;
  bucket: string;
  /** BucketRecord.created (so a later bucket of the same name does not inherit the configuration). */
  bucketCreated?: number;
  configuration: NotificationConfiguration;
  /** The x-amz-skip-destination-validation header. */
  skipDestinationValidation?: boolean;
}

export interface BucketNotifications extends ObjectEventSink {
  put(tx: WriteTx, input: PutNotificationInput): Promise<void>;
  get(tx: ReadTx, bucket: string, bucketCreated?: number): Promise<NotificationConfiguration>;
  delete(tx: WriteTx, bucket: string): Promise<void>;
}

/**
 * PutBucketNotificationConfiguration: "This action replaces the existing notification configuration
 * with the configuration you include in the request body"; an empty configuration turns them off.
 */
export async function putNotificationConfiguration(
  tx: WriteTx,
  deps: Pick<NotificationDeps, 'region' | 'functions'>,
  input: PutNotificationInput,
): Promise<void> {
  const configuration = normalizeConfiguration(input.configuration);
  const destinations = destinationsOf(configuration);
  checkArns(destinations, deps.region);
  if (!input.skipDestinationValidation) {
    await validateDestinations(tx, deps.functions, destinations, input);
  }
  await writeNotifications(tx, input.bucket, {
    accountId: input.accountId,
    ...(input.bucketCreated !== undefined ? { bucketCreated: input.bucketCreated } : {}),
    configuration,
  });
}

/** GetBucketNotificationConfiguration: the stored configuration, `{}` when there is none. */
export async function getNotificationConfiguration(
  tx: ReadTx,
  bucket: string,
  bucketCreated?: number,
): Promise<NotificationConfiguration> {
  return (await readNotifications(tx, bucket, bucketCreated))?.configuration ?? {};
}

export function createBucketNotifications(deps: NotificationDeps): BucketNotifications {
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let warned = false;
  return {
    put: (tx, input) => putNotificationConfiguration(tx, deps, input),
    get: getNotificationConfiguration,
    delete: deleteNotificationConfiguration,

    async record(tx: WriteTx, event: ObjectEvent): Promise<void> {
      const stored = await readNotifications(tx, event.bucket, (await getBucket(tx, event.bucket))?.created);
      if (!stored) return;
      for (const d of destinationsOf(stored.configuration)) {
        if (!destinationFires(d, event.eventName, event.key)) continue;
        if (d.kind !== 'lambda') {
          if (!warned)
            log(`s3 notifications: ${d.kind} destinations are not supported; ${d.arn} gets no events`);
          warned = true;
          continue;
        }
        const payload = Buffer.from(JSON.stringify(eventDocument(event, d.id)));
        await deps.invoker.enqueue(accountOfArn(d.arn) ?? stored.accountId, d.arn, undefined, payload, {
          tx,
          invoker: {
            principal: S3_PRINCIPAL,
            sourceArn: `arn:aws:s3:::${event.bucket}`,
            sourceAccount: stored.accountId,
          },
        });
      }
    },

    committed(): void {
      deps.invoker.wake();
    },
  };
}
