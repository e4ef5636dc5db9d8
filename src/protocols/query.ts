// The `query` protocol (IAM, STS): `Action` and `Version` plus flattened parameters in a
// form-encoded body or the query string (`Tags.member.1.Key`, `Attributes.entry.1.key`);
// responses `<OpResponse xmlns><OpResult>...</OpResult><ResponseMetadata><RequestId/>
// </ResponseMetadata></OpResponse>`, errors `<ErrorResponse><Error><Type>Sender</Type><Code/>
// <Message/></Error><RequestId/></ErrorResponse>`.
// https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
import type { HttpRequest, HttpResponse } from '../server/http-types.js';
import type { ServiceError } from '../server/service-error.js';
import type { Codec, ResolvedOperation } from './codec.js';
import type { OperationModel, ServiceModel, Shape, ShapeRef } from './model-types.js';
import { errorStatus, queryParams, validationError } from './errors.js';
import { shapeOf } from './shapes.js';
import { parseTimestamp } from './timestamps.js';
import { validateInput } from './validate.js';
import { escapeXml } from './xml.js';
import { writeXmlMembers } from './xml-values.js';
import { setEntry } from './map-entry.js';

type Params = Map<string, string>;

export class QueryCodec implements Codec {
  constructor(readonly model: ServiceModel) {}

  private params(req: HttpRequest): Params {
    return queryParams(req);
  }

  resolveOperation(req: HttpRequest): ResolvedOperation | undefined {
    const action = this.params(req).get('Action');
    const operation = action ? this.model.operations[action] : undefined;
    return operation && { operation, pathParams: {} };
  }

  async parseInput(resolved: ResolvedOperation, req: HttpRequest): Promise<Record<string, unknown>> {
    const ref = resolved.operation.input;
    if (!ref) return {};
    const input = readStructure(this.model, shapeOf(this.model, ref), this.params(req), '');
    const invalid = validationError(this.model, validateInput(this.model, ref, input));
    if (invalid) throw invalid;
    return input;
  }

  serializeOutput(
    operation: OperationModel,
    output: Record<string, unknown>,
    requestId: string,
  ): HttpResponse {
    const name = operation.name;
    let result = '';
    if (operation.output) {
      const shape = shapeOf(this.model, operation.output);
      const wrapper = operation.output.resultWrapper ?? `${name}Result`;
      result = `<${wrapper}>${writeXmlMembers(this.model, shape, output)}</${wrapper}>`;
    }
    const body =
      `<${name}Response xmlns="${this.model.metadata.xmlNamespace ?? ''}">${result}` +
      `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${name}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  }

  serializeError(error: ServiceError, requestId: string): HttpResponse {
    const status = errorStatus(this.model, error);
    let fields = '';
    for (const [k, v] of Object.entries(error.fields)) {
      if (v !== undefined && v !== null) fields += `<${k}>${escapeXml(String(v))}</${k}>`;
    }
    const body =
      `<ErrorResponse xmlns="${this.model.metadata.xmlNamespace ?? ''}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
      `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${fields}</Error>` +
      `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
    return {
      status,
      headers: { ...error.headers, 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body,
    };
  }
}

function readStructure(
  model: ServiceModel,
  shape: Shape,
  params: Params,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = readValue(model, ref, params, `${prefix}${ref.locationName ?? name}`);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function hasPrefix(params: Params, key: string): boolean {
  if (params.has(key)) return true;
  for (const k of params.keys()) if (k.startsWith(`${key}.`)) return true;
  return false;
}

function readValue(model: ServiceModel, ref: ShapeRef, params: Params, key: string): unknown {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'structure':
      return hasPrefix(params, key) ? readStructure(model, shape, params, `${key}.`) : undefined;
    case 'list': {
      // `Key=` (empty) is how clients send an empty list.
      if (params.get(key) === '') return [];
      const base =
        ref.flattened || shape.flattened ? key : `${key}.${shape.member!.locationName ?? 'member'}`;
      const items: unknown[] = [];
      for (let i = 1; hasPrefix(params, `${base}.${i}`); i++)
        items.push(readValue(model, shape.member!, params, `${base}.${i}`));
      return items.length || hasPrefix(params, key) ? items : undefined;
    }
    case 'map': {
      const base = ref.flattened || shape.flattened ? key : `${key}.entry`;
      const keyName = shape.key!.locationName ?? 'key';
      const valueName = shape.value!.locationName ?? 'value';
      const map: Record<string, unknown> = {};
      for (let i = 1; hasPrefix(params, `${base}.${i}`); i++) {
        const k = params.get(`${base}.${i}.${keyName}`);
        if (k !== undefined)
          setEntry(map, k, readValue(model, shape.value!, params, `${base}.${i}.${valueName}`));
      }
      return Object.keys(map).length ? map : undefined;
    }
    default: {
      const text = params.get(key);
      return text === undefined ? undefined : fromText(shape, text);
    }
  }
}

function fromText(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'float':
    case 'double': {
      const n = Number(text);
      return text.trim() === '' || Number.isNaN(n) ? text : n;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'timestamp':
      return parseTimestamp(text) ?? text;
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      return text;
  }
}
