// Validates a parsed input against the model's constraints and words the failures as AWS does:
//   "2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must
//    have value greater than or equal to 1; Value null at 'role' failed to satisfy constraint:
//    Member must not be null"
// Wording, member paths ('keySchema.1.member.attributeName', first letter lower-cased as in
// 'kMSKeyArn'), list/map aggregation ("Member must satisfy constraint: [...]", "Map keys must
// satisfy constraint: [...]") and value rendering follow AWS answers recorded by kinesalite/dynalite
// and quoted in public issues (e.g. terraform-provider-aws#13709, hashicorp/terraform#12601).
import type { ServiceModel, Shape, ShapeRef } from './model-types.js';
import { lowerFirst, shapeOf } from './shapes.js';

/** AWS stops after ten messages (kinesalite's recording of Kinesis/DynamoDB behaviour). */
const MAX_ERRORS = 10;

export function validateInput(
  model: ServiceModel,
  inputRef: ShapeRef | undefined,
  input: Record<string, unknown>,
) {
  const errors: string[] = [];
  if (inputRef) checkStructure(model, shapeOf(model, inputRef), input, '', errors, true);
  return errors.slice(0, MAX_ERRORS);
}

/** "1 validation error detected: ..." / "3 validation errors detected: a; b; c". */
export function validationMessage(errors: string[]): string {
  const n = errors.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${errors.join('; ')}`;
}

function checkStructure(
  model: ServiceModel,
  shape: Shape,
  value: Record<string, unknown>,
  prefix: string,
  errors: string[],
  topLevel: boolean,
): void {
  const required = new Set(shape.required ?? []);
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const path = prefix + lowerFirst(name);
    const member = value[name];
    if (member === undefined || member === null) {
      // A missing URI label never gets here on AWS: the request matches no route instead.
      if (required.has(name) && !(topLevel && ref.location === 'uri')) {
        errors.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      }
      continue;
    }
    checkValue(model, ref, member, path, errors);
  }
}

function checkValue(
  model: ServiceModel,
  ref: ShapeRef,
  value: unknown,
  path: string,
  errors: string[],
): void {
  const shape = shapeOf(model, ref);
  const fail = (constraint: string) =>
    errors.push(`Value${renderValue(shape, value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  for (const c of violations(shape, value)) fail(c);
  if (shape.type === 'structure' && isRecord(value)) {
    checkStructure(model, shape, value, `${path}.`, errors, false);
  } else if (shape.type === 'list' && Array.isArray(value) && shape.member) {
    const memberShape = shapeOf(model, shape.member);
    if (isLeaf(memberShape)) {
      const inner = aggregate(
        value.map((v) => (v === null || v === undefined ? [] : violations(memberShape, v))),
      );
      if (inner.length) fail(`Member must satisfy constraint: [${inner.join(', ')}]`);
    } else {
      value.forEach((v, i) => {
        if (v !== null && v !== undefined)
          checkValue(model, shape.member!, v, `${path}.${i + 1}.member`, errors);
      });
    }
  } else if (shape.type === 'map' && isRecord(value) && shape.key && shape.value) {
    const keyShape = shapeOf(model, shape.key);
    const keys = aggregate(Object.keys(value).map((k) => violations(keyShape, k)));
    if (keys.length) fail(`Map keys must satisfy constraint: [${keys.join(', ')}]`);
    const valueShape = shapeOf(model, shape.value);
    if (isLeaf(valueShape)) {
      const vals = aggregate(
        Object.values(value).map((v) => (v === null || v === undefined ? [] : violations(valueShape, v))),
      );
      if (vals.length) fail(`Map value must satisfy constraint: [${vals.join(', ')}]`);
    } else {
      for (const [k, v] of Object.entries(value)) {
        if (v !== null && v !== undefined) checkValue(model, shape.value, v, `${path}.${k}.member`, errors);
      }
    }
  }
}

/** The constraint messages a single value breaks (not descending into members). */
function violations(shape: Shape, value: unknown): string[] {
  const out: string[] = [];
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'float':
    case 'double':
    case 'bigdecimal':
    case 'biginteger': {
      const n = Number(value);
      if (shape.min !== undefined && n < shape.min)
        out.push(`Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && n > shape.max)
        out.push(`Member must have value less than or equal to ${shape.max}`);
      break;
    }
    case 'string': {
      if (typeof value !== 'string') break;
      if (shape.enum && !shape.enum.includes(value)) {
        out.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      }
      const re = shape.pattern === undefined ? undefined : compilePattern(shape.pattern);
      if (re && !re.test(value)) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      lengthChecks(shape, value.length, out);
      break;
    }
    case 'blob':
      if (Buffer.isBuffer(value) || typeof value === 'string')
        lengthChecks(shape, Buffer.byteLength(value), out);
      break;
    case 'list':
      if (Array.isArray(value)) lengthChecks(shape, value.length, out);
      break;
    case 'map':
      if (isRecord(value)) lengthChecks(shape, Object.keys(value).length, out);
      break;
    default:
      break;
  }
  return out;
}

function lengthChecks(shape: Shape, length: number, out: string[]): void {
  if (shape.min !== undefined && length < shape.min)
    out.push(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max)
    out.push(`Member must have length less than or equal to ${shape.max}`);
}

function aggregate(lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

function isLeaf(shape: Shape): boolean {
  return shape.type !== 'structure' && shape.type !== 'list' && shape.type !== 'map';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date)
  );
}

/** " '600'" — or nothing for sensitive values, which AWS leaves out ("Value at 'password'"). */
function renderValue(shape: Shape, value: unknown): string {
  if (shape.sensitive) return '';
  return ` '${javaString(shape, value)}'`;
}

function javaString(shape: Shape, value: unknown): string {
  if (Buffer.isBuffer(value)) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (Array.isArray(value)) return `[${value.map((v) => javaString(shape, v)).join(', ')}]`;
  if (value instanceof Date) return value.toISOString();
  if (isRecord(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${javaString(shape, v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

const patterns = new Map<string, RegExp | null>();

/** AWS patterns are Java regexes matched against the whole value; most compile as JS unchanged. */
function compilePattern(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re !== undefined) return re;
  re = null;
  for (const flags of ['u', '']) {
    try {
      re = new RegExp(`^(?:${pattern})$`, flags);
      break;
    } catch {
      // try without the unicode flag; a pattern JS cannot express is not enforced
    }
  }
  patterns.set(pattern, re);
  return re;
}
