// Response streaming for Node.js handlers, as AWS's runtime interface client does it
// (aws-lambda-nodejs-runtime-interface-client: HttpResponseStream.js, ResponseStream.js, Runtime.js):
// `awslambda.streamifyResponse(handler)` marks a handler `(event, responseStream, context)`; its
// invocation answers with one chunked POST to /response carrying
// `Lambda-Runtime-Function-Response-Mode: streaming`, and a failure after the stream began travels
// in the `Lambda-Runtime-Function-Error-Type` / `-Body` (base64 JSON) trailers.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html
import http from 'node:http';
import { toRapidResponse } from './errors.mjs';
import { logError } from './log-patch.mjs';

const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const ERROR_TYPE = 'Lambda-Runtime-Function-Error-Type';
const ERROR_BODY = 'Lambda-Runtime-Function-Error-Body';

class HttpResponseStream {
  /** Sends `prelude` ({statusCode, headers, cookies}) then 8 NUL bytes before the first body byte. */
  static from(underlyingStream, prelude) {
    underlyingStream.setContentType(PRELUDE_CONTENT_TYPE);
    const metadata = JSON.stringify(prelude);
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(8));
    };
    return underlyingStream;
  }
}

export const awslambda = {
  streamifyResponse(handler, options) {
    handler[HANDLER_STREAMING] = 'response';
    if (typeof options?.highWaterMark === 'number') {
      handler[HANDLER_HIGHWATERMARK] = parseInt(options.highWaterMark);
    }
    return handler;
  },
  HttpResponseStream,
};

export function isStreamingHandler(handler) {
  return handler?.[HANDLER_STREAMING] === 'response';
}

/** Opens the streamed answer to invocation `id`: the stream the handler writes, and when it is done. */
function openResponseStream(client, id) {
  let started = false;
  const req = http.request({
    ...(client.socketPath
      ? { socketPath: client.socketPath }
      : { hostname: client.hostname, port: client.port }),
    method: 'POST',
    path: `/2018-06-01/runtime/invocation/${encodeURIComponent(id)}/response`,
    agent: client.agent,
    headers: {
      'Lambda-Runtime-Function-Response-Mode': 'streaming',
      'Transfer-Encoding': 'chunked',
      Trailer: `${ERROR_TYPE}, ${ERROR_BODY}`,
      'Content-Type': 'application/octet-stream',
    },
  });
  const done = new Promise((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', resolve);
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  const write = req.write.bind(req);
  const end = req.end.bind(req);
  const first = () => {
    if (started) return;
    started = true;
    if (typeof req._onBeforeFirstWrite === 'function') req._onBeforeFirstWrite((chunk) => write(chunk));
  };
  req.setContentType = (type) => {
    if (started) throw new Error('Cannot set content-type, too late.');
    req.setHeader('Content-Type', type);
  };
  req.write = (chunk, encoding, callback) => {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) chunk = JSON.stringify(chunk);
    first();
    return write(chunk, encoding, callback);
  };
  req.end = (chunk, encoding, callback) => {
    if (typeof chunk === 'function') [chunk, callback] = [undefined, chunk];
    if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
    if (chunk !== undefined && chunk !== null) req.write(chunk, encoding);
    else first();
    return end(callback);
  };
  /** Ends the stream with the error in its trailers (what a failing handler leaves behind). */
  req.fail = (error) => {
    if (req.writableEnded) return;
    const doc = toRapidResponse(error);
    first();
    req.addTrailers({
      [ERROR_TYPE]: doc.errorType,
      [ERROR_BODY]: Buffer.from(JSON.stringify(doc)).toString('base64'),
    });
    end();
  };
  // pipeline() destroys its destination on a source error: report the error instead of breaking off.
  req.destroy = (error) => (error ? req.fail(error) : req.end());
  return { stream: req, done };
}

/** Runs one invocation of a streaming handler and waits until the platform has its answer. */
export async function runStreamingInvocation(client, handler, body, context, id) {
  const { stream, done } = openResponseStream(client, id);
  try {
    const result = handler(JSON.parse(body), stream, context);
    if (!result || typeof result.then !== 'function') {
      throw 'Streaming does not support non-async handlers.';
    }
    if ((await result) !== undefined) console.warn('Streaming handlers ignore return values.');
    if (!stream.writableEnded) stream.end();
  } catch (error) {
    logError('Invoke Error', error);
    stream.fail(error);
  }
  await done.catch(() => undefined);
}
