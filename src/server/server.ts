// The one HTTP server. Its lifecycle, drawn once:
//
//   HTTP request → request id → find the service (SigV4 scope, target, path)
//     → read the body (service limit) → verify SigV4 → principal
//     → codec: resolve operation, parse + validate input
//     → handler(ctx, input) → codec: serialize output
//   any ServiceError → codec.serializeError; anything else → 500 InternalFailure, logged
import { randomUUID } from 'node:crypto';
import { verifiedBody, type VerifiedRequest } from '../auth/index.js';
import {
  internalError,
  isStreamingInput,
  unknownOperationError,
  unsupportedOperationError,
  type Codec,
} from '../protocols/index.js';
import type { Principal, RequestContext, ServiceDefinition } from '../services/service.js';
import type { Readable } from 'node:stream';
import { BodyIdleTimeout, guardBodyIdle } from './body-idle.js';
import type { Hashing } from './hashing/hasher.js';
import { discardUnread, drainHttp2Body, sendResponse, toHttpRequest } from './http-adapter.js';
import { BodyAbortedError, BodyTooLargeError, readBody } from './read-body.js';
import type { HttpRequest, HttpResponse } from './http-types.js';
import { listen, type Listener, type RequestListener } from './listener.js';
import { ServiceError, isServiceError } from './service-error.js';

export interface ServedService {
  definition: ServiceDefinition;
  codec: Codec;
  /** Largest body read into memory for this service. */
  maxBodyBytes: number;
  /** The error for a body that stopped arriving (S3's RequestTimeout); else the connection gets a bare 408. */
  bodyIdleError?(): ServiceError;
  /** Adjusts every response of this service, errors included (S3 adds its CORS headers). */
  decorateResponse?(req: HttpRequest, response: HttpResponse): Promise<void>;
}

export interface Authenticator {
  /** Verifies the request's signature; returns the caller or throws the service's ServiceError. */
  authenticate(
    req: HttpRequest,
    service: ServedService,
  ): Promise<{ principal: Principal; verified: VerifiedRequest }>;
  /** The service a request is for, from its credential scope; undefined when unsigned. */
  signedService(req: HttpRequest): string | undefined;
}

/**
 * Whether a streaming body's signed payload hash is known before the body is read. S3 requests always
 * declare it (x-amz-content-sha256, or UNSIGNED-PAYLOAD when presigned); elsewhere a request without that
 * header signs the SHA-256 of the whole body, which must then be read first — botocore signs the
 * deprecated Lambda InvokeAsync (a streaming blob) that way.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
function payloadHashKnownUpFront(service: ServedService, req: HttpRequest): boolean {
  return (
    service.definition.model.metadata.protocol === 'rest-xml' ||
    req.headers['x-amz-content-sha256'] !== undefined
  );
}

export interface ServerOptions {
  host: string;
  port: number;
  region: string;
  services: ServedService[];
  authenticator: Authenticator;
  /** Raw handlers tried before AWS routing (Runtime-independent data planes, health). */
  rawRoutes?: Array<(req: HttpRequest) => Promise<HttpResponse | undefined>>;
  log?: (line: string) => void;
  /** Where streamed bodies' payload hashes are computed (a HashWorker); inline when absent. */
  hashing?: Hashing;
  /** A request body idle this long fails its reader (BodyIdleTimeout); 0 = never. */
  bodyIdleTimeoutMs?: number;
}

const ignoreError = (): void => {};

/**
 * The answer to a body that stopped arriving, where the service has no error of its own for it: what
 * a front end (Node's own request timeout, an AWS load balancer's idle timeout) sends — 408 with no
 * body, and the connection closed, since the rest of the body may still come.
 */
function bodyIdleResponse(): HttpResponse {
  return { status: 408, headers: { connection: 'close' }, body: '' };
}

/** The answer to a request whose client went away mid-body: no one reads it; the connection is done. */
function bodyAbortedResponse(): HttpResponse {
  return { status: 400, headers: { connection: 'close' }, body: '' };
}

