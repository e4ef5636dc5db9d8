// S3's CORS rule evaluation, as "How does Amazon S3 evaluate the CORS configuration on a bucket?"
// describes it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html): the first
// CORSRule that matches wins, and a rule matches when
//   - the request's Origin matches an AllowedOrigin (which may hold one `*` wildcard),
//   - the method (Access-Control-Request-Method on a preflight) is one of AllowedMethods,
//   - every header of Access-Control-Request-Headers matches an AllowedHeader (one `*` each).
// The response headers are the ones S3 sends, as recorded against AWS in LocalStack's
// tests/aws/services/s3/test_s3_cors.snapshot.json.

/** One rule of a bucket's CORS configuration, shaped as the S3 model's CORSRule. */
export interface CorsRule {
  ID?: string;
  AllowedHeaders?: string[];
  AllowedMethods: string[];
  AllowedOrigins: string[];
  ExposeHeaders?: string[];
  MaxAgeSeconds?: number;
}

/** What a cross-origin request asks for. */
export interface CorsAsk {
  origin: string;
  /** The method of the actual request (Access-Control-Request-Method on a preflight). */
  method: string;
  /** Header names from Access-Control-Request-Headers, lower-cased (empty when none). */
  headers: string[];
}

/** S3 answers every CORS response with the same Vary, preflight or not. */
export const CORS_VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/** Matches `value` against a pattern with at most one `*` wildcard (S3 allows one per string). */
export function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

/** Splits an Access-Control-Request-Headers value into lower-cased names. */
export function requestedHeaders(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h.length > 0);
}

function ruleMatches(rule: CorsRule, ask: CorsAsk): boolean {
  if (!rule.AllowedMethods.includes(ask.method)) return false;
  if (!rule.AllowedOrigins.some((o) => wildcardMatch(o, ask.origin))) return false;
  // Header names are case-insensitive: a rule's `x-AMZ-server-SIDE-encryption` allows
  // `x-amz-server-side-encryption` (LocalStack's AWS-recorded test_cors_match_headers).
  const allowed = (rule.AllowedHeaders ?? []).map((h) => h.toLowerCase());
  return ask.headers.every((h) => allowed.some((a) => wildcardMatch(a, h)));
}

/** The first rule that matches, or undefined. */
export function findCorsRule(rules: readonly CorsRule[], ask: CorsAsk): CorsRule | undefined {
  return rules.find((rule) => ruleMatches(rule, ask));
}

/**
 * The Access-Control-* headers S3 sends for a matched rule. A rule that allows the origin `*`
 * answers `*` (and no credentials); any other echoes the origin and allows credentials. Only
 * the requested headers are returned, lower-cased ("Amazon S3 returns any requested headers
 * that are allowed", API_CORSRule).
 */
export function corsHeaders(rule: CorsRule, ask: CorsAsk): Record<string, string> {
  const wildcard = rule.AllowedOrigins.includes('*');
  const headers: Record<string, string> = {
    'access-control-allow-origin': wildcard ? '*' : ask.origin,
  };
  if (!wildcard) headers['access-control-allow-credentials'] = 'true';
  headers['access-control-allow-methods'] = rule.AllowedMethods.join(', ');
  if (ask.headers.length > 0) headers['access-control-allow-headers'] = ask.headers.join(', ');
  if (rule.ExposeHeaders && rule.ExposeHeaders.length > 0) {
    headers['access-control-expose-headers'] = rule.ExposeHeaders.join(', ');
  }
  if (rule.MaxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.MaxAgeSeconds);
  headers.vary = CORS_VARY;
  return headers;
}
