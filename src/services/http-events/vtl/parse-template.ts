// The template level of Velocity: text, references, directives (#set #if #elseif #else #end #foreach
// #break #stop #define #macro and macro calls), comments (## and #* *#), unparsed blocks (#[[ ]]#) and
// backslash escapes of references and directives. `#name` that is no directive stays text (`#fff`).
//
// Whitespace: a line holding only a directive or comment (and blanks) disappears from the output, as
// Velocity's "lines" space gobbling does, so indented templates produce tidy output.
// https://velocity.apache.org/engine/1.7/vtl-reference.html
import type { Expr, TemplateNode } from './ast.js';
import { Cursor } from './cursor.js';
import { parseArguments, parseExpression, parseReference } from './parse-expression.js';

const DIRECTIVES = new Set([
  'set',
  'if',
  'elseif',
  'else',
  'end',
  'foreach',
  'break',
  'stop',
  'define',
  'macro',
]);
/** Directives that close or continue the block being parsed. */
type Closer = 'elseif' | 'else' | 'end';

export function parseTemplateText(source: string): TemplateNode[] {
  const parser = new TemplateParser(new Cursor(source));
  const { nodes, closer } = parser.block([]);
  if (closer) parser.c.fail(`unexpected #${closer}`);
  return nodes;
}

class TemplateParser {
  private readonly macros = new Set<string>();
  constructor(readonly c: Cursor) {}

  /** Nodes up to one of `closers` (consumed and returned) or the end of the template. */
  block(closers: Closer[]): { nodes: TemplateNode[]; closer?: Closer; closerStart?: number } {
    const c: Cursor = this.c;
    const nodes: TemplateNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    /** After a directive or comment that began at `start`: drop its line if it stood alone on it. */
    const gobble = (start: number): void => {
      const lineStart = c.src.lastIndexOf('\n', start - 1) + 1;
      if (!/^[ \t]*$/.test(c.src.slice(lineStart, start))) return;
      const rest = /^[ \t]*(\r?\n|$)/.exec(c.src.slice(c.pos));
      if (!rest) return;
      text = text.replace(/[ \t]*$/, '');
      c.pos += rest[0].length;
    };

    while (!c.eof()) {
      const ch = c.peek();
      if (ch === '\\') {
        text += this.escaped();
      } else if (ch === '$') {
        const ref = parseReference(c);
        if (ref) {
          flush();
          nodes.push({ kind: 'reference', ref });
        } else {
          text += ch;
          c.pos++;
        }
      } else if (ch === '#') {
        const start = c.pos;
        if (c.at('##')) {
          // A line comment takes its line's end with it.
          const end = c.src.indexOf('\n', c.pos);
          c.pos = end < 0 ? c.src.length : end + 1;
          if (/^[ \t]*$/.test(c.src.slice(c.src.lastIndexOf('\n', start - 1) + 1, start)))
            text = text.replace(/[ \t]*$/, '');
        } else if (c.at('#*')) {
          const end = c.src.indexOf('*#', c.pos + 2);
          if (end < 0) c.fail('unterminated comment', start);
          c.pos = end + 2;
          gobble(start);
        } else if (c.at('#[[')) {
          const end = c.src.indexOf(']]#', c.pos + 3);
          if (end < 0) c.fail('unterminated #[[ block', start);
          text += c.src.slice(c.pos + 3, end);
          c.pos = end + 3;
        } else {
          const name = this.directiveName();
          if (name === undefined) {
            text += ch;
            c.pos++;
            continue;
          }
          if (name === 'elseif' || name === 'else' || name === 'end') {
            if (!closers.includes(name)) c.fail(`unexpected #${name}`, start);
            // #elseif's line is gobbled once its condition is read (gobbleAfter).
            if (name !== 'elseif') gobble(start);
            else if (/^[ \t]*$/.test(c.src.slice(c.src.lastIndexOf('\n', start - 1) + 1, start)))
              text = text.replace(/[ \t]*$/, '');
            flush();
            return { nodes, closer: name, closerStart: start };
          }
          const node = this.directive(name, start, () => {
            gobble(start);
            flush();
          });
          if (node) {
            flush();
            nodes.push(node);
          }
        }
      } else {
        text += ch;
        c.pos++;
      }
    }
    flush();
    if (closers.length) c.fail('missing #end');
    return { nodes };
  }

  /** `#name` or `#{name}` when it names a directive or a macro defined above; cursor after it. */
  private directiveName(): string | undefined {
    const c: Cursor = this.c;
    const start = c.pos;
    c.pos++;
    const braced = c.peek() === '{';
    if (braced) c.pos++;
    const name = c.identifier();
    if (name && (DIRECTIVES.has(name) || this.macros.has(name)) && (!braced || c.peek() === '}')) {
      if (braced) c.pos++;
      return name;
    }
    c.pos = start;
    return undefined;
  }

