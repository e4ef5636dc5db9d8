// The `rest-json` protocol (Lambda, API Gateway v1/v2): operation by method + URI template,
// members bound to the URI, query string, headers and status code, the rest as a JSON body, or
// a `payload` member as the whole body (Lambda Invoke's Payload is the raw request and response
// body). Errors carry `x-amzn-ErrorType: <Code>` and a JSON body with the error's members.
// https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
import type { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../server/http-types.js';
import type { ServiceError } from '../server/service-error.js';
import type { Codec, ResolvedOperation } from './codec.js';
import type { OperationModel, ServiceModel } from './model-types.js';
import { errorMembers, errorStatus, serializationError, validationError } from './errors.js';
import { readHttpMembers, writeRestOutput, type RestBodyWriter } from './http-bindings.js';
import { readJson, readStructure, writeJson, writeStructure } from './json-values.js';
import { RestRouter } from './rest-router.js';
import { shapeOf } from './shapes.js';
import { validateInput } from './validate.js';

export class RestJsonCodec implements Codec {
  private readonly router: RestRouter;

  constructor(readonly model: ServiceModel) {
    this.router = new RestRouter(model);
  }

  resolveOperation(req: HttpRequest): ResolvedOperation | undefined {
    return this.router.resolve(req);
  }

  async parseInput(resolved: ResolvedOperation, req: HttpRequest): Promise<Record<string, unknown>> {
    const ref = resolved.operation.input;
    if (!ref) return {};
    const shape = shapeOf(this.model, ref);
    const input = readHttpMembers(this.model, shape, resolved.pathParams, req);
    const payloadName = shape.payload;
    const payloadRef = payloadName ? shape.members?.[payloadName] : undefined;
    if (payloadName && payloadRef) {
      const payloadShape = shapeOf(this.model, payloadRef);
      if (payloadShape.type === 'blob') {
        if (req.stream && (payloadRef.streaming || payloadShape.streaming)) input[payloadName] = req.stream;
        else if (req.body.length > 0) input[payloadName] = req.body;
      } else if (payloadShape.type === 'string') {
        if (req.body.length > 0) input[payloadName] = req.body.toString('utf8');
      } else if (req.body.length > 0) {
        const value = readJson(this.model, payloadRef, parseJsonBody(req.body));
        if (value !== undefined) input[payloadName] = value;
      }
    } else if (req.body.length > 0) {
      const body = parseJsonBody(req.body);
      if (body !== null) {
        if (typeof body !== 'object' || Array.isArray(body)) {
          throw serializationError(
            Array.isArray(body) ? 'Start of list found where not expected' : 'Expected null',
          );
        }
        Object.assign(input, readStructure(this.model, shape, body as Record<string, unknown>));
      }
    }
    const invalid = validationError(this.model, validateInput(this.model, ref, input));
    if (invalid) throw invalid;
    return input;
  }

  serializeOutput(
    operation: OperationModel,
    output: Record<string, unknown>,
    requestId: string,
  ): HttpResponse {
    const headers: Record<string, string | string[]> = { 'x-amzn-requestid': requestId };
    const { status, body } = writeRestOutput(this.model, operation, output, headers, this.bodyWriter);
    return { status, headers, body };
  }

  private readonly bodyWriter: RestBodyWriter = {
    // Lambda answers Invoke with application/json whatever the function returned.
    rawPayloadType: (type) => (type === 'blob' ? 'application/json' : 'text/plain'),
    payload: (ref, _name, value, headers) => {
      if (shapeOf(this.model, ref).eventstream && isStream(value)) {
        // An event stream (InvokeWithResponseStream): the service hands over the encoded messages.
        headers['content-type'] ??= 'application/vnd.amazon.eventstream';
        return value;
      }
      const json = writeJson(this.model, ref, value);
      headers['content-type'] ??= 'application/json';
      return json === undefined ? '' : JSON.stringify(json);
    },
    members: (shape, output, status, headers) => {
      const hasBodyMembers = Object.values(shape.members ?? {}).some((r) => !r.location);
      if (!hasBodyMembers || status === 204) return '';
      headers['content-type'] = 'application/json';
      return JSON.stringify(writeStructure(this.model, shape, output));
    },
  };

  serializeError(error: ServiceError, requestId: string): HttpResponse {
    return {
      status: errorStatus(this.model, error),
      headers: {
        ...error.headers,
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': error.code,
      },
      body: JSON.stringify(errorMembers(this.model, error)),
    };
  }
}

function isStream(value: unknown): value is Readable {
  return typeof (value as Readable | undefined)?.pipe === 'function';
}

function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw serializationError('');
  }
}
