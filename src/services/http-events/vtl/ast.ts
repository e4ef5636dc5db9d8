// The parsed form of a Velocity template: a list of nodes (text, references, directives) whose
// directive arguments are expressions.

/** One step after a reference's name: `.name`, `.name(args)` or `[index]`. */
export type Accessor =
  | { kind: 'property'; name: string }
  | { kind: 'method'; name: string; args: Expr[] }
  | { kind: 'index'; index: Expr };

/** `$name…`, `$!name…`, `${name…}`: `source` is the text as written (printed when it cannot be). */
export interface Reference {
  name: string;
  quiet: boolean;
  accessors: Accessor[];
  source: string;
}

export type Expr =
  | { kind: 'literal'; value: unknown }
  /** A double-quoted string with references or directives in it, rendered each time. */
  | { kind: 'interpolated'; body: TemplateNode[] }
  | { kind: 'reference'; ref: Reference }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'range'; from: Expr; to: Expr }
  | { kind: 'map'; entries: Array<[Expr, Expr]> }
  | { kind: 'not'; operand: Expr }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'reference'; ref: Reference }
  | { kind: 'set'; target: Reference; value: Expr }
  | { kind: 'if'; branches: Array<{ condition: Expr; body: TemplateNode[] }>; otherwise?: TemplateNode[] }
  | { kind: 'foreach'; variable: string; iterable: Expr; body: TemplateNode[] }
  | { kind: 'define'; name: string; body: TemplateNode[] }
  | { kind: 'macro'; name: string; params: string[]; body: TemplateNode[] }
  | { kind: 'call'; name: string; args: Expr[]; source: string }
  | { kind: 'break' }
  | { kind: 'stop' };
