// The matching rules of IAM policy elements, as the IAM User Guide states them:
//  - Action: case-insensitive, `*` and `?` wildcards
//    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html);
//  - Resource: case-sensitive, wildcards within each ARN segment
//    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html);
//  - Condition operators: "If the key that you specify in a policy condition is not present in the
//    request context, the values do not match and the condition is false. If the policy condition
//    requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is
//    not present, the condition is true. This logic applies to all condition operators except
//    ...IfExists and Null check."
//    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
//  - ArnEquals/ArnLike: "Each of the six colon-delimited components of the ARN is checked separately
//    and each can include multi-character match wildcards (*) or single-character match wildcards (?)."

/** A request context value: one string, several (multivalued keys), or absent. */
export type ContextValue = string | string[] | undefined;

/** Whole-string match with `*` (any run) and `?` (one character). */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  // Iterative glob match with back-tracking to the last `*` (linear in practice, no regex escaping).
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * ArnLike / ArnEquals: the six colon-delimited components are matched one by one; the last one (the
 * resource) keeps any further colons (`function:name:alias`). A pattern of a single `*` matches any ARN.
 */
export function arnMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const v = splitArn(value);
  if (!p || !v) return false;
  return p.every((part, i) => wildcardMatch(part, v[i]!));
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

type Matcher = (policyValue: string, contextValue: string) => boolean;

const MATCHERS: Record<string, { match: Matcher; negated: boolean }> = {
  StringEquals: { match: (p, c) => p === c, negated: false },
  StringNotEquals: { match: (p, c) => p === c, negated: true },
  StringEqualsIgnoreCase: { match: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { match: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: true },
  StringLike: { match: (p, c) => wildcardMatch(p, c), negated: false },
  StringNotLike: { match: (p, c) => wildcardMatch(p, c), negated: true },
  ArnEquals: { match: arnMatch, negated: false },
  ArnLike: { match: arnMatch, negated: false },
  ArnNotEquals: { match: arnMatch, negated: true },
  ArnNotLike: { match: arnMatch, negated: true },
  Bool: { match: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: false },
  NumericEquals: { match: numeric((a, b) => a === b), negated: false },
  NumericNotEquals: { match: numeric((a, b) => a === b), negated: true },
  NumericLessThan: { match: numeric((p, c) => c < p), negated: false },
  NumericLessThanEquals: { match: numeric((p, c) => c <= p), negated: false },
  NumericGreaterThan: { match: numeric((p, c) => c > p), negated: false },
  NumericGreaterThanEquals: { match: numeric((p, c) => c >= p), negated: false },
  DateEquals: { match: date((a, b) => a === b), negated: false },
  DateNotEquals: { match: date((a, b) => a === b), negated: true },
  DateLessThan: { match: date((p, c) => c < p), negated: false },
  DateLessThanEquals: { match: date((p, c) => c <= p), negated: false },
  DateGreaterThan: { match: date((p, c) => c > p), negated: false },
  DateGreaterThanEquals: { match: date((p, c) => c >= p), negated: false },
};

function numeric(cmp: (policy: number, context: number) => boolean): Matcher {
  return (p, c) => {
    const a = Number(p);
    const b = Number(c);
    return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
  };
}

function date(cmp: (policy: number, context: number) => boolean): Matcher {
  const parse = (s: string) => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));
  return (p, c) => {
    const a = parse(p);
    const b = parse(c);
    return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
  };
}

/** Looks a condition key up; keys are case-insensitive ("AWS:SourceArn" is "aws:SourceArn"). */
export function lookupKey(context: Record<string, ContextValue>, key: string): string[] | undefined {
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) {
    if (k.toLowerCase() !== wanted || v === undefined) continue;
    return Array.isArray(v) ? v : [v];
  }
  return undefined;
}

/**
 * One `Condition` block: every operator, and every key under it, must hold (AND); the values listed
 * for one key are alternatives (OR). Unknown operators never hold, so an Allow with one grants nothing.
 */
export function conditionsHold(condition: unknown, context: Record<string, ContextValue>): boolean {
  if (condition === undefined || condition === null) return true;
  if (typeof condition !== 'object') return false;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null) return false;
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      if (!operatorHolds(operator, values, lookupKey(context, key))) return false;
    }
  }
  return true;
}

function operatorHolds(operator: string, policyValues: string[], present: string[] | undefined): boolean {
  if (operator === 'Null') {
    // "true": the key must be absent; "false": it must be present.
    const wantAbsent = policyValues.some((v) => v.toLowerCase() === 'true');
    return wantAbsent ? present === undefined : present !== undefined;
  }
  let op = operator;
  let set: 'ForAnyValue' | 'ForAllValues' | undefined;
  const qualifier = /^(ForAnyValue|ForAllValues):(.+)$/.exec(op);
  if (qualifier) {
    set = qualifier[1] as 'ForAnyValue' | 'ForAllValues';
    op = qualifier[2]!;
  }
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  const matcher = MATCHERS[op];
  if (!matcher) return false;
  if (present === undefined || present.length === 0) {
    if (ifExists) return true;
    // ForAllValues over an empty set is vacuously true; otherwise only a negated operator holds.
    if (set === 'ForAllValues') return true;
    return matcher.negated;
  }
  const matchesAny = (c: string) => policyValues.some((p) => matcher.match(p, c));
  const holdsFor = (c: string) => (matcher.negated ? !matchesAny(c) : matchesAny(c));
  if (set === 'ForAllValues') return present.every(holdsFor);
  if (set === 'ForAnyValue') return present.some(holdsFor);
  // A single-valued key (the keys resource policies use); several values behave as "any of them".
  return matcher.negated ? present.every(holdsFor) : present.some(holdsFor);
}