export async function startHttpServer(options: ServerOptions): Promise<Listener> {
  // Several services may share a signing name (API Gateway's REST APIs and HTTP APIs both sign as
  // `apigateway`): then the first whose codec resolves the operation serves the request.
  const bySigningName = new Map<string, ServedService[]>();
  for (const s of options.services) {
    bySigningName.set(s.definition.signingName, [...(bySigningName.get(s.definition.signingName) ?? []), s]);
  }
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));

  const findService = (req: HttpRequest): ServedService | undefined => {
    const signed = options.authenticator.signedService(req);
    if (signed) {
      const candidates = bySigningName.get(signed) ?? [];
      if (candidates.length <= 1) return candidates[0];
      return candidates.find((s) => s.codec.resolveOperation(req)) ?? candidates[0];
    }
    const target = req.headers['x-amz-target'];
    for (const s of options.services) {
      const prefix = s.definition.model.metadata.targetPrefix;
      if (target && prefix && target.startsWith(prefix + '.')) return s;
    }
    return options.services.find((s) => s.codec.resolveOperation(req));
  };

  const handle = async (req: HttpRequest, requestId: string): Promise<HttpResponse> => {
    try {
      for (const route of options.rawRoutes ?? []) {
        const response = await route(req);
        if (response) return response;
      }
    } catch (e) {
      if (e instanceof BodyIdleTimeout) return bodyIdleResponse();
      if (e instanceof BodyAbortedError) return bodyAbortedResponse();
      throw e;
    }
    const service = findService(req);
    if (!service) {
      return {
        status: 404,
        headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ message: 'No service handles this request' }),
      };
    }
    const finish = async (response: HttpResponse): Promise<HttpResponse> => {
      await service.decorateResponse?.(req, response);
      return response;
    };
    let operation;
    const source = req.stream!;
    let verifiedStream: Readable | undefined;
    let stopIdleWatch = (): void => undefined;
    try {
      // The operation is known from the method, path, query and headers alone, so a streaming
      // upload (S3 PutObject) is never buffered: its verified body flows to the handler.
      const resolved = service.codec.resolveOperation(req);
      const streaming =
        resolved !== undefined &&
        isStreamingInput(service.definition.model, resolved.operation) &&
        payloadHashKnownUpFront(service, req);
      if (!streaming) {
        req.body = await readBody(req.stream!, service.maxBodyBytes, req.bodyIdleMs);
        req.stream = undefined;
      }
      const { principal, verified } = await options.authenticator.authenticate(req, service);
      if (streaming) {
        // A request may be answered before its body is read (a header rejected, an unsupported operation):
        // the body's verdict (a payload hash mismatch) then has no reader, and an 'error' event no one
        // listens to would end the process. Readers still get it (pipeline, for await).
        verifiedStream = verifiedBody(req, verified, {}, options.hashing);
        verifiedStream.on('error', ignoreError);
        const guarded = guardBodyIdle(
          source as unknown as Parameters<typeof guardBodyIdle>[0],
          verifiedStream,
          req.bodyIdleMs ?? 0,
        );
        guarded.body.on('error', ignoreError);
        req.stream = guarded.body;
        stopIdleWatch = guarded.stop;
      } else if (verified.payload === 'aws-chunked')
        req.body = await readBody(verifiedBody(req, verified), service.maxBodyBytes);
      if (!resolved) throw unknownOperationError(service.definition.model, req);
      operation = resolved.operation;
      const handler = service.definition.handlers[operation.name];
      if (!handler) throw unsupportedOperationError(service.definition.model, operation.name);
      const input = await service.codec.parseInput(resolved, req);
      const ctx: RequestContext = {
        requestId,
        accountId: principal.accountId,
        region: options.region,
        principal,
        sourceIp: req.sourceIp,
        userAgent: req.headers['user-agent'] ?? '',
        headers: req.headers,
      };
      const output = await handler(ctx, input);
      return await finish(service.codec.serializeOutput(operation, output, requestId));
    } catch (e) {
      let error: ServiceError;
      if (isServiceError(e)) error = e;
      else if (e instanceof BodyTooLargeError) {
        error = new ServiceError('RequestEntityTooLargeException', 'Request entity too large', 413);
      } else if (e instanceof BodyAbortedError) {
        return bodyAbortedResponse();
      } else if (e instanceof BodyIdleTimeout) {
        if (!service.bodyIdleError) return bodyIdleResponse();
        error = service.bodyIdleError();
      } else {
        log(`[${requestId}] internal error: ${(e as Error)?.stack ?? String(e)}`);
        error = internalError(service.definition.model);
      }
      return finish(service.codec.serializeError(error, requestId, operation));
    } finally {
      stopIdleWatch();
      discardUnread(source, verifiedStream);
    }
  };

  const onRequest: RequestListener = (nodeReq, nodeRes) => {
    const requestId = randomUUID();
    const req = toHttpRequest(nodeReq);
    req.bodyIdleMs = options.bodyIdleTimeoutMs ?? 0;
    handle(req, requestId)
      .catch((e: unknown): HttpResponse => {
        log(`[${requestId}] unhandled: ${(e as Error)?.stack ?? String(e)}`);
        return {
          status: 500,
          headers: { 'content-type': 'application/json' },
          body: '{"message":"InternalFailure"}',
        };
      })
      .then(async (response) => {
        response.headers['x-amzn-requestid'] ??= requestId;
        // An answer that closes the connection (a body that stopped arriving) does not wait for it.
        const drained =
          response.headers.connection !== 'close' ? drainHttp2Body(nodeReq, req.bodyIdleMs ?? 0) : undefined;
        if (drained) await drained;
        return sendResponse(nodeRes, response);
      })
      .catch((e: unknown) => log(`[${requestId}] response failed: ${(e as Error)?.message ?? String(e)}`));
  };

  return listen(options.host, options.port, onRequest);
}
