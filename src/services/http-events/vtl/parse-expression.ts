// References (`$a.b(1)[0]`, `$!{a}`) and the expressions inside directives and method arguments:
// literals ('single', "double with $refs", 1, 2.5, true, null), lists [a, b], ranges [1..3], maps
// {"k": v}, and the operators by Velocity's precedence: || or, && and, == != eq ne, < > <= >= lt gt le
// ge, + -, * / %, ! not and unary minus.
// https://velocity.apache.org/engine/1.7/vtl-reference.html
import type { Accessor, BinaryOp, Expr, Reference } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseTemplateText } from './parse-template.js';
import { JDouble } from './values.js';

/** A reference at the cursor, or undefined (cursor unmoved) when the `$` starts none. */
export function parseReference(c: Cursor): Reference | undefined {
  const start = c.pos;
  if (c.peek() !== '$') return undefined;
  c.pos++;
  const quiet = c.peek() === '!';
  if (quiet) c.pos++;
  const braced = c.peek() === '{';
  if (braced) c.pos++;
  const name = c.identifier();
  if (!name) {
    c.pos = start;
    return undefined;
  }
  const accessors = parseAccessors(c);
  if (braced) {
    if (c.peek() !== '}') {
      c.pos = start;
      return undefined;
    }
    c.pos++;
  }
  return { name, quiet, accessors, source: c.src.slice(start, c.pos) };
}

function parseAccessors(c: Cursor): Accessor[] {
  const accessors: Accessor[] = [];
  for (;;) {
    if (c.peek() === '.' && /[A-Za-z_]/.test(c.peek(1))) {
      c.pos++;
      const name = c.identifier()!;
      if (c.peek() === '(') {
        c.pos++;
        accessors.push({ kind: 'method', name, args: parseArguments(c, ')') });
      } else {
        accessors.push({ kind: 'property', name });
      }
    } else if (c.peek() === '[') {
      // `$list[0]`, `$map['key']`; anything else after `[` is text (`$price[USD]` in prose).
      const save = c.pos;
      try {
        c.pos++;
        const index = parseExpression(c);
        c.expect(']');
        accessors.push({ kind: 'index', index });
      } catch {
        c.pos = save;
        return accessors;
      }
    } else {
      return accessors;
    }
  }
}

/** Comma-separated expressions up to `close` (already past the opening bracket). */
export function parseArguments(c: Cursor, close: string, separatorOptional = false): Expr[] {
  const args: Expr[] = [];
  c.skipSpace();
  if (c.at(close)) {
    c.pos += close.length;
    return args;
  }
  for (;;) {
    args.push(parseExpression(c));
    c.skipSpace();
    if (c.at(close)) {
      c.pos += close.length;
      return args;
    }
    if (c.peek() === ',') c.pos++;
    else if (!separatorOptional) c.fail(`expected ',' or '${close}'`);
  }
}

const LEVELS: Array<Array<[string, BinaryOp]>> = [
  [
    ['||', '||'],
    ['or', '||'],
  ],
  [
    ['&&', '&&'],
    ['and', '&&'],
  ],
  [
    ['==', '=='],
    ['!=', '!='],
    ['eq', '=='],
    ['ne', '!='],
  ],
  [
    ['<=', '<='],
    ['>=', '>='],
    ['<', '<'],
    ['>', '>'],
    ['le', '<='],
    ['ge', '>='],
    ['lt', '<'],
    ['gt', '>'],
  ],
  [
    ['+', '+'],
    ['-', '-'],
  ],
  [
    ['*', '*'],
    ['/', '/'],
    ['%', '%'],
  ],
];

function matchOperator(c: Cursor, level: number): BinaryOp | undefined {
  for (const [text, op] of LEVELS[level]!) {
    if (/^[a-z]/.test(text) ? c.word(text) : c.at(text) && (c.pos += text.length)) return op;
  }
  return undefined;
}

