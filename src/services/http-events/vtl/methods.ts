// The Java methods templates call on strings, lists, maps, map entries, numbers and booleans, with
// Java's semantics (String.substring bounds, List.get bounds, Map.put returning the previous value…),
// and Velocity's property lookup: `$map.key` is map.get("key"), `$x.empty` is x.isEmpty().
// A method that does not exist yields null (NO_METHOD), as Velocity logs and renders nothing.
import { TemplateRuntimeError } from './cursor.js';
import { fullMatch, javaRegex, javaReplacement, javaSplit } from './java-regex.js';
import {
  HostObject,
  JDouble,
  MapEntry,
  isNumber,
  javaEquals,
  numberValue,
  toText,
  type VMap,
} from './values.js';

export const NO_METHOD: unique symbol = Symbol('no such method');
type Result = unknown;

const fail = (message: string): never => {
  throw new TemplateRuntimeError(message);
};

function int(v: unknown): number {
  if (!isNumber(v)) fail(`expected a number, got ${toText(v)}`);
  return Math.trunc(numberValue(v as number));
}

function checkIndex(i: number, size: number, inclusive = false): number {
  if (i < 0 || i > size || (!inclusive && i === size)) fail(`Index ${i} out of bounds for length ${size}`);
  return i;
}

/** Java's String.trim: strips characters up to U+0020 at both ends. */
const javaTrim = (s: string): string => {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
};

function stringMethod(s: string, name: string, a: unknown[]): Result {
  const [x, y] = a;
  const str = (v: unknown): string => (v === undefined ? fail('null argument') : toText(v));
  switch (`${name}/${a.length}`) {
    case 'length/0':
      return s.length;
    case 'isEmpty/0':
      return s.length === 0;
    case 'isBlank/0':
      return s.trim() === '';
    case 'contains/1':
      return s.includes(str(x));
    case 'startsWith/1':
      return s.startsWith(str(x));
    case 'startsWith/2':
      return s.startsWith(str(x), int(y));
    case 'endsWith/1':
      return s.endsWith(str(x));
    case 'indexOf/1':
      return s.indexOf(str(x));
    case 'indexOf/2':
      return s.indexOf(str(x), int(y));
    case 'lastIndexOf/1':
      return s.lastIndexOf(str(x));
    case 'substring/1':
      return s.substring(checkIndex(int(x), s.length, true));
    case 'substring/2': {
      const end = checkIndex(int(y), s.length, true);
      const begin = int(x);
      if (begin < 0 || begin > end) fail(`begin ${begin}, end ${end}, length ${s.length}`);
      return s.substring(begin, end);
    }
    case 'charAt/1':
      return s.charAt(checkIndex(int(x), s.length));
    case 'replace/2':
      return s.split(str(x)).join(str(y));
    case 'replaceAll/2':
      return s.replace(javaRegex(str(x), true), javaReplacement(str(y)));
    case 'replaceFirst/2':
      return s.replace(javaRegex(str(x)), javaReplacement(str(y)));
    case 'split/1':
      return javaSplit(s, str(x));
    case 'split/2':
      return javaSplit(s, str(x), int(y));
    case 'matches/1':
      return fullMatch(str(x), s);
    case 'trim/0':
      return javaTrim(s);
    case 'strip/0':
      return s.trim();
    case 'toLowerCase/0':
      return s.toLowerCase();
    case 'toUpperCase/0':
      return s.toUpperCase();
    case 'equalsIgnoreCase/1':
      return typeof x === 'string' && s.toLowerCase() === x.toLowerCase();
    case 'concat/1':
      return s + str(x);
    case 'repeat/1':
      return s.repeat(Math.max(0, int(x)));
    case 'compareTo/1':
      return s < str(x) ? -1 : s > str(x) ? 1 : 0;
    case 'toCharArray/0':
      return [...s];
    default:
      return NO_METHOD;
  }
}

