// Members bound to the HTTP message itself (rest-json and rest-xml): URI labels, query string,
// headers, prefixed header maps and the status code.
// https://smithy.io/2.0/spec/http-bindings.html
import type { HttpRequest } from '../server/http-types.js';
import type { Readable } from 'node:stream';
import type { OperationModel, ServiceModel, Shape, ShapeRef } from './model-types.js';
import { serializationError } from './errors.js';
import { shapeOf, trait } from './shapes.js';
import { formatTimestamp, parseTimestamp, type TimestampFormat } from './timestamps.js';
import { setEntry } from './map-entry.js';

/** Reads every member with a `location` from the request. */
export function readHttpMembers(
  model: ServiceModel,
  shape: Shape,
  pathParams: Record<string, string>,
  req: HttpRequest,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const boundQueryKeys = new Set<string>();
  for (const ref of Object.values(shape.members ?? {})) {
    if (ref.location === 'querystring' && ref.locationName) boundQueryKeys.add(ref.locationName);
  }
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const member = shapeOf(model, ref);
    const key = ref.locationName ?? name;
    let value: unknown;
    switch (ref.location) {
      case 'uri': {
        const raw = pathParams[key];
        if (raw !== undefined) value = fromText(member, ref, raw, 'iso8601');
        break;
      }
      case 'querystring': {
        if (member.type === 'map') {
          // Unbound query parameters collected into a map (API Gateway's TestInvokeMethod style).
          const map: Record<string, unknown> = {};
          const valueShape = member.value ? shapeOf(model, member.value) : undefined;
          for (const [k, v] of req.query) {
            if (boundQueryKeys.has(k)) continue;
            if (valueShape?.type === 'list') {
              if (!Object.hasOwn(map, k)) setEntry(map, k, []);
              (map[k] as string[]).push(v);
            } else if (!Object.hasOwn(map, k)) setEntry(map, k, v);
          }
          if (Object.keys(map).length) value = map;
        } else if (member.type === 'list') {
          const values = req.query.filter(([k]) => k === key).map(([, v]) => v);
          const item = shapeOf(model, member.member!);
          if (values.length) value = values.map((v) => fromText(item, member.member!, v, 'iso8601'));
        } else {
          const found = req.query.find(([k]) => k === key);
          if (found) value = fromText(member, ref, found[1], 'iso8601');
        }
        break;
      }
      case 'header': {
        const raw = req.headers[key.toLowerCase()];
        if (raw === undefined) break;
        if (member.type === 'list') {
          const item = shapeOf(model, member.member!);
          value = raw.split(',').map((v) => fromText(item, member.member!, v.trim(), 'rfc822'));
        } else if (member.type === 'timestamp') {
          // A date that does not parse is no request error. HTTP has a conditional request ignore
          // it (RFC 9110, 13.1.3 and 13.1.4), and S3 keeps an Expires it cannot read as the text
          // sent (its handler reads the raw header), as clients saw AWS do (aws/aws-sdk-ruby#1184,
          // minio/minio-go#1588): the member is left out instead.
          value = parseTimestamp(raw);
        } else {
          value = fromText(member, ref, raw, 'rfc822');
        }
        break;
      }
      case 'headers': {
        const prefix = key.toLowerCase();
        const map: Record<string, string> = {};
        for (const [h, v] of Object.entries(req.headers))
          if (h.startsWith(prefix)) setEntry(map, h.slice(prefix.length), v);
        if (Object.keys(map).length) value = map;
        break;
      }
      default:
        continue;
    }
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Text from a URI, query string or header -> typed value. */
function fromText(shape: Shape, ref: ShapeRef, text: string, defaultFormat: TimestampFormat): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'float':
    case 'double': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n))
        throw serializationError(`Cannot convert '${text}' to a number`);
      return n;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false')
        throw serializationError(`Cannot convert '${text}' to a boolean`);
      return text === 'true';
    case 'timestamp': {
      const d = parseTimestamp(text);
      if (!d) throw serializationError(`Cannot convert '${text}' to a timestamp (${defaultFormat})`);
      return d;
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    default:
      // A jsonvalue header carries base64-encoded JSON (https://smithy.io/2.0/spec/protocol-traits.html#mediatype-trait).
      if (ref.jsonvalue) {
        try {
          return JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
        } catch {
          throw serializationError(`Invalid JSON value in header: ${text}`);
        }
      }
      return text;
  }
}