export function parseExpression(c: Cursor, level = 0): Expr {
  if (level === LEVELS.length) return parseUnary(c);
  let left = parseExpression(c, level + 1);
  for (;;) {
    c.skipSpace();
    const op = matchOperator(c, level);
    if (!op) return left;
    left = { kind: 'binary', op, left, right: parseExpression(c, level + 1) };
  }
}

function parseUnary(c: Cursor): Expr {
  c.skipSpace();
  if ((c.peek() === '!' && c.peek(1) !== '=' && ++c.pos) || c.word('not'))
    return { kind: 'not', operand: parseUnary(c) };
  if (c.peek() === '-' && !/\d/.test(c.peek(1))) {
    c.pos++;
    return { kind: 'negate', operand: parseUnary(c) };
  }
  return parsePrimary(c);
}

function parsePrimary(c: Cursor): Expr {
  c.skipSpace();
  const ch = c.peek();
  if (ch === '(') {
    c.pos++;
    const inner = parseExpression(c);
    c.expect(')');
    return inner;
  }
  if (ch === '$') {
    const ref = parseReference(c);
    if (!ref) c.fail('invalid reference');
    return { kind: 'reference', ref };
  }
  if (ch === '"' || ch === "'") return parseString(c, ch);
  const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(c.src.slice(c.pos, c.pos + 64));
  if (number) {
    c.pos += number[0].length;
    const value = Number(number[0]);
    return { kind: 'literal', value: number[1] || number[2] ? new JDouble(value) : value };
  }
  if (ch === '[') return parseList(c);
  if (ch === '{') {
    c.pos++;
    const entries: Array<[Expr, Expr]> = [];
    c.skipSpace();
    if (c.peek() === '}') c.pos++;
    else
      for (;;) {
        const key = parseExpression(c);
        c.expect(':');
        entries.push([key, parseExpression(c)]);
        c.skipSpace();
        if (c.peek() === '}' && ++c.pos) break;
        c.expect(',');
      }
    return { kind: 'map', entries };
  }
  if (c.word('true')) return { kind: 'literal', value: true };
  if (c.word('false')) return { kind: 'literal', value: false };
  if (c.word('null')) return { kind: 'literal', value: undefined };
  return c.fail(c.eof() ? 'unexpected end of template' : `unexpected '${ch}'`);
}

function parseList(c: Cursor): Expr {
  c.pos++;
  c.skipSpace();
  if (c.peek() === ']') {
    c.pos++;
    return { kind: 'list', items: [] };
  }
  const first = parseExpression(c);
  c.skipSpace();
  if (c.at('..')) {
    c.pos += 2;
    const to = parseExpression(c);
    c.expect(']');
    return { kind: 'range', from: first, to };
  }
  if (c.peek() === ']') {
    c.pos++;
    return { kind: 'list', items: [first] };
  }
  c.expect(',');
  return { kind: 'list', items: [first, ...parseArguments(c, ']')] };
}

/**
 * A string literal. As in Velocity, backslashes stay as written (so `"\\'"` reaches a regex as `\\'`);
 * a doubled quote stands for one. Double-quoted strings with `$` or `#` are rendered as templates.
 */
function parseString(c: Cursor, quote: string): Expr {
  const start = c.pos;
  c.pos++;
  let text = '';
  for (;;) {
    if (c.eof()) c.fail('unterminated string', start);
    const ch = c.peek();
    if (ch === '\\' && c.peek(1) === quote) {
      text += ch + quote;
      c.pos += 2;
    } else if (ch === quote) {
      c.pos++;
      if (c.peek() !== quote) break;
      text += quote;
      c.pos++;
    } else {
      text += ch;
      c.pos++;
    }
  }
  if (quote === '"' && /[$#]/.test(text)) return { kind: 'interpolated', body: parseTemplateText(text) };
  return { kind: 'literal', value: text };
}
