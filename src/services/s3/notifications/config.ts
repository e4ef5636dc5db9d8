// A bucket's notification configuration: the shapes of PutBucketNotificationConfiguration's body
// (and GetBucketNotificationConfiguration's answer), and the checks S3 makes before it stores one.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
//
// The legacy PutBucketNotification body (CloudFunctionConfiguration with CloudFunction and Event) is
// the same XML on the wire: the model names LambdaFunctionConfigurations' elements
// CloudFunctionConfiguration / CloudFunction / Event, so both arrive here as LambdaFunctionConfigurations.
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../../server/service-error.js';
import { eventsOverlap } from './matching.js';

export interface FilterRule {
  Name?: string;
  Value?: string;
}

export interface NotificationFilter {
  Key?: { FilterRules?: FilterRule[] };
}

interface CommonConfiguration {
  Id?: string;
  Events?: string[];
  Filter?: NotificationFilter;
}

export interface LambdaFunctionConfiguration extends CommonConfiguration {
  LambdaFunctionArn?: string;
}
export interface TopicConfiguration extends CommonConfiguration {
  TopicArn?: string;
}
export interface QueueConfiguration extends CommonConfiguration {
  QueueArn?: string;
}

export interface NotificationConfiguration {
  TopicConfigurations?: TopicConfiguration[];
  QueueConfigurations?: QueueConfiguration[];
  LambdaFunctionConfigurations?: LambdaFunctionConfiguration[];
  EventBridgeConfiguration?: Record<string, never>;
}

/** One destination of any kind, as the checks and the deliverer see it. */
export interface Destination {
  kind: 'lambda' | 'topic' | 'queue';
  arn: string;
  id: string;
  events: string[];
  /** Decoded filter values ('' when the rule has none). */
  prefix: string;
  suffix: string;
  hasFilter: boolean;
}

const invalid = (message: string, name?: string, value?: string): ServiceError =>
  new ServiceError('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });

const MALFORMED = () =>
  new ServiceError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  );

/**
 * Checks a configuration and gives it the form S3 stores and answers: every configuration has an Id
 * (S3 generates one: a base64-encoded UUID), filter rule names are "Prefix"/"Suffix".
 */
export function normalizeConfiguration(input: NotificationConfiguration): NotificationConfiguration {
  const out: NotificationConfiguration = {};
  const ids = new Set<string>();
  const take = <T extends CommonConfiguration>(list: T[] | undefined, arnOf: (c: T) => string | undefined) =>
    (list ?? []).map((c) => {
      if (!arnOf(c) || !c.Events || c.Events.length === 0) throw MALFORMED();
      const id = c.Id || Buffer.from(randomUUID()).toString('base64');
      if (id.length > 255) throw invalid('ID length exceeded allowed limit of 255');
      if (ids.has(id)) throw invalid('Same ID used for multiple configurations. IDs must be unique.');
      ids.add(id);
      const normalized: T = { ...c, Id: id, Events: [...c.Events] };
      const filter = normalizeFilter(c.Filter);
      if (filter) normalized.Filter = filter;
      else delete normalized.Filter;
      return normalized;
    });
  const topics = take(input.TopicConfigurations, (c) => c.TopicArn);
  const queues = take(input.QueueConfigurations, (c) => c.QueueArn);
  const lambdas = take(input.LambdaFunctionConfigurations, (c) => c.LambdaFunctionArn);
  if (topics.length + queues.length + lambdas.length > 100) {
    throw new ServiceError(
      'InvalidRequest',
      'Too many configurations submitted. The maximum number of configurations is 100',
      400,
    );
  }
  if (topics.length) out.TopicConfigurations = topics;
  if (queues.length) out.QueueConfigurations = queues;
  if (lambdas.length) out.LambdaFunctionConfigurations = lambdas;
  if (input.EventBridgeConfiguration !== undefined) out.EventBridgeConfiguration = {};
  checkOverlaps(destinationsOf(out));
  return out;
}

