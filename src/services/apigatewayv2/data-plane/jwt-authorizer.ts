// JWT authorizers of HTTP APIs: the token (from the identity source; a "Bearer " prefix is dropped) must
// be a JWT signed with one of the issuer's keys — found through `{issuer}/.well-known/openid-configuration`
// → jwks_uri — with `iss` equal to the configured Issuer, `aud` or `client_id` among the Audience,
// unexpired (`exp`, `nbf`, `iat`), and, when the route names AuthorizationScopes, a `scope`/`scp` that
// includes at least one of them. A bad token gets 401, missing scopes 403. Claims reach the integration
// as requestContext.authorizer.jwt {claims, scopes}. RS256 is verified with node:crypto.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import type { AuthorizerRecord } from '../records.js';

export type JwtDecision =
  | { kind: 'allow'; authorizer: Record<string, unknown> }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'forbidden'; reason: string };

type Json = Record<string, unknown>;

function decodePart(part: string | undefined): Json | undefined {
  if (!part) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

const ALGORITHMS: Record<string, string> = { RS256: 'RSA-SHA256', RS384: 'RSA-SHA384', RS512: 'RSA-SHA512' };
const KEYS_TTL_MS = 5 * 60_000;

/** The issuers' signing keys, fetched through OpenID discovery and kept for a few minutes. */
export class JwksCache {
  private readonly cache = new Map<string, { at: number; keys: Promise<Map<string, KeyObject>> }>();

  constructor(private readonly fetchJson: (url: string) => Promise<unknown>) {}

  async key(issuer: string, kid: string | undefined): Promise<KeyObject | undefined> {
    let entry = this.cache.get(issuer);
    if (!entry || Date.now() - entry.at > KEYS_TTL_MS) {
      entry = { at: Date.now(), keys: this.load(issuer) };
      this.cache.set(issuer, entry);
      entry.keys.catch(() => this.cache.delete(issuer));
    }
    const keys = await entry.keys;
    if (kid !== undefined) return keys.get(kid);
    return keys.size === 1 ? [...keys.values()][0] : undefined;
  }

  private async load(issuer: string): Promise<Map<string, KeyObject>> {
    const config = (await this.fetchJson(
      `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    )) as Json;
    const jwksUri = config?.jwks_uri;
    if (typeof jwksUri !== 'string') throw new Error(`no jwks_uri in ${issuer}'s OpenID configuration`);
    const jwks = (await this.fetchJson(jwksUri)) as { keys?: Array<Json> };
    const keys = new Map<string, KeyObject>();
    for (const jwk of jwks?.keys ?? []) {
      if (jwk.kty !== 'RSA' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
      try {
        keys.set(String(jwk.kid ?? ''), createPublicKey({ key: jwk as never, format: 'jwk' }));
      } catch {
        // an unusable key is skipped, as a JWKS may list keys of other kinds
      }
    }
    return keys;
  }
}

/** Claims as API Gateway passes them: every value a string. */
function claimStrings(payload: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    out[k] = Array.isArray(v)
      ? `[${v.join(' ')}]`
      : typeof v === 'object' && v !== null
        ? JSON.stringify(v)
        : String(v);
  }
  return out;
}

export async function verifyJwt(
  keys: JwksCache,
  authorizer: AuthorizerRecord,
  rawToken: string,
  requiredScopes: string[] | undefined,
  nowSeconds = Date.now() / 1000,
): Promise<JwtDecision> {
  const token = rawToken.replace(/^Bearer\s+/i, '').trim();
  const parts = token.split('.');
  const header = decodePart(parts[0]);
  const payload = decodePart(parts[1]);
  if (parts.length !== 3 || !header || !payload)
    return { kind: 'unauthorized', reason: 'Invalid JWT serialization' };
  const algorithm = ALGORITHMS[String(header.alg)];
  if (!algorithm) return { kind: 'unauthorized', reason: `Unsupported JWT algorithm ${String(header.alg)}` };
  const issuer = authorizer.JwtConfiguration?.Issuer ?? '';
  let key: KeyObject | undefined;
  try {
    key = await keys.key(issuer, header.kid === undefined ? undefined : String(header.kid));
  } catch (e) {
    return { kind: 'unauthorized', reason: `Cannot read the issuer's keys: ${(e as Error).message}` };
  }
  if (!key) return { kind: 'unauthorized', reason: 'No signing key matches the JWT kid' };
  const verifier = createVerify(algorithm);
  verifier.update(`${parts[0]}.${parts[1]}`);
  if (!verifier.verify(key, Buffer.from(parts[2]!, 'base64url'))) {
    return { kind: 'unauthorized', reason: 'JWT signature does not verify' };
  }
  if (payload.iss !== issuer) return { kind: 'unauthorized', reason: 'JWT issuer does not match' };
  const audience = authorizer.JwtConfiguration?.Audience ?? [];
  const tokenAud = [...(Array.isArray(payload.aud) ? payload.aud : [payload.aud]), payload.client_id];
  if (!tokenAud.some((a) => typeof a === 'string' && audience.includes(a))) {
    return { kind: 'unauthorized', reason: 'JWT audience does not match' };
  }
  if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds)
    return { kind: 'unauthorized', reason: 'JWT expired' };
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds)
    return { kind: 'unauthorized', reason: 'JWT not yet valid' };
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + 300) {
    return { kind: 'unauthorized', reason: 'JWT issued in the future' };
  }
  const scopeClaim = payload.scope ?? payload.scp;
  const scopes =
    typeof scopeClaim === 'string'
      ? scopeClaim.split(' ').filter(Boolean)
      : Array.isArray(scopeClaim)
        ? scopeClaim.map(String)
        : [];
  if (requiredScopes && requiredScopes.length > 0 && !requiredScopes.some((s) => scopes.includes(s))) {
    return { kind: 'forbidden', reason: 'JWT has none of the route authorization scopes' };
  }
  return {
    kind: 'allow',
    authorizer: { jwt: { claims: claimStrings(payload), scopes: scopes.length > 0 ? scopes : null } },
  };
}
