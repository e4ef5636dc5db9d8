// Names a function the way Lambda accepts it: a name, a full ARN or a partial ARN
// (`123456789012:function:name`), each with an optional `:qualifier` suffix
// (https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html#API_GetFunction_RequestParameters).
// The model's pattern is checked by the codec; this splits a valid value into its parts.
import { qualifierMismatch, resourceNotFound, validationOne } from './errors.js';

export interface FunctionRef {
  name: string;
  /** The `:qualifier` suffix of the name or ARN, if any. */
  qualifier?: string;
  account?: string;
  region?: string;
}

const REF =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_.]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;

/** Splits a FunctionName parameter; undefined when it is not one Lambda accepts. */
export function parseFunctionRef(input: string): FunctionRef | undefined {
  const m = REF.exec(input);
  if (!m) return undefined;
  const ref: FunctionRef = { name: m[3]! };
  if (m[4] !== undefined) ref.qualifier = m[4];
  if (m[2] !== undefined) ref.account = m[2];
  if (m[1] !== undefined) ref.region = m[1];
  return ref;
}

export const NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  const arn = `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  return qualifier === undefined ? arn : `${arn}:${qualifier}`;
}

export interface ResolvedRef {
  name: string;
  accountId: string;
  /** The qualifier from the suffix or the Qualifier parameter (they must agree). */
  qualifier?: string;
  /** Unqualified ARN. */
  arn: string;
}

/**
 * Resolves a FunctionName parameter (and an optional Qualifier parameter) against the caller's
 * account and the region Cumulo serves. AWS answers a qualifier conflict with
 * InvalidParameterValueException and an ARN of another region with ResourceNotFoundException
 * "Functions from 'x' are not reachable in this region ('y')".
 */
export function resolveRef(
  input: string,
  qualifierParam: string | undefined,
  ctx: { accountId: string; region: string },
): ResolvedRef {
  const ref = parseFunctionRef(input);
  if (!ref)
    throw validationOne(
      input,
      'functionName',
      `Member must satisfy regular expression pattern: ${NAME_PATTERN}`,
    );
  if (qualifierParam !== undefined && ref.qualifier !== undefined && qualifierParam !== ref.qualifier) {
    throw qualifierMismatch();
  }
  if (ref.region !== undefined && ref.region !== ctx.region) {
    throw resourceNotFound(
      `Functions from '${ref.region}' are not reachable in this region ('${ctx.region}')`,
    );
  }
  const accountId = ref.account ?? ctx.accountId;
  const out: ResolvedRef = { name: ref.name, accountId, arn: functionArn(ctx.region, accountId, ref.name) };
  const qualifier = qualifierParam ?? ref.qualifier;
  if (qualifier !== undefined) out.qualifier = qualifier;
  return out;
}

/** A published version number ('1', '2'…), as opposed to '$LATEST' or an alias name. */
export function isVersionNumber(qualifier: string): boolean {
  return /^[0-9]+$/.test(qualifier);
}
