// Error types the runtime raises, and the documents it posts to the Runtime API, as AWS's
// Node.js runtime interface client does (aws-lambda-nodejs-runtime-interface-client, Errors.js):
// {errorType: error.name, errorMessage: error.message, trace: error.stack lines}.
import util from 'node:util';

function runtimeError(name) {
  const cls = class extends Error {};
  Object.defineProperty(cls, 'name', { value: name });
  cls.prototype.name = `Runtime.${name}`;
  return cls;
}

export const ImportModuleError = runtimeError('ImportModuleError');
export const HandlerNotFound = runtimeError('HandlerNotFound');
export const MalformedHandlerName = runtimeError('MalformedHandlerName');
export const UserCodeSyntaxError = runtimeError('UserCodeSyntaxError');

export class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
UnhandledPromiseRejection.prototype.name = 'Runtime.UnhandledPromiseRejection';

function isErrorLike(obj) {
  return (
    obj &&
    typeof obj.name === 'string' &&
    typeof obj.message === 'string' &&
    typeof obj.stack === 'string' &&
    obj.name &&
    obj.message
  );
}

export function intoError(err) {
  return err instanceof Error ? err : new Error(err);
}

/** The body posted to /invocation/{id}/error and /init/error. */
export function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || isErrorLike(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: error.stack.split('\n') };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function withEnumerableProperties(error) {
  if (!(error instanceof Error)) return error;
  const ret = Object.assign({ errorType: error.name, errorMessage: error.message, code: error.code }, error);
  if (typeof error.stack === 'string') ret.stack = error.stack.split('\n');
  return ret;
}

/** How an error is printed in the log: a tab, then JSON with its own enumerable properties. */
export function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_k, v) => withEnumerableProperties(v));
  } catch {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}
