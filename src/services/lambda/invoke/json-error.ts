// Lambda parses an Invoke payload with Jackson and, when it is not JSON, answers
// InvalidRequestContentException "Could not parse request body into json: Could not parse payload
// into json: <Jackson's message>\n at [Source: (byte[])"<payload>"; line: L, column: C]"
// (the form recorded against AWS, e.g. "Unexpected character (''' (code 39)): expected a valid value
// (JSON String, Number, Array, Object or token 'null', 'true' or 'false')").
// JSON.parse says only that the text is invalid, so this small scanner finds where and why, and words
// it as Jackson does for the common cases.

const VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

interface Failure {
  pos: number;
  message: string;
}

/** Describes why `text` is not JSON, in Jackson's words, with its location. */
export function describeJsonError(text: string): string {
  const failure = scanWithinStack(text) ?? {
    pos: 0,
    message: `Unexpected character: expected a valid value ${VALUE}`,
  };
  const before = text.slice(0, failure.pos);
  const line = before.split('\n').length;
  const column = failure.pos - before.lastIndexOf('\n');
  const source =
    text.length > 500 ? `${text.slice(0, 500)}"[truncated ${text.length - 500} chars]` : `${text}"`;
  return `${failure.message}\n at [Source: (byte[])"${source}; line: ${line}, column: ${column}]`;
}

/**
 * The scanner recurses once per nesting level: a payload nested deeper than the stack allows gets
 * the generic description rather than ending the request in a 500.
 */
function scanWithinStack(text: string): Failure | undefined {
  try {
    return scan(text);
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

function charDesc(c: string): string {
  return `('${c}' (code ${c.codePointAt(0)}))`;
}

function scan(text: string): Failure | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const eof = (what: string): Failure => ({ pos: i, message: `Unexpected end-of-input${what}` });
  const value = (): Failure | undefined => {
    ws();
    const c = text[i];
    if (c === undefined) return eof(`: expected a valid value ${VALUE}`);
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m || m[0] === '-') return { pos: i + 1, message: `Unexpected character: expected digit ${VALUE}` };
      i += m[0].length;
      return undefined;
    }
    const word = /^[A-Za-z0-9_$]+/.exec(text.slice(i))?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      i += word.length;
      return undefined;
    }
    if (word && /^[A-Za-z]/.test(word)) {
      return { pos: i + word.length, message: `Unrecognized token '${word}': was expecting ${VALUE}` };
    }
    return { pos: i + 1, message: `Unexpected character ${charDesc(c)}: expected a valid value ${VALUE}` };
  };
  const string = (): Failure | undefined => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') i++;
      else if (c < ' ') {
        return { pos: i + 1, message: `Illegal unquoted character (CTRL-CHAR, code ${c.charCodeAt(0)})` };
      }
      i++;
    }
    return eof(': was expecting closing quote for a string value');
  };
  const array = (): Failure | undefined => {
    i++;
    ws();
    if (text[i] === ']') return (i++, undefined);
    for (;;) {
      const f = value();
      if (f) return f;
      ws();
      const c = text[i];
      if (c === undefined) return eof(': expected close marker for Array');
      i++;
      if (c === ']') return undefined;
      if (c !== ',')
        return {
          pos: i,
          message: `Unexpected character ${charDesc(c)}: was expecting comma to separate Array entries`,
        };
    }
  };
  const object = (): Failure | undefined => {
    i++;
    ws();
    if (text[i] === '}') return (i++, undefined);
    for (;;) {
      ws();
      const q = text[i];
      if (q === undefined) return eof(': expected close marker for Object');
      if (q !== '"')
        return {
          pos: i + 1,
          message: `Unexpected character ${charDesc(q)}: was expecting double-quote to start field name`,
        };
      const f = string();
      if (f) return f;
      ws();
      const colon = text[i];
      if (colon === undefined) return eof(': expected close marker for Object');
      if (colon !== ':') {
        return {
          pos: i + 1,
          message: `Unexpected character ${charDesc(colon)}: was expecting a colon to separate field name and value`,
        };
      }
      i++;
      const v = value();
      if (v) return v;
      ws();
      const c = text[i];
      if (c === undefined) return eof(': expected close marker for Object');
      i++;
      if (c === '}') return undefined;
      if (c !== ',')
        return {
          pos: i,
          message: `Unexpected character ${charDesc(c)}: was expecting comma to separate Object entries`,
        };
    }
  };
  const f = value();
  if (f) return f;
  ws();
  if (i < text.length) {
    return { pos: i + 1, message: `Unexpected character ${charDesc(text[i]!)}: expected end-of-input` };
  }
  return undefined;
}
