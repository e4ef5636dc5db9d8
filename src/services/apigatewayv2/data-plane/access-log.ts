// Access logs per stage: AccessLogSettings.Format with `$context.*` variables substituted, one line per
// request, written to the log group DestinationArn names (like function logs: see runtime/log-sink.ts).
// Variables without a value print "-", as AWS prints them.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
import type { LogSink } from '../../../runtime/log-sink.js';
import type { StageRecord } from '../records.js';

export type LogContext = Record<string, string | number | undefined>;

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

export function writeAccessLog(sink: LogSink, apiId: string, stage: StageRecord, context: LogContext): void {
  const settings = stage.AccessLogSettings;
  if (!settings?.DestinationArn || !settings.Format) return;
  const group = logGroupOf(settings.DestinationArn);
  if (!group) return;
  sink.write(group, `${apiId}_${stage.StageName}`, [
    { timestamp: Date.now(), message: formatAccessLog(settings.Format, context) },
  ]);
}
