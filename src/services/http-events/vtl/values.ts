// The values a template works with, modelled on the Java objects API Gateway's Velocity engine hands
// around: strings, Integer/Long (JS numbers that are whole), Double (JDouble), Boolean, List (arrays),
// Map (JS Map, insertion-ordered like LinkedHashMap), Map.Entry, and host objects ($input, $util).
// null is `undefined`. How each prints follows Java's toString(): lists `[a, b]`, maps `{k=v}`, doubles
// `2.0`; a JSON array parsed from a payload prints as JSON, as API Gateway's json-smart arrays do.

/** A Java Double: whole doubles print `2.0` and keep arithmetic non-integral. */
export class JDouble {
  constructor(readonly value: number) {}
}

/** An array parsed from JSON ($input.path, $util.parseJson): prints as JSON, not as `[a, b]`. */
export class JsonList extends Array<unknown> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

export class MapEntry {
  constructor(
    readonly key: unknown,
    public value: unknown,
  ) {}
}

export type HostMethod = (...args: unknown[]) => unknown;

/** A variable provided by the host ($input, $util): methods and read-only properties. */
export class HostObject {
  constructor(
    readonly methods: Record<string, HostMethod>,
    readonly properties: Record<string, unknown> = {},
  ) {}
}

/** A `#define` block: renders its body wherever it is referenced. */
export class DefinedBlock {
  constructor(readonly render: () => string) {}
}

export type VMap = Map<string, unknown>;

export const isMap = (v: unknown): v is VMap => v instanceof Map;
export const isNumber = (v: unknown): v is number | JDouble => typeof v === 'number' || v instanceof JDouble;
export const numberValue = (v: number | JDouble): number => (typeof v === 'number' ? v : v.value);

/** Java's Double.toString: `2.0`, `0.5`, `1.0E7`, `1.0E-4`. */
export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(d);
  if (d === 0 || (abs >= 1e-3 && abs < 1e7)) return Number.isInteger(d) ? d.toFixed(1) : String(d);
  const [mantissa, exponent] = d.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : mantissa + '.0'}E${Number(exponent)}`;
}

/** A value as the template prints it (Java's String.valueOf). */
export function toText(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof JDouble) return formatDouble(v.value);
  if (v instanceof JsonList) return toJson(v);
  if (Array.isArray(v)) return `[${v.map(toText).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${toText(k)}=${toText(x)}`).join(', ')}}`;
  if (v instanceof MapEntry) return `${toText(v.key)}=${toText(v.value)}`;
  if (v instanceof DefinedBlock) return v.render();
  return String(v);
}

/** JSON text of a value ($input.json, $util.toJson-like output). */
export function toJson(v: unknown): string {
  return JSON.stringify(toPlain(v)) ?? 'null';
}

function toPlain(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof JDouble) return v.value;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[toText(k)] = toPlain(x);
    return out;
  }
  if (v instanceof MapEntry) return { [toText(v.key)]: toPlain(v.value) };
  if (v instanceof DefinedBlock) return v.render();
  return v;
}

/** JSON.parse output → template values (objects → Map, arrays → JsonList, fractions → JDouble). */
export function fromJson(v: unknown): unknown {
  if (v === null) return undefined;
  if (typeof v === 'number') return Number.isInteger(v) ? v : new JDouble(v);
  if (Array.isArray(v)) return JsonList.from(v, fromJson);
  if (typeof v === 'object') {
    const map: VMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) map.set(k, fromJson(x));
    return map;
  }
  return v;
}

/** A JS object tree (host data such as $context) → template values, keeping numbers whole. */
export function fromPlain(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return v.map(fromPlain);
  if (typeof v === 'object' && !(v instanceof Map) && !(v instanceof HostObject)) {
    const map: VMap = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) map.set(k, fromPlain(x));
    return map;
  }
  return v;
}

/** Velocity's #if: null and false are false, everything else is true. */
export const isTruthy = (v: unknown): boolean => v !== undefined && v !== null && v !== false;

/** Java's equals(): same kind and value (numbers compare by value, Integer or Double). */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (isNumber(a) && isNumber(b)) return numberValue(a) === numberValue(b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => javaEquals(x, b[i]));
  if (a instanceof Map && b instanceof Map)
    return a.size === b.size && [...a].every(([k, x]) => b.has(k) && javaEquals(x, b.get(k)));
  return a === b;
}

/**
 * Velocity's `==`: numbers by value; values of the same kind by equals(); values of different kinds
 * by their toString() (so `"1" == 1` is true); null equals only null.
 */
export function velocityEquals(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (isNumber(a) && isNumber(b)) return numberValue(a) === numberValue(b);
  if (typeof a === typeof b && Array.isArray(a) === Array.isArray(b)) return javaEquals(a, b);
  return toText(a) === toText(b);
}
