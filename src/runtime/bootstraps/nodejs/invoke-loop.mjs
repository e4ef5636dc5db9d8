// The invoke loop: /next, run the handler, post its result or error, repeat. Async handlers
// settle through their promise; callback handlers through callback(err, result) or
// context.done/succeed/fail, and with context.callbackWaitsForEmptyEventLoop (the default) the
// result is posted only once the event loop is empty, as on Lambda. A handler that never answers
// ends the invocation with a null result when the loop drains (AWS's runtime does the same).
import process from 'node:process';
import { setImmediate } from 'node:timers';
import { logError, setCurrentRequestId } from './log-patch.mjs';
import { toRapidResponse } from './errors.mjs';
import { isStreamingHandler, runStreamingInvocation } from './streaming.mjs';

let beforeExit;
process.on('beforeExit', () => {
  const fn = beforeExit;
  beforeExit = undefined;
  fn?.();
});

export class InvokeLoop {
  constructor(client, handler, errorCallbacks) {
    this.client = client;
    this.handler = handler;
    this.errorCallbacks = errorCallbacks;
  }

  schedule() {
    setImmediate(() => this.nextNow());
  }

  /** Asks for the next event in this tick, so the request joins an answer written in it. */
  nextNow() {
    this.once().catch((err) => {
      console.log(`Unexpected Top Level Error: ${err.toString()}`);
      this.errorCallbacks.uncaughtException(err);
    });
  }

  async once() {
    const { status, body, headers } = await this.client.next();
    if (status !== 200) {
      // The platform refused (the environment is being shut down): nothing sensible is left to do.
      console.error(`Runtime API /next answered ${status}: ${body}`);
      process.exit(1);
    }
    const id = headers['lambda-runtime-aws-request-id'];
    setCurrentRequestId(id);
    const trace = headers['lambda-runtime-trace-id'];
    if (trace) process.env._X_AMZN_TRACE_ID = trace;
    else delete process.env._X_AMZN_TRACE_ID;

    const post = { done: false };
    // The answer and the request for the next event leave together (the client pipelines them).
    const postError = (err) => {
      logError('Invoke Error', err);
      this.client.postError(id, toRapidResponse(err)).catch(this.fatal);
      this.nextNow();
    };
    const complete = (result) => {
      let posted;
      try {
        posted = this.client.postResponse(id, result);
      } catch (err) {
        return postError(err);
      }
      posted.catch(this.fatal);
      this.nextNow();
    };
    let waitForEmptyEventLoop = true;
    const once =
      (fn) =>
      (...args) => {
        if (post.done) return;
        post.done = true;
        beforeExit = undefined;
        fn(...args);
      };
    const done = once((err, result) =>
      err !== undefined && err !== null ? postError(err) : complete(result),
    );
    const callback = once((err, result) => {
      if (err !== undefined && err !== null) return postError(err);
      if (!waitForEmptyEventLoop) return complete(result);
      beforeExit = () => setImmediate(() => complete(result));
    });

    this.errorCallbacks.uncaughtException = (error) =>
      this.client.postError(id, toRapidResponse(error)).finally(() => process.exit(129));
    this.errorCallbacks.unhandledRejection = (error) =>
      this.client.postError(id, toRapidResponse(error)).finally(() => process.exit(128));
    // Neither the callback nor a promise answered and nothing is left to run.
    beforeExit = () => {
      post.done = true;
      complete(null);
    };

    const context = buildContext(headers, {
      get callbackWaitsForEmptyEventLoop() {
        return waitForEmptyEventLoop;
      },
      set callbackWaitsForEmptyEventLoop(value) {
        waitForEmptyEventLoop = value;
      },
      done,
      succeed: (result) => done(null, result),
      fail: (err) => done(err === undefined || err === null ? 'handled' : err, null),
    });

    if (isStreamingHandler(this.handler)) {
      beforeExit = undefined; // a streaming invocation ends with its stream, not with the event loop
      return runStreamingInvocation(this.client, this.handler, body, context, id).then(
        () => this.schedule(),
        this.fatal,
      );
    }
    try {
      const result = this.handler(JSON.parse(body), context, callback);
      if (result && typeof result.then === 'function') {
        result.then(context.succeed, context.fail);
      }
    } catch (err) {
      callback(err);
    }
  }

  fatal = (err) => {
    console.error('Runtime API error', err);
    process.exit(1);
  };
}

function parseJson(text, name) {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`Cannot parse ${name} as json: ${err.toString()}`);
  }
}

/** The context object: environment data, invocation headers, and the callback helpers. */
function buildContext(headers, callbackContext) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  return Object.assign(callbackContext, {
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parseJson(headers['lambda-runtime-client-context'], 'ClientContext'),
    identity: parseJson(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  });
}
