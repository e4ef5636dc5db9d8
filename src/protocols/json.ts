// The `json` protocol (1.0 and 1.1: DynamoDB, Kinesis, CloudWatch Logs, DynamoDB Streams).
// The operation is named by `X-Amz-Target: <targetPrefix>.<Operation>`, the body is the input
// as JSON, and errors are `{"__type": "...", "message": "..."}`. 1.0 and 1.1 differ only in the
// content type. https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html
import type { HttpRequest, HttpResponse } from '../server/http-types.js';
import type { ServiceError } from '../server/service-error.js';
import type { Codec, ResolvedOperation } from './codec.js';
import type { OperationModel, ServiceModel } from './model-types.js';
import { errorMembers, errorStatus, serializationError, validationError } from './errors.js';
import { readStructure, writeStructure } from './json-values.js';
import { shapeOf } from './shapes.js';
import { validateInput } from './validate.js';

/**
 * DynamoDB qualifies `__type` with the namespace of the model or of the Coral framework
 * (e.g. "com.amazon.coral.validate#ValidationException"), as dynalite records; SDKs keep what
 * follows '#'. The other json services send the bare code.
 */
const TYPE_PREFIXES: Record<string, { modelled: string; framework: Record<string, string> }> = {
  dynamodb: {
    modelled: 'com.amazonaws.dynamodb.v20120810#',
    framework: {
      ValidationException: 'com.amazon.coral.validate#',
      SerializationException: 'com.amazon.coral.service#',
      UnknownOperationException: 'com.amazon.coral.service#',
      AccessDeniedException: 'com.amazon.coral.service#',
      UnrecognizedClientException: 'com.amazon.coral.service#',
      MissingAuthenticationTokenException: 'com.amazon.coral.service#',
      InvalidSignatureException: 'com.amazon.coral.service#',
      IncompleteSignatureException: 'com.amazon.coral.service#',
      InternalFailure: 'com.amazon.coral.service#',
    },
  },
};

export class JsonCodec implements Codec {
  readonly contentType: string;

  constructor(readonly model: ServiceModel) {
    this.contentType = `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
  }

  resolveOperation(req: HttpRequest): ResolvedOperation | undefined {
    const target = req.headers['x-amz-target'];
    if (!target) return undefined;
    const dot = target.lastIndexOf('.');
    if (dot < 0 || target.slice(0, dot) !== this.model.metadata.targetPrefix) return undefined;
    const operation = this.model.operations[target.slice(dot + 1)];
    return operation && { operation, pathParams: {} };
  }

  async parseInput(resolved: ResolvedOperation, req: HttpRequest): Promise<Record<string, unknown>> {
    const ref = resolved.operation.input;
    let body: unknown = {};
    if (req.body.length > 0) {
      try {
        body = JSON.parse(req.body.toString('utf8'));
      } catch {
        throw serializationError('');
      }
    }
    if (body === null) body = {};
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw serializationError(
        Array.isArray(body) ? 'Start of list found where not expected' : 'Expected null',
      );
    }
    if (!ref) return {};
    const input = readStructure(this.model, shapeOf(this.model, ref), body as Record<string, unknown>);
    const invalid = validationError(this.model, validateInput(this.model, ref, input));
    if (invalid) throw invalid;
    return input;
  }

  serializeOutput(
    operation: OperationModel,
    output: Record<string, unknown>,
    requestId: string,
  ): HttpResponse {
    const body = operation.output
      ? writeStructure(this.model, shapeOf(this.model, operation.output), output)
      : {};
    return {
      status: 200,
      headers: { 'content-type': this.contentType, 'x-amzn-requestid': requestId },
      body: JSON.stringify(body),
    };
  }

  serializeError(error: ServiceError, requestId: string): HttpResponse {
    const prefixes = TYPE_PREFIXES[this.model.metadata.endpointPrefix];
    const prefix = prefixes ? (prefixes.framework[error.code] ?? prefixes.modelled) : '';
    return {
      status: errorStatus(this.model, error),
      headers: { ...error.headers, 'content-type': this.contentType, 'x-amzn-requestid': requestId },
      body: JSON.stringify({ __type: prefix + error.code, ...errorMembers(this.model, error) }),
    };
  }
}
