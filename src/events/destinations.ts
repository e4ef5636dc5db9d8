// Where an async invocation's record goes. AWS supports SQS, SNS, S3 (on failure), EventBridge and
// Lambda destinations (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html);
// "For Lambda, the invocation record is passed as the payload to the function", invoked asynchronously.
// A Lambda destination is enqueued in the same transaction that retires the event. Other services
// register a sink as they arrive; until then a record for them is logged and dropped (AWS counts such
// failures in the DestinationDeliveryFailures metric and drops the record too).

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

export function parseDestination(arn: string): Destination | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2]!;
  if (service === 'lambda' && parts[5] === 'function') {
    return { kind: 'lambda', accountId: parts[4]!, functionArn: arn };
  }
  return { kind: 'other', service, arn };
}
