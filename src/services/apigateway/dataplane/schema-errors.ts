// `$context.error.validationErrorString` of a body that fails its model: API Gateway validates with
// a Java JSON Schema validator and reports its messages in brackets, as users have recorded
// (`[object has missing required properties (["email"])]`). ajv's errors are reworded into that
// validator's phrasing for the keywords schemas commonly use; others keep ajv's message.
import type { SchemaError } from '../json-schema.js';

const json = (v: unknown): string => JSON.stringify(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** The value an error's `dataPath` (`.a.b[0]`, `['x-y']`) points at in `data`. */
function valueAt(data: unknown, dataPath: string): unknown {
  const parts = [...dataPath.matchAll(/\.([^.[]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/g)];
  let value: unknown = data;
  for (const [, name, index, quoted] of parts) {
    const key = name ?? (index !== undefined ? Number(index) : quoted?.replace(/\\(.)/g, '$1'));
    value = (value as Record<string | number, unknown> | undefined)?.[key as string];
  }
  return value;
}

function describe(error: SchemaError, data: unknown): string {
  const value = valueAt(data, error.dataPath);
  const p = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'type':
      return `instance type (${typeOf(value)}) does not match any allowed primitive type (allowed: ${json(String(p.type).split(','))})`;
    case 'enum':
      return `instance value (${json(value)}) not found in enum (possible values: ${json(p.allowedValues)})`;
    case 'minLength':
      return `string ${json(value)} is too short (length: ${String(value).length}, required minimum: ${p.limit})`;
    case 'maxLength':
      return `string ${json(value)} is too long (length: ${String(value).length}, maximum allowed: ${p.limit})`;
    case 'minimum':
      return `numeric instance is lower than the required minimum (minimum: ${p.limit}, found: ${json(value)})`;
    case 'maximum':
      return `numeric instance is greater than the required maximum (maximum: ${p.limit}, found: ${json(value)})`;
    case 'pattern':
      return `ECMA 262 regex ${json(p.pattern)} does not match input string ${json(value)}`;
    case 'minItems':
      return `array is too short: must have at least ${p.limit} elements but instance has ${(value as unknown[]).length} elements`;
    case 'maxItems':
      return `array is too long: must have at most ${p.limit} elements but instance has ${(value as unknown[]).length} elements`;
    default:
      return error.message ?? error.keyword;
  }
}

/** Errors about an object's properties, reported once per object with every property named. */
const GROUPED: Record<string, { param: string; text: string }> = {
  required: { param: 'missingProperty', text: 'object has missing required properties (%s)' },
  additionalProperties: {
    param: 'additionalProperty',
    text: 'object instance has properties which are not allowed by the schema: %s',
  },
};

/** The bracketed list of messages API Gateway reports for a body that fails its model. */
export function validationErrorString(errors: SchemaError[], data: unknown): string {
  const entries: Array<string | { text: string; names: string[] }> = [];
  const groups = new Map<string, { text: string; names: string[] }>();
  for (const error of errors) {
    const grouped = GROUPED[error.keyword];
    if (!grouped) {
      entries.push(describe(error, data));
      continue;
    }
    const key = `${error.keyword} ${error.dataPath}`;
    let group = groups.get(key);
    if (!group) {
      group = { text: grouped.text, names: [] };
      groups.set(key, group);
      entries.push(group);
    }
    const name = (error.params as Record<string, unknown>)[grouped.param];
    group.names.push(String(name).replace(/^\./, ''));
  }
  const messages = entries.map((e) =>
    typeof e === 'string' ? e : e.text.replace('%s', json([...e.names].sort())),
  );
  return `[${messages.join(', ')}]`;
}
