// Converts JSON bodies to typed values and back, per the model (json and rest-json protocols).
// Wrong JSON types are SerializationExceptions worded as AWS's Jackson-based front end words them
// (recorded by kinesalite/dynalite: "class java.lang.String can not be converted to an Integer",
// "Start of structure or map found where not expected.", "Expected list or null").
import type { ServiceModel, Shape, ShapeRef } from './model-types.js';
import { serializationError } from './errors.js';
import { shapeOf, trait } from './shapes.js';
import { formatTimestamp, parseTimestamp, type TimestampFormat } from './timestamps.js';
import { setEntry } from './map-entry.js';

const JAVA_NAMES: Record<string, string> = {
  integer: 'Integer',
  long: 'Long',
  short: 'Short',
  byte: 'Byte',
  float: 'Float',
  double: 'Double',
  bigdecimal: 'BigDecimal',
  biginteger: 'BigInteger',
  string: 'String',
  boolean: 'Boolean',
};

function javaClass(v: unknown): string {
  if (typeof v === 'boolean') return 'class java.lang.Boolean';
  if (typeof v === 'number') return 'class java.math.BigDecimal';
  return 'class java.lang.String';
}

function wrongContainer(v: unknown): string | undefined {
  if (Array.isArray(v)) return 'Start of list found where not expected';
  if (typeof v === 'object' && v !== null) return 'Start of structure or map found where not expected.';
  return undefined;
}

/** JSON value -> typed input value (Date for timestamps, Buffer for blobs). */
export function readJson(model: ServiceModel, ref: ShapeRef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref);
  if (shape.document || ref.jsonvalue) return value;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw serializationError(
          Array.isArray(value) ? 'Start of list found where not expected' : 'Expected null',
        );
      }
      return readStructure(model, shape, value as Record<string, unknown>);
    }
    case 'list': {
      if (!Array.isArray(value)) {
        throw serializationError(
          typeof value === 'object'
            ? 'Start of structure or map found where not expected.'
            : 'Expected list or null',
        );
      }
      // Smithy's protocol tests: "When a dense list contains null, the response should be a 400
      // SerializationException" (no list of the services Cumulo serves is sparse).
      if (!shape.sparse && value.some((v) => v === null)) {
        throw serializationError('Null values are not allowed in this list');
      }
      return value.map((v) => readJson(model, shape.member!, v) ?? null);
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw serializationError(
          Array.isArray(value) ? 'Start of list found where not expected' : 'Expected map or null',
        );
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        setEntry(out, k, readJson(model, shape.value!, v));
      return out;
    }
    case 'string': {
      const bad = wrongContainer(value);
      if (bad) throw serializationError(bad);
      if (typeof value !== 'string')
        throw serializationError(`${javaClass(value)} can not be converted to an String`);
      return value;
    }
    case 'boolean': {
      const bad = wrongContainer(value);
      if (bad) throw serializationError(bad);
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      if (typeof value === 'number')
        throw serializationError(`${javaClass(value)} can not be converted to an Boolean`);
      throw serializationError(`'${String(value).toUpperCase()}' can not be converted to an Boolean`);
    }
    case 'blob': {
      const bad = wrongContainer(value);
      if (bad) throw serializationError(bad);
      if (typeof value !== 'string')
        throw serializationError(`${javaClass(value)} can not be converted to a Blob`);
      return decodeBase64(value);
    }
    case 'timestamp': {
      const bad = wrongContainer(value);
      if (bad) throw serializationError(bad);
      const date = typeof value === 'number' || typeof value === 'string' ? parseTimestamp(value) : undefined;
      if (!date) throw serializationError(`${javaClass(value)} can not be converted to a Timestamp`);
      return date;
    }
    default: {
      // numbers
      const bad = wrongContainer(value);
      if (bad) throw serializationError(bad);
      if (typeof value !== 'number') {
        throw serializationError(
          `${javaClass(value)} can not be converted to an ${JAVA_NAMES[shape.type] ?? 'Number'}`,
        );
      }
      return shape.type === 'float' || shape.type === 'double' || shape.type === 'bigdecimal'
        ? value
        : Math.trunc(value);
    }
  }
}

/** Body members of a structure (members bound to HTTP locations are read by the rest codecs). */
export function readStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (ref.location) continue;
    const v = value[ref.locationName ?? name];
    const parsed = readJson(model, ref, v);
    if (parsed !== undefined) out[name] = parsed;
  }
  return out;
}

function decodeBase64(value: string): Buffer {
  if (value.length % 4) {
    throw serializationError(
      `'${value}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`,
    );
  }
  const bad = /[^A-Za-z0-9+/=]|=[^=]/.exec(value);
  if (bad)
    throw serializationError(
      `'${value}' can not be converted to a Blob: Invalid Base64 character: '${bad[0][0]}'`,
    );
  return Buffer.from(value, 'base64');
}

/** Typed output value -> JSON value; undefined members are left out. */
export function writeJson(model: ServiceModel, ref: ShapeRef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref);
  if (shape.document || ref.jsonvalue) return value;
  switch (shape.type) {
    case 'structure':
      return writeStructure(model, shape, value as Record<string, unknown>);
    case 'list':
      return (value as unknown[]).map((v) => writeJson(model, shape.member!, v) ?? null);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const w = writeJson(model, shape.value!, v);
        if (w !== undefined) setEntry(out, k, w);
      }
      return out;
    }
    case 'blob':
      return Buffer.isBuffer(value)
        ? value.toString('base64')
        : Buffer.from(String(value)).toString('base64');
    case 'timestamp': {
      const format = (trait(ref, shape, 'timestampFormat') as TimestampFormat | undefined) ?? 'unixTimestamp';
      return formatTimestamp(value as Date, format);
    }
    default:
      return value;
  }
}

export function writeStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (ref.location) continue;
    const w = writeJson(model, ref, value[name]);
    if (w !== undefined) out[ref.locationName ?? name] = w;
  }
  return out;
}
