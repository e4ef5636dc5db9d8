// Velocity's arithmetic and comparisons. Integers stay integers (5 / 2 is 2, as Java's int division);
// a Double on either side makes a Double. `+` with a string on either side concatenates. What Velocity
// logs and answers null for (arithmetic on null or non-numbers, division by zero) answers null here.
import type { BinaryOp } from './ast.js';
import { JDouble, isNumber, numberValue, toText, velocityEquals } from './values.js';

function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: unknown, b: unknown): unknown {
  if (op === '+' && (typeof a === 'string' || typeof b === 'string') && a !== undefined && b !== undefined)
    return toText(a) + toText(b);
  if (!isNumber(a) || !isNumber(b)) return undefined;
  const x = numberValue(a);
  const y = numberValue(b);
  const double = a instanceof JDouble || b instanceof JDouble;
  if ((op === '/' || op === '%') && y === 0 && !double) return undefined;
  let result: number;
  switch (op) {
    case '+':
      result = x + y;
      break;
    case '-':
      result = x - y;
      break;
    case '*':
      result = x * y;
      break;
    case '/':
      result = double ? x / y : Math.trunc(x / y);
      break;
    case '%':
      result = x % y;
      break;
  }
  return double ? new JDouble(result) : result;
}

function compare(a: unknown, b: unknown): number | undefined {
  if (isNumber(a) && isNumber(b)) return numberValue(a) - numberValue(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** A binary operator other than && and || (which short-circuit in the evaluator). */
export function applyOperator(op: Exclude<BinaryOp, '&&' | '||'>, a: unknown, b: unknown): unknown {
  switch (op) {
    case '==':
      return velocityEquals(a, b);
    case '!=':
      return !velocityEquals(a, b);
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const c = compare(a, b);
      if (c === undefined) return false;
      return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
    }
    default:
      return arithmetic(op, a, b);
  }
}

export function negate(v: unknown): unknown {
  if (v instanceof JDouble) return new JDouble(-v.value);
  return typeof v === 'number' ? -v : undefined;
}
