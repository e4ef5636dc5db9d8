// PatchOperations, the update format of every API Gateway Update* operation: `{op, path, value}`
// with JSON-pointer paths (`/name`, `/variables/env`, `/binaryMediaTypes/image~1png`).
// https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html
// Each Update* operation lists the paths it supports; the error texts are AWS's (LocalStack's
// validated snapshots of UpdateResource, UpdateRestApi, UpdateMethod).
import { badRequest } from './errors.js';

export interface PatchOperation {
  op?: string;
  path?: string;
  value?: string;
  from?: string;
}

export interface PatchRule<T> {
  /** An exact path (`/name`), or a prefix ending in `/` for map entries (`/variables/`). */
  path: string;
  ops: string[];
  /** key: the unescaped remainder after a prefix rule's path. */
  apply(target: T, op: string, value: string | undefined, key: string): void;
}

/** What AWS answers for an op/path pair an operation does not support. */
export const unsupportedPatch = (path: string, op: string) =>
  badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Please choose supported operations`);

/** `~1` → `/`, `~0` → `~` (RFC 6901). */
export const unescapePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Applies the operations by the rules. `invalid`, when given, is the error for a path no rule takes or
 * an op its rule refuses (operations whose AWS texts differ from the common ones below).
 */
export function applyPatch<T>(
  target: T,
  operations: PatchOperation[] | undefined,
  rules: PatchRule<T>[],
  invalid?: (operation: PatchOperation) => Error,
): void {
  for (const operation of operations ?? []) {
    const op = operation.op ?? '';
    const path = operation.path ?? '';
    const rule = rules.find((r) => (r.path.endsWith('/') ? path.startsWith(r.path) : path === r.path));
    if (invalid && (!rule || !rule.ops.includes(op))) throw invalid(operation);
    if (!rule) {
      if (op === 'replace') {
        const paths = rules.filter((r) => r.ops.includes('replace')).map((r) => r.path);
        throw badRequest(
          `Invalid patch path  '${path}' specified for op 'replace'. Must be one of: [${paths.join(', ')}]`,
        );
      }
      throw unsupportedPatch(path, op);
    }
    if (!rule.ops.includes(op)) {
      throw badRequest(`Invalid patch operation specified. Must be one of: [${rule.ops.join(', ')}]`);
    }
    const key = rule.path.endsWith('/') ? unescapePointer(path.slice(rule.path.length)) : '';
    rule.apply(target, op, operation.value, key);
  }
}

/** A `replace` of a string member; an empty or missing value removes it. */
export function stringRule<T>(path: string, set: (t: T, v: string | undefined) => void): PatchRule<T> {
  return { path, ops: ['replace'], apply: (t, _op, v) => set(t, v === '' ? undefined : v) };
}

export function booleanRule<T>(path: string, set: (t: T, v: boolean) => void): PatchRule<T> {
  return { path, ops: ['replace'], apply: (t, _op, v) => set(t, v === 'true') };
}

export function numberRule<T>(
  path: string,
  set: (t: T, v: number | undefined) => void,
  invalid = `Invalid value for ${path.slice(1)}`,
): PatchRule<T> {
  return {
    path,
    ops: ['replace'],
    apply: (t, _op, v) => {
      if (v === undefined || v === '') return set(t, undefined);
      const n = Number(v);
      if (!Number.isFinite(n)) throw badRequest(invalid);
      set(t, n);
    },
  };
}

/** Entries of a string map (`/variables/{name}`, `/requestTemplates/{type}`): add, replace, remove. */
export function mapRule<T>(
  path: string,
  get: (t: T) => Record<string, string> | undefined,
  set: (t: T, m: Record<string, string> | undefined) => void,
): PatchRule<T> {
  return {
    path,
    ops: ['add', 'replace', 'remove'],
    apply: (t, op, v, key) => {
      const map = { ...(get(t) ?? {}) };
      if (op === 'remove') delete map[key];
      else map[key] = v ?? '';
      set(t, Object.keys(map).length ? map : undefined);
    },
  };
}