/** Writes header and status-code members of an output; returns the status they set, if any. */
export function writeHttpMembers(
  model: ServiceModel,
  shape: Shape,
  output: Record<string, unknown>,
  headers: Record<string, string | string[]>,
): number | undefined {
  let status: number | undefined;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const value = output[name];
    if (value === undefined || value === null) continue;
    const member = shapeOf(model, ref);
    const key = ref.locationName ?? name;
    switch (ref.location) {
      case 'statusCode':
        status = Number(value);
        break;
      case 'header':
        if (member.type === 'list') {
          const item = shapeOf(model, member.member!);
          headers[key.toLowerCase()] = (value as unknown[])
            .map((v) => toText(item, member.member!, v))
            .join(', ');
        } else {
          headers[key.toLowerCase()] = toText(member, ref, value);
        }
        break;
      case 'headers':
        for (const [k, v] of Object.entries(value as Record<string, unknown>))
          headers[`${key}${k}`.toLowerCase()] = String(v);
        break;
      default:
        break;
    }
  }
  return status;
}

function toText(shape: Shape, ref: ShapeRef, value: unknown): string {
  switch (shape.type) {
    case 'timestamp': {
      const format = (trait(ref, shape, 'timestampFormat') as TimestampFormat | undefined) ?? 'rfc822';
      return String(formatTimestamp(value as Date, format));
    }
    case 'blob':
      return Buffer.isBuffer(value)
        ? value.toString('base64')
        : Buffer.from(String(value)).toString('base64');
    default:
      if (ref.jsonvalue)
        return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
      return String(value);
  }
}

export type OutputBody = Buffer | string | Readable;

/** How a REST protocol writes an output's body: its payload member, or the members bound to the body. */
export interface RestBodyWriter {
  /** The content type a blob or string payload gets unless a member set one. */
  rawPayloadType?(type: 'blob' | 'string'): string;
  /** A payload member that is a structure (or an event stream). */
  payload(
    ref: ShapeRef,
    name: string,
    value: unknown,
    headers: Record<string, string | string[]>,
  ): OutputBody;
  /** The members bound to the body, when no member is the payload. */
  members(
    shape: Shape,
    output: Record<string, unknown>,
    status: number,
    headers: Record<string, string | string[]>,
  ): OutputBody;
}

/**
 * What every REST protocol does with an output: the status and header members, then the payload
 * member as is (blob, string) or through the protocol, or else the body members through it.
 */
export function writeRestOutput(
  model: ServiceModel,
  operation: OperationModel,
  output: Record<string, unknown>,
  headers: Record<string, string | string[]>,
  writer: RestBodyWriter,
): { status: number; body: OutputBody } {
  let status = operation.http?.responseCode ?? 200;
  if (!operation.output) return { status, body: '' };
  const shape = shapeOf(model, operation.output);
  status = writeHttpMembers(model, shape, output, headers) ?? status;
  const payloadName = shape.payload;
  const payloadRef = payloadName ? shape.members?.[payloadName] : undefined;
  if (!payloadName || !payloadRef) return { status, body: writer.members(shape, output, status, headers) };
  const value = output[payloadName];
  const payloadType = shapeOf(model, payloadRef).type;
  if (payloadType !== 'blob' && payloadType !== 'string') {
    return { status, body: writer.payload(payloadRef, payloadName, value, headers) };
  }
  const type = writer.rawPayloadType?.(payloadType);
  if (type) headers['content-type'] ??= type;
  return { status, body: value === undefined || value === null ? '' : (value as OutputBody) };
}
