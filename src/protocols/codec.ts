// The contract every protocol codec fulfils (json, rest-json, rest-xml, query).
// A codec is built once per service model; it never knows which handler runs.
import type { HttpRequest, HttpResponse } from '../server/http-types.js';
import type { ServiceError } from '../server/service-error.js';
import type { OperationModel, ServiceModel } from './model-types.js';

export interface ResolvedOperation {
  operation: OperationModel;
  /** Decoded values of the URI template labels (rest protocols), e.g. { FunctionName: 'f' }. */
  pathParams: Record<string, string>;
}

export interface Codec {
  readonly model: ServiceModel;
  /**
   * Finds the operation a request names: X-Amz-Target (json), Action (query),
   * method + URI template (rest-*). Undefined when nothing matches.
   */
  resolveOperation(req: HttpRequest): ResolvedOperation | undefined;
  /**
   * Parses the request into the operation's input object and validates it against the
   * model (required, types, ranges, lengths, enums, patterns). Throws ServiceError in the
   * protocol's AWS form (e.g. ValidationException / InvalidParameterValueException /
   * SerializationException) on bad input.
   */
  parseInput(resolved: ResolvedOperation, req: HttpRequest): Promise<Record<string, unknown>>;
  /** Serializes a handler's output object as the operation's response. */
  serializeOutput(
    operation: OperationModel,
    output: Record<string, unknown>,
    requestId: string,
  ): HttpResponse;
  /** Serializes an error in the protocol's error shape with the request id. */
  serializeError(error: ServiceError, requestId: string, operation?: OperationModel): HttpResponse;
}
