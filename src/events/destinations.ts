// Where an async invocation's record goes. AWS supports SQS, SNS, S3 (on failure), EventBridge and
// Lambda destinations (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html);
// "For Lambda, the invocation record is passed as the payload to the function", invoked asynchronously.
// A Lambda destination is enqueued in the same transaction that retires the event. Other services
// register a sink as they arrive; until then a record for them is logged and dropped (AWS counts such
// failures in the DestinationDeliveryFailures metric and drops the record too).
import type { InvokeTarget } from '../services/lambda/invoke-target.js';
import type { RecordCondition } from './invocation-record.js';

export interface LambdaDestination {
  kind: 'lambda';
  accountId: string;
  /** The full destination ARN (the resolver understands it, with any qualifier). */
  functionArn: string;
}

export interface OtherDestination {
  kind: 'other';
  /** The ARN's service, e.g. 'sqs', 'sns', 'events', 's3'. */
  service: string;
  arn: string;
}

export type Destination = LambdaDestination | OtherDestination;

/** Delivers a record to a non-Lambda destination (registered by the service that owns it). */
export type DestinationSink = (arn: string, record: Record<string, unknown>) => Promise<void>;

/** The destination an outcome goes to: OnSuccess for a success, OnFailure for every failure. */
export function destinationFor(target: InvokeTarget, condition: RecordCondition): Destination | undefined {
  const config = target.eventInvokeConfig?.DestinationConfig;
  const arn = condition === 'Success' ? config?.OnSuccess?.Destination : config?.OnFailure?.Destination;
  return arn ? parseDestination(arn) : undefined;
}

/** The registered sinks of non-Lambda destination services. */
export class DestinationSinks {
  private readonly sinks = new Map<string, DestinationSink>();

  register(service: string, sink: DestinationSink): void {
    this.sinks.set(service, sink);
  }

  /** Delivers a record; a failure is logged, not retried (AWS drops it and counts a delivery failure). */
  async deliver(
    destination: OtherDestination,
    record: Record<string, unknown>,
    log: (line: string) => void,
  ): Promise<void> {
    const sink = this.sinks.get(destination.service);
    if (!sink)
      return log(
        `async queue: no delivery to ${destination.arn} (${destination.service} destinations are not supported yet)`,
      );
    try {
      await sink(destination.arn, record);
    } catch (e) {
      log(`async queue: delivering a record to ${destination.arn} failed: ${String(e)}`);
    }
  }
}

export function parseDestination(arn: string): Destination | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2]!;
  if (service === 'lambda' && parts[5] === 'function') {
    return { kind: 'lambda', accountId: parts[4]!, functionArn: arn };
  }
  return { kind: 'other', service, arn };
}
