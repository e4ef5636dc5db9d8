// Java regular expressions and replacement strings (String.replaceAll/split/matches, selectionPattern)
// in JavaScript. The two dialects agree on what templates use; Java-only syntax handled here: a leading
// inline flag group `(?i)`/`(?s)`/`(?m)`, `\A`, `\z`, `\Z`, and `$n`/`${name}`/`\x` in replacements.
import { TemplateRuntimeError } from './cursor.js';

export function javaRegex(pattern: string, global = false): RegExp {
  let flags = global ? 'g' : '';
  let body = pattern;
  const inline = /^\(\?([ism]+)\)/.exec(body);
  if (inline) {
    flags += [...new Set(inline[1])].join('');
    body = body.slice(inline[0].length);
  }
  body = body.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
  try {
    return new RegExp(body, flags);
  } catch (e) {
    throw new TemplateRuntimeError(
      `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`,
    );
  }
}

/** Whether the whole of `text` matches (Java's Pattern.matches). */
export function fullMatch(pattern: string, text: string): boolean {
  const re = javaRegex(pattern);
  return new RegExp(`^(?:${re.source})$`, re.flags).test(text);
}

/** A Java replacement string → a JavaScript one (`\$` literal dollar, `${name}` named group). */
export function javaReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i]!;
    if (ch === '\\') {
      const next = replacement[++i];
      if (next === undefined) throw new TemplateRuntimeError('character to be escaped is missing');
      out += next === '$' ? '$$' : next;
    } else if (ch === '$') {
      const named = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(replacement.slice(i + 1));
      const group = /^\d+/.exec(replacement.slice(i + 1));
      if (named) {
        out += `$<${named[1]}>`;
        i += named[0].length;
      } else if (group) {
        out += `$${group[0]}`;
        i += group[0].length;
      } else {
        throw new TemplateRuntimeError('Illegal group reference');
      }
    } else {
      out += ch;
    }
  }
  return out;
}

/** Java's String.split(regex, limit): no leading empty part from a zero-width match; limit 0 drops trailing empties. */
export function javaSplit(text: string, pattern: string, limit = 0): string[] {
  const re = javaRegex(pattern, true);
  const parts: string[] = [];
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      if (m.index === 0 || m.index >= text.length) continue;
    }
    if (limit > 0 && parts.length === limit - 1) break;
    parts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  if (limit === 0) while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (limit === 0 && parts.length === 1 && parts[0] === '' && text !== '') return [];
  return parts;
}
