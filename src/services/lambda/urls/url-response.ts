// Runs the function behind a function URL and turns its answer into the HTTP response:
//  - BUFFERED: the whole answer is mapped as an HTTP API payload 2.0 response (mapResponseV2);
//  - RESPONSE_STREAM: the body reaches the client as the function writes it; with
//    HttpResponseStream.from the prelude gives status, headers and cookies, otherwise the status is 200
//    with the stream's content type (https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html).
// A function error, a timeout or an unusable answer is 502 "Internal Server Error" (a stream that
// fails midway simply ends: its status line has already gone out).
import type { Readable } from 'node:stream';
import type { Runtime } from '../../../runtime/runtime.js';
import type { InvocationResult } from '../../../runtime/types.js';
import { mapResponseV2, type HttpResponse } from '../../http-events/index.js';
import type { ConcurrencyLimiter } from '../invoke/concurrency.js';
import type { InvokeTarget } from '../invoke-target.js';
import {
  PRELUDE_CONTENT_TYPE,
  splitPreludeBuffer,
  splitPreludeStream,
  type HttpPrelude,
} from '../streaming/prelude.js';

interface RunDeps {
  runtime: Runtime;
  limiter: ConcurrencyLimiter;
}

interface UrlInvocation {
  requestId: string;
  payload: Buffer;
  log: (line: string) => void;
}

const badGateway = (): HttpResponse => ({
  status: 502,
  headers: { 'content-type': 'application/json' },
  body: 'Internal Server Error',
});

const throttled = (): HttpResponse => ({
  status: 429,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' },
  body: JSON.stringify({ Message: 'Rate Exceeded.' }),
});

function fromPrelude(prelude: HttpPrelude | undefined, body: Buffer | Readable): HttpResponse {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(prelude?.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (prelude?.cookies?.length) headers['set-cookie'] = prelude.cookies;
  return { status: prelude?.statusCode ?? 200, headers, body };
}

function mapBuffered(result: InvocationResult, inv: UrlInvocation): HttpResponse {
  if (result.functionError) {
    inv.log(`[${inv.requestId}] function URL: the function failed: ${result.payload.toString('utf8')}`);
    return badGateway();
  }
  if (result.streamContentType === PRELUDE_CONTENT_TYPE) {
    const split = splitPreludeBuffer(result.payload);
    if (split) return fromPrelude(split.prelude, split.body);
  } else if (result.streamContentType !== undefined) {
    return { status: 200, headers: { 'content-type': result.streamContentType }, body: result.payload };
  }
  const mapped = mapResponseV2(result.payload);
  if (mapped.ok) return mapped.response;
  inv.log(`[${inv.requestId}] function URL: ${mapped.reason}`);
  return badGateway();
}

export async function bufferedAnswer(
  deps: RunDeps,
  target: InvokeTarget,
  inv: UrlInvocation,
): Promise<HttpResponse> {
  const slot = deps.limiter.acquire(target);
  if (typeof slot === 'string') return throttled();
  try {
    const result = await deps.runtime.invoke(target.spec, {
      requestId: inv.requestId,
      payload: inv.payload,
      invokedFunctionArn: target.invokedArn,
    });
    return mapBuffered(result, inv);
  } finally {
    slot.release();
  }
}

export async function streamedAnswer(
  deps: RunDeps,
  target: InvokeTarget,
  inv: UrlInvocation,
): Promise<HttpResponse> {
  const slot = deps.limiter.acquire(target);
  if (typeof slot === 'string') return throttled();
  let onStream!: (s: { contentType: string; body: Readable }) => void;
  const streamed = new Promise<{ contentType: string; body: Readable }>((resolve) => (onStream = resolve));
  const done = deps.runtime.invoke(target.spec, {
    requestId: inv.requestId,
    payload: inv.payload,
    invokedFunctionArn: target.invokedArn,
    onResponseStream: onStream,
  });
  done.finally(() => slot.release()).catch(() => undefined);
  const first = await Promise.race([
    done.then((result) => ({ result })),
    streamed.then((stream) => ({ stream })),
  ]);
  // A handler that does not stream (or failed before it began) answers like a buffered one.
  if ('result' in first) return mapBuffered(first.result, inv);
  void done.then(
    (result) => {
      if (result.functionError) inv.log(`[${inv.requestId}] function URL: the stream ended with an error`);
    },
    () => undefined,
  );
  const { contentType, body } = first.stream;
  if (contentType === PRELUDE_CONTENT_TYPE) {
    const split = await splitPreludeStream(body);
    return fromPrelude(split.prelude, split.body);
  }
  return { status: 200, headers: { 'content-type': contentType }, body };
}