function normalizeFilter(filter: NotificationFilter | undefined): NotificationFilter | undefined {
  if (filter === undefined) return undefined;
  const rules = filter.Key?.FilterRules ?? [];
  const seen = new Set<string>();
  const out: FilterRule[] = [];
  for (const rule of rules) {
    const lower = (rule.Name ?? '').toLowerCase();
    if (lower !== 'prefix' && lower !== 'suffix') {
      // AWS names the field and the name given: ArgumentName FilterRule.Name, ArgumentValue INVALID
      // (recorded against AWS in LocalStack's test_bucket_notification_with_invalid_filter_rules).
      throw invalid('filter rule name must be either prefix or suffix', 'FilterRule.Name', rule.Name ?? '');
    }
    if (seen.has(lower)) {
      throw invalid(`Cannot specify more than one ${lower} rule in a filter.`);
    }
    seen.add(lower);
    const value = rule.Value ?? '';
    if (Buffer.byteLength(value) > 1024) {
      throw invalid('Size of filter rule value cannot exceed 1024 bytes in UTF-8 representation');
    }
    out.push({ Name: lower === 'prefix' ? 'Prefix' : 'Suffix', Value: value });
  }
  return out.length ? { Key: { FilterRules: out } } : undefined;
}

/** Every destination of a (normalized) configuration. */
export function destinationsOf(config: NotificationConfiguration): Destination[] {
  const one = (kind: Destination['kind'], arn: string, c: CommonConfiguration): Destination => {
    const rules = c.Filter?.Key?.FilterRules ?? [];
    const value = (name: string) => decodeFilterValue(rules.find((r) => r.Name === name)?.Value ?? '');
    return {
      kind,
      arn,
      id: c.Id!,
      events: c.Events ?? [],
      prefix: value('Prefix'),
      suffix: value('Suffix'),
      hasFilter: rules.length > 0,
    };
  };
  return [
    ...(config.TopicConfigurations ?? []).map((c) => one('topic', c.TopicArn!, c)),
    ...(config.QueueConfigurations ?? []).map((c) => one('queue', c.QueueArn!, c)),
    ...(config.LambdaFunctionConfigurations ?? []).map((c) => one('lambda', c.LambdaFunctionArn!, c)),
  ];
}

/**
 * Filter values are written URL-encoded: "If your prefix or suffix contains a space, you must replace
 * it with the '+' character. If you use any other special characters … you must enter them in
 * URL-encoded (percent-encoded) format." A value that does not decode is taken literally.
 */
export function decodeFilterValue(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * S3 refuses two configurations that could fire for the same event on the same key: for a shared
 * event type, overlapping prefixes (one starts the other) with overlapping suffixes (one ends the
 * other). Two unfiltered configurations sharing an event type get "Configurations overlap…", naming
 * the two event types as S3 does (recorded from S3 in minio/minio#2472):
 *   <ArgumentName>Event</ArgumentName><ArgumentValue>s3:ObjectRemoved:*, s3:ObjectRemoved:*</ArgumentValue>
 */
function checkOverlaps(destinations: Destination[]): void {
  for (const [i, d] of destinations.entries()) {
    for (const e of destinations.slice(0, i)) {
      const shared = sharedEvents(e.events, d.events);
      if (!shared) continue;
      const prefixes = d.prefix.startsWith(e.prefix) || e.prefix.startsWith(d.prefix);
      const suffixes = d.suffix.endsWith(e.suffix) || e.suffix.endsWith(d.suffix);
      if (!prefixes || !suffixes) continue;
      if (!d.hasFilter && !e.hasFilter) throw overlap(shared);
      throw invalid(
        'Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.',
      );
    }
  }
  for (const d of destinations) {
    // One configuration listing s3:ObjectCreated:* and s3:ObjectCreated:Put overlaps with itself.
    d.events.forEach((ev, i) => {
      const shared = sharedEvents(d.events.slice(0, i), [ev]);
      if (shared) throw overlap(shared);
    });
  }
}

/** The first pair of event types (one from each list) that cover each other, if any. */
function sharedEvents(a: string[], b: string[]): [string, string] | undefined {
  for (const x of a) for (const y of b) if (eventsOverlap([x], [y])) return [x, y];
  return undefined;
}

const overlap = ([a, b]: [string, string]): ServiceError =>
  invalid(
    'Configurations overlap. Configurations on the same bucket cannot share a common event type.',
    'Event',
    `${a}, ${b}`,
  );
