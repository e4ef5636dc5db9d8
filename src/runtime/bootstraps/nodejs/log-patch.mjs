// console.* as on Lambda: every call is one line
//   2024-01-01T00:00:00.000Z\t<requestId>\tINFO\t<message>
// with newlines inside the message turned into \r so a multi-line message stays one log event.
// AWS_LAMBDA_LOG_LEVEL filters levels, as in AWS's runtime interface client (LogPatch.js).
import util from 'node:util';
import { intoError, toFormatted } from './errors.mjs';

const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId');

const LEVELS = {
  TRACE: 1,
  DEBUG: 2,
  INFO: 3,
  WARN: 4,
  ERROR: 5,
  FATAL: 6,
};

export function setCurrentRequestId(id) {
  globalThis[REQUEST_ID] = id;
}

function write(level, message, params) {
  const line = `${new Date().toISOString()}\t${globalThis[REQUEST_ID]}\t${level}\t${util.format(message, ...params)}`;
  process.stdout.write(line.replace(/\n/g, '\r') + '\n');
}

export function patchConsole() {
  const threshold = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
  const make = (level) =>
    LEVELS[level] >= threshold ? (msg, ...params) => write(level, msg, params) : () => {};
  console.trace = make('TRACE');
  console.debug = make('DEBUG');
  console.info = make('INFO');
  console.log = console.info;
  console.warn = make('WARN');
  console.error = make('ERROR');
  console.fatal = make('FATAL');
}

/** `Invoke Error \t{"errorType":…}` and friends. */
export function logError(label, err) {
  console.error(label, toFormatted(intoError(err)));
}
