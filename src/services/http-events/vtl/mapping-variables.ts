// API Gateway's `$input` and `$util` mapping template variables.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
//
// $input.body is the raw payload, `{}` when it is empty (as AWS renders it); $input.json(x) and
// $input.path(x) read it as JSON (an empty payload is `{}`), a missing definite path giving an empty
// string and null respectively; $input.params(x) searches path, query string then header (a header
// by any case) and gives "" when none has it. A payload that is not JSON fails the template with
// InvalidJsonError, which the REST data plane answers 400 like AWS.
import { TemplateRuntimeError } from './cursor.js';
import { evaluateJsonPath } from './json-path.js';
import { HostObject, fromJson, fromPlain, toText } from './values.js';

/** $input.json/$input.path on a payload that is not JSON. */
export class InvalidJsonError extends TemplateRuntimeError {
  override name = 'InvalidJsonError';
}

export interface MethodParameters {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

export function inputVariable(body: string, params?: MethodParameters): HostObject {
  let parsed: { value: unknown } | undefined;
  const document = (): unknown => {
    if (!parsed) {
      try {
        parsed = { value: body.trim() === '' ? {} : JSON.parse(body) };
      } catch (e) {
        throw new InvalidJsonError(`Could not parse request body into json: ${(e as Error).message}`);
      }
    }
    return parsed.value;
  };
  const all = params ?? { path: {}, querystring: {}, header: {} };
  return new HostObject(
    {
      json: (path) => {
        const result = evaluateJsonPath(document(), toText(path));
        return result.found ? (JSON.stringify(result.value) ?? 'null') : '';
      },
      path: (path) => {
        const result = evaluateJsonPath(document(), toText(path));
        return result.found ? fromJson(result.value) : undefined;
      },
      params: (...args) => {
        if (args.length === 0) return fromPlain(all);
        const name = toText(args[0]);
        const lower = name.toLowerCase();
        return (
          all.path[name] ??
          all.querystring[name] ??
          Object.entries(all.header).find(([k]) => k.toLowerCase() === lower)?.[1] ??
          ''
        );
      },
    },
    { body: body === '' ? '{}' : body },
  );
}

/**
 * Apache Commons Lang 2's StringEscapeUtils.escapeJavaScript, which API Gateway's $util.escapeJavaScript
 * is: quotes, backslash and `/` escaped, control characters as \b \t \n \f \r or \u00XX, and every
 * character above U+007F as \uXXXX (upper-case hex).
 */
export function escapeJavaScript(s: string): string {
  let out = '';
  for (const ch of s) {
    for (let i = 0; i < ch.length; i++) {
      const code = ch.charCodeAt(i);
      const named: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
      if (code > 0x7f || (code < 0x20 && !named[code]))
        out += '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
      else if (named[code]) out += named[code];
      else if (ch === "'" || ch === '"' || ch === '\\' || ch === '/') out += '\\' + ch;
      else out += ch;
    }
  }
  return out;
}

/** Java's URLEncoder.encode(s, "UTF-8"): `+` for space, `.-*_` and alphanumerics kept. */
export function javaUrlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/** Java's URLDecoder.decode(s, "UTF-8"). */
export function javaUrlDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new TemplateRuntimeError(`URLDecoder: Illegal hex characters in escape (%) pattern: ${s}`);
  }
}

const nullSafe =
  (f: (s: string) => unknown) =>
  (v: unknown): unknown =>
    v === undefined ? undefined : f(toText(v));

export function utilVariable(): HostObject {
  return new HostObject({
    escapeJavaScript: nullSafe(escapeJavaScript),
    parseJson: nullSafe((s) => {
      try {
        return fromJson(JSON.parse(s));
      } catch (e) {
        throw new TemplateRuntimeError(`$util.parseJson: ${(e as Error).message}`);
      }
    }),
    urlEncode: nullSafe(javaUrlEncode),
    urlDecode: nullSafe(javaUrlDecode),
    base64Encode: nullSafe((s) => Buffer.from(s, 'utf8').toString('base64')),
    base64Decode: nullSafe((s) => Buffer.from(s, 'base64').toString('utf8')),
  });
}
