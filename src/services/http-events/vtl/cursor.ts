// A position in a template's source, shared by the template and expression parsers.

/** Any template failure: API Gateway answers 500 and logs it. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** A template that does not parse (Velocity's ParseException). */
export class TemplateSyntaxError extends TemplateError {
  override name = 'TemplateSyntaxError';
}

/** A template that fails while rendering (a method throws, a limit is passed). */
export class TemplateRuntimeError extends TemplateError {
  override name = 'TemplateRuntimeError';
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

export class Cursor {
  pos = 0;
  constructor(readonly src: string) {}

  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  at(text: string): boolean {
    return this.src.startsWith(text, this.pos);
  }

  eof(): boolean {
    return this.pos >= this.src.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.peek())) this.pos++;
  }

  expect(text: string): void {
    this.skipSpace();
    if (!this.at(text)) this.fail(`expected '${text}'`);
    this.pos += text.length;
  }

  /**
   * An identifier at the cursor (letters, digits, `_`, and `-` between them as Velocity 1.x allows:
   * `$my-var`), or undefined without moving.
   */
  identifier(): string | undefined {
    if (!IDENT_START.test(this.peek())) return undefined;
    const start = this.pos;
    this.pos++;
    while (IDENT_PART.test(this.peek()) || (this.peek() === '-' && IDENT_PART.test(this.peek(1)))) this.pos++;
    return this.src.slice(start, this.pos);
  }

  /** A keyword (`in`, `eq`, `true`…) that is a whole word at the cursor, consumed when present. */
  word(w: string): boolean {
    if (!this.at(w) || IDENT_PART.test(this.src[this.pos + w.length] ?? '')) return false;
    this.pos += w.length;
    return true;
  }

  fail(message: string, at = this.pos): never {
    const before = this.src.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new TemplateSyntaxError(`${message} at line ${line}, column ${column}`);
  }
}
