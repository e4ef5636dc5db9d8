// API Gateway access logs, for HTTP API and REST API stages alike: the stage's format with
// `$context.*` variables substituted, one line per request, written to the log group the
// destination ARN names (like function logs: see runtime/log-sink.ts), stream `{apiId}_{stage}`.
// Variables without a value print "-", as AWS prints them.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
import type { LogSink } from '../../runtime/log-sink.js';

export type LogContext = Record<string, string | number | undefined>;

export interface AccessLogSettings {
  destinationArn?: string;
  format?: string;
}

const VARIABLE = /\$context\.([A-Za-z0-9_.]+)/g;

export function formatAccessLog(format: string, context: LogContext): string {
  return format.replace(VARIABLE, (_m, name: string) => {
    const value = context[name];
    return value === undefined || value === '' ? '-' : String(value);
  });
}

/** `arn:aws:logs:{region}:{account}:log-group:{name}[:*]` → name. */
export function logGroupOf(destinationArn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:logs:[^:]*:\d*:log-group:([^:]+)(:\*)?$/.exec(destinationArn);
  return m?.[1];
}

export function writeAccessLog(
  sink: LogSink,
  settings: AccessLogSettings | undefined,
  apiId: string,
  stage: string,
  context: LogContext,
): void {
  if (!settings?.destinationArn || !settings.format) return;
  const group = logGroupOf(settings.destinationArn);
  if (!group) return;
  sink.write(group, `${apiId}_${stage}`, [
    { timestamp: Date.now(), message: formatAccessLog(settings.format, context) },
  ]);
}
