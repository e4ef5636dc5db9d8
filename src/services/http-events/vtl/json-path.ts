// The JSONPath that $input.json/$input.path and `integration.response.body.…` mappings take, as
// Jayway JsonPath reads it: `$` the root, `.name` and `['name']` members, `[0]` elements (negative
// from the end), `[*]`/`.*` every child, `..name` every descendant's member, `[0,2]`/`['a','b']` unions.
// A definite path (no wildcard, descendant or union) yields one value or nothing; an indefinite one
// yields the list of its matches.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
import { TemplateRuntimeError } from './cursor.js';

type Selector =
  | { kind: 'member'; names: string[] }
  | { kind: 'element'; indexes: number[] }
  | { kind: 'children' }
  | { kind: 'descendants'; name?: string };

function parsePath(path: string): { selectors: Selector[]; definite: boolean } {
  const fail = (): never => {
    throw new TemplateRuntimeError(`invalid JSONPath ${JSON.stringify(path)}`);
  };
  const p = path.trim();
  if (!p.startsWith('$')) fail();
  const selectors: Selector[] = [];
  let definite = true;
  let i = 1;
  while (i < p.length) {
    if (p.startsWith('..', i)) {
      definite = false;
      i += 2;
      const name = /^[^.[\]]+/.exec(p.slice(i))?.[0];
      selectors.push(name && name !== '*' ? { kind: 'descendants', name } : { kind: 'descendants' });
      i += name?.length ?? 0;
    } else if (p[i] === '.') {
      const name = /^[^.[\]]+/.exec(p.slice(i + 1))?.[0] ?? fail();
      i += 1 + name.length;
      if (name === '*') {
        definite = false;
        selectors.push({ kind: 'children' });
      } else selectors.push({ kind: 'member', names: [name] });
    } else if (p[i] === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) fail();
      const inside = p.slice(i + 1, end).trim();
      i = end + 1;
      if (inside === '*') {
        definite = false;
        selectors.push({ kind: 'children' });
        continue;
      }
      const parts = inside.split(',').map((s) => s.trim());
      if (parts.length > 1) definite = false;
      if (parts.every((s) => /^-?\d+$/.test(s)))
        selectors.push({ kind: 'element', indexes: parts.map(Number) });
      else if (parts.every((s) => /^'.*'$|^".*"$/.test(s)))
        selectors.push({ kind: 'member', names: parts.map((s) => s.slice(1, -1)) });
      else fail();
    } else {
      fail();
    }
  }
  return { selectors, definite };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return isObject(v) ? Object.values(v) : [];
}

function descendants(v: unknown, name: string | undefined, out: unknown[]): void {
  if (name === undefined) out.push(...children(v));
  else if (isObject(v) && name in v) out.push(v[name]);
  for (const child of children(v)) descendants(child, name, out);
}

function select(nodes: unknown[], s: Selector): unknown[] {
  const out: unknown[] = [];
  for (const node of nodes) {
    if (s.kind === 'member') {
      if (isObject(node)) for (const n of s.names) if (n in node) out.push(node[n]);
    } else if (s.kind === 'element') {
      if (Array.isArray(node))
        for (const i of s.indexes) {
          const at = i < 0 ? node.length + i : i;
          if (at >= 0 && at < node.length) out.push(node[at]);
        }
    } else if (s.kind === 'children') {
      out.push(...children(node));
    } else {
      descendants(node, s.name, out);
    }
  }
  return out;
}

/** Evaluates `path` on parsed JSON: `{ found: false }` when a definite path matches nothing. */
export function evaluateJsonPath(document: unknown, path: string): { found: boolean; value?: unknown } {
  const { selectors, definite } = parsePath(path);
  let nodes = [document];
  for (const s of selectors) nodes = select(nodes, s);
  if (!definite) return { found: true, value: nodes };
  return nodes.length ? { found: true, value: nodes[0] } : { found: false };
}