function listMethod(list: unknown[], name: string, a: unknown[]): Result {
  const [x, y] = a;
  switch (`${name}/${a.length}`) {
    case 'size/0':
      return list.length;
    case 'isEmpty/0':
      return list.length === 0;
    case 'get/1':
      return list[checkIndex(int(x), list.length)];
    case 'contains/1':
      return list.some((e) => javaEquals(e, x));
    case 'indexOf/1':
      return list.findIndex((e) => javaEquals(e, x));
    case 'lastIndexOf/1':
      for (let i = list.length - 1; i >= 0; i--) if (javaEquals(list[i], x)) return i;
      return -1;
    case 'add/1':
      list.push(x);
      return true;
    case 'add/2':
      list.splice(checkIndex(int(x), list.length, true), 0, y);
      return undefined;
    case 'addAll/1':
      if (!Array.isArray(x)) return NO_METHOD;
      list.push(...(x as unknown[]));
      return true;
    case 'set/2': {
      const i = checkIndex(int(x), list.length);
      const old = list[i];
      list[i] = y;
      return old;
    }
    case 'remove/1': {
      // Velocity passes an Integer to remove(int): removal by position.
      if (typeof x === 'number') return list.splice(checkIndex(x, list.length), 1)[0];
      const i = list.findIndex((e) => javaEquals(e, x));
      if (i >= 0) list.splice(i, 1);
      return i >= 0;
    }
    case 'clear/0':
      list.length = 0;
      return undefined;
    case 'subList/2': {
      const to = checkIndex(int(y), list.length, true);
      return list.slice(checkIndex(int(x), to, true), to);
    }
    default:
      return NO_METHOD;
  }
}

function mapMethod(map: VMap, name: string, a: unknown[]): Result {
  const [x, y] = a;
  const key = (k: unknown): string => toText(k);
  switch (`${name}/${a.length}`) {
    case 'size/0':
      return map.size;
    case 'isEmpty/0':
      return map.size === 0;
    case 'get/1':
      return map.get(key(x));
    case 'getOrDefault/2':
      return map.has(key(x)) ? map.get(key(x)) : y;
    case 'containsKey/1':
      return map.has(key(x));
    case 'containsValue/1':
      return [...map.values()].some((v) => javaEquals(v, x));
    case 'keySet/0':
      return [...map.keys()];
    case 'values/0':
      return [...map.values()];
    case 'entrySet/0':
      return [...map].map(([k, v]) => new MapEntry(k, v));
    case 'put/2': {
      const old = map.get(key(x));
      map.set(key(x), y);
      return old;
    }
    case 'putAll/1':
      if (!(x instanceof Map)) return NO_METHOD;
      for (const [k, v] of x) map.set(key(k), v);
      return undefined;
    case 'remove/1': {
      const old = map.get(key(x));
      map.delete(key(x));
      return old;
    }
    case 'clear/0':
      map.clear();
      return undefined;
    default:
      return NO_METHOD;
  }
}

function numberMethod(n: number | JDouble, name: string, a: unknown[]): Result {
  const v = numberValue(n);
  switch (`${name}/${a.length}`) {
    case 'intValue/0':
    case 'longValue/0':
      return Math.trunc(v);
    case 'doubleValue/0':
    case 'floatValue/0':
      return new JDouble(v);
    case 'compareTo/1':
      return Math.sign(v - numberValue(isNumber(a[0]) ? a[0] : fail('expected a number')));
    default:
      return NO_METHOD;
  }
}

/** Calls `name(args)` on a value; NO_METHOD when the value has no such method. */
export function callMethod(target: unknown, name: string, args: unknown[]): Result {
  if (target instanceof HostObject) {
    // Own methods only: `$util.constructor(…)` must not reach Object.prototype's members.
    const method = Object.hasOwn(target.methods, name) ? target.methods[name] : undefined;
    return method ? method(...args) : NO_METHOD;
  }
  if (name === 'toString' && args.length === 0) return toText(target);
  if (name === 'equals' && args.length === 1) return javaEquals(target, args[0]);
  if (typeof target === 'string') return stringMethod(target, name, args);
  if (Array.isArray(target)) return listMethod(target, name, args);
  if (target instanceof Map) return mapMethod(target, name, args);
  if (isNumber(target)) return numberMethod(target, name, args);
  if (typeof target === 'boolean' && name === 'booleanValue' && args.length === 0) return target;
  if (target instanceof MapEntry) {
    if (name === 'getKey' && args.length === 0) return target.key;
    if (name === 'getValue' && args.length === 0) return target.value;
    if (name === 'setValue' && args.length === 1) {
      const old = target.value;
      target.value = args[0];
      return old;
    }
  }
  return NO_METHOD;
}

const capitalized = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** `$x.name`: a map's entry, a host object's property, else the getter getName()/isName(). */
export function getProperty(target: unknown, name: string): Result {
  if (target instanceof Map) return target.get(name);
  if (target instanceof HostObject && Object.hasOwn(target.properties, name)) return target.properties[name];
  for (const getter of [`get${capitalized(name)}`, `is${capitalized(name)}`]) {
    const value = callMethod(target, getter, []);
    if (value !== NO_METHOD) return value;
  }
  return undefined;
}

/** `$x[i]`: a list's element (bounds checked as List.get) or a map's entry. */
export function getIndex(target: unknown, index: unknown): Result {
  if (Array.isArray(target)) return target[checkIndex(int(index), target.length)];
  if (target instanceof Map) return target.get(toText(index));
  return undefined;
}
