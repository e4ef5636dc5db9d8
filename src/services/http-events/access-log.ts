// API Gateway access logs, for HTTP API and REST API stages alike: the stage's format with
// `$context.*` variables substituted, one line per request, written to the log group the
// destination ARN names (like function logs: see runtime/log-sink.ts), stream `{apiId}_{stage}`.
// Variables without a value print "-", as AWS prints them.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
// https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
import type { LogSink } from '../../runtime/log-sink.js';
import type { HttpResponse } from './types.js';

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

/**
 * Completes the context with the response (status, length, latency since startedMs) and writes the
 * stage's access log line; nothing when the stage does not log.
 */
export function writeAccessLog(
  sink: LogSink | undefined,
  settings: AccessLogSettings | undefined,
  apiId: string,
  stage: string,
  context: LogContext,
  response: HttpResponse,
  startedMs: number,
): void {
  if (!sink || !settings?.destinationArn || !settings.format) return;
  const group = logGroupOf(settings.destinationArn);
  if (!group) return;
  context.status = response.status;
  context.responseLength =
    Buffer.isBuffer(response.body) || typeof response.body === 'string'
      ? Buffer.byteLength(response.body)
      : undefined;
  context.responseLatency = Date.now() - startedMs;
  sink.write(group, `${apiId}_${stage}`, [
    { timestamp: Date.now(), message: formatAccessLog(settings.format, context) },
  ]);
}
