// The protocol layer's entry points: pick the codec a service model's protocol needs.
//
//   const model = loadModel('lambda');
//   const codec = createCodec(model);
//   const resolved = codec.resolveOperation(req)  // undefined -> codec.serializeError(unknownOperationError(model, req), id)
//   const input = await codec.parseInput(resolved, req)  // throws ServiceError (validation, bad body)
//   codec.serializeOutput(resolved.operation, output, id) / codec.serializeError(err, id, resolved.operation)
import type { Codec } from './codec.js';
import type { OperationModel, ServiceModel } from './model-types.js';
import { JsonCodec } from './json.js';
import { QueryCodec } from './query.js';
import { RestJsonCodec } from './rest-json.js';
import { RestXmlCodec, type RestXmlOptions } from './rest-xml.js';

export { loadModel, MODEL_NAMES, type ModelName } from './models.js';
export { internalError, unknownOperationError, unsupportedOperationError, validationCode } from './errors.js';
export type { Codec, ResolvedOperation } from './codec.js';

const codecs = new WeakMap<ServiceModel, Codec>();

/** The codec for a model's protocol (cached per model object). */
export function createCodec(model: ServiceModel, options: RestXmlOptions = {}): Codec {
  const cached = codecs.get(model);
  if (cached) return cached;
  let codec: Codec;
  switch (model.metadata.protocol) {
    case 'json':
      codec = new JsonCodec(model);
      break;
    case 'rest-json':
      codec = new RestJsonCodec(model);
      break;
    case 'rest-xml':
      codec = new RestXmlCodec(model, options);
      break;
    case 'query':
      codec = new QueryCodec(model);
      break;
    case 'ec2':
      throw new Error(`protocol ec2 is not supported (${model.metadata.uid ?? ''})`);
  }
  codecs.set(model, codec);
  return codec;
}

/**
 * True when the operation's input payload is a streaming blob (S3 PutObject, UploadPart): the
 * server should then hand the body over as `HttpRequest.stream` instead of buffering it.
 */
export function isStreamingInput(model: ServiceModel, operation: OperationModel): boolean {
  const input = operation.input ? model.shapes[operation.input.shape] : undefined;
  const payload = input?.payload ? input.members?.[input.payload] : undefined;
  if (!payload) return false;
  const shape = model.shapes[payload.shape];
  return shape?.type === 'blob' && (payload.streaming === true || shape.streaming === true);
}