  /** Parses a directive after its name; `headerDone` runs once its header (name and arguments) is read. */
  private directive(name: string, start: number, headerDone: () => void): TemplateNode | undefined {
    const c: Cursor = this.c;
    switch (name) {
      case 'set': {
        c.expect('(');
        c.skipSpace();
        const target = parseReference(c);
        if (!target) c.fail('#set needs a reference to assign');
        c.expect('=');
        const value = parseExpression(c);
        c.expect(')');
        headerDone();
        return { kind: 'set', target, value };
      }
      case 'if': {
        const branches: Array<{ condition: Expr; body: TemplateNode[] }> = [];
        let condition = this.condition();
        headerDone();
        for (;;) {
          const part = this.block(['elseif', 'else', 'end']);
          branches.push({ condition, body: part.nodes });
          if (part.closer === 'end') return { kind: 'if', branches };
          if (part.closer === 'else') {
            const last = this.block(['end']);
            return { kind: 'if', branches, otherwise: last.nodes };
          }
          condition = this.condition();
          gobbleAfter(this, part.closerStart!);
        }
      }
      case 'foreach': {
        c.expect('(');
        c.skipSpace();
        const variable = parseReference(c);
        if (!variable || variable.accessors.length) c.fail('#foreach needs a variable');
        c.skipSpace();
        if (!c.word('in')) c.fail("expected 'in'");
        const iterable = parseExpression(c);
        c.expect(')');
        headerDone();
        return { kind: 'foreach', variable: variable.name, iterable, body: this.block(['end']).nodes };
      }
      case 'define': {
        c.expect('(');
        c.skipSpace();
        const ref = parseReference(c);
        if (!ref || ref.accessors.length) c.fail('#define needs a reference');
        c.expect(')');
        headerDone();
        return { kind: 'define', name: ref.name, body: this.block(['end']).nodes };
      }
      case 'macro': {
        c.expect('(');
        c.skipSpace();
        const macroName = c.identifier();
        if (!macroName) c.fail('#macro needs a name');
        const params: string[] = [];
        for (;;) {
          c.skipSpace();
          if (c.peek() === ',') c.pos++;
          c.skipSpace();
          if (c.peek() === ')') break;
          const param = parseReference(c);
          if (!param || param.accessors.length) c.fail('#macro parameters are references');
          params.push(param.name);
        }
        c.pos++;
        this.macros.add(macroName);
        headerDone();
        return { kind: 'macro', name: macroName, params, body: this.block(['end']).nodes };
      }
      case 'break':
      case 'stop':
        // `#break($foreach)` names the loop; only the innermost is supported, so the argument is skipped.
        if (c.peek() === '(') {
          c.pos++;
          parseArguments(c, ')', true);
        }
        headerDone();
        return { kind: name };
      default: {
        // A macro call: `#name($a $b)` or `#name($a, $b)`.
        let args: Expr[] = [];
        if (c.peek() === '(') {
          c.pos++;
          args = parseArguments(c, ')', true);
        }
        return { kind: 'call', name, args, source: c.src.slice(start, c.pos) };
      }
    }
  }

  private condition(): Expr {
    this.c.expect('(');
    const condition = parseExpression(this.c);
    this.c.expect(')');
    return condition;
  }

  /**
   * A run of backslashes. Before a reference or directive, each pair prints one backslash and an odd
   * one left over makes the reference or directive print as written (`\$x` → `$x`). Elsewhere
   * backslashes are plain text (JSON escapes like `\"` pass untouched).
   */
  private escaped(): string {
    const c: Cursor = this.c;
    const start = c.pos;
    while (c.peek() === '\\') c.pos++;
    const count = c.pos - start;
    const after = c.pos;
    let literal: string | undefined;
    if (c.peek() === '$') {
      literal = parseReference(c)?.source;
    } else if (c.peek() === '#') {
      literal = this.directiveName() === undefined ? undefined : c.src.slice(after, c.pos);
    }
    if (literal === undefined) return '\\'.repeat(count);
    if (count % 2 === 1) return '\\'.repeat((count - 1) / 2) + literal;
    c.pos = after;
    return '\\'.repeat(count / 2);
  }
}

/** #elseif(…) and #else lines gobble like other directive lines, once their header is read. */
function gobbleAfter(parser: TemplateParser, start: number): void {
  const c = parser.c;
  const lineStart = c.src.lastIndexOf('\n', start - 1) + 1;
  if (!/^[ \t]*$/.test(c.src.slice(lineStart, start))) return;
  const rest = /^[ \t]*(\r?\n|$)/.exec(c.src.slice(c.pos));
  if (rest) c.pos += rest[0].length;
}
