/**
 * Remembers tokens whose signature and claims were verified, so a client reusing its access token (every client
 * does, for its whole lifetime) costs one ES256/RS256 verification, not one per request. On the policy benchmark
 * the signature check was the largest single cost of the chain.
 *
 * Why this is sound:
 * - Only successful verifications are kept; a failure is judged afresh every time.
 * - An entry is served only while the token itself is unexpired (its `exp`, with the verifier's clock tolerance),
 *   and never longer than `maxAgeSeconds` after it was verified. The remote JWKS is itself trusted for
 *   `auth.jwksCacheMaxAgeMs` (10 min by default), so a withdrawn key stops being honoured here no later than the
 *   key set cache would notice the withdrawal anyway, once `maxAgeSeconds` is below it (enforced by the schema).
 * - The key is the whole compact token: two tokens that differ in one bit are two entries.
 * - Bounded: past `maxEntries` the oldest entry goes (insertion order), so a flood of distinct valid tokens costs
 *   memory in proportion to the bound, not to the flood.
 */
import type { AccessTokenClaims, TokenVerifier } from './token-verifier';

export interface VerifiedTokenCacheOptions {
  /** Most tokens kept; 0 turns the cache off. */
  maxEntries: number;
  /** Longest an entry is served after its verification, in seconds. */
  maxAgeSeconds: number;
  /** The verifier's clock tolerance: a token is served until `exp + tolerance`, as the verifier would accept it. */
  clockToleranceSeconds: number;
  /** The clock, in milliseconds; tests move it. */
  now?: () => number;
}

interface Entry {
  claims: AccessTokenClaims;
  /** When the entry stops being served, in epoch milliseconds. */
  until: number;
}

export function withVerifiedTokenCache(verify: TokenVerifier, options: VerifiedTokenCacheOptions): TokenVerifier {
  if (options.maxEntries <= 0 || options.maxAgeSeconds <= 0) return verify;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  return async (token) => {
    const cached = entries.get(token);
    if (cached) {
      if (now() < cached.until) return cached.claims;
      entries.delete(token);
    }
    // Frozen: every request served from one entry shares the object, so no policy may change it for the next.
    const claims = Object.freeze({ ...(await verify(token)) });
    const verifiedAt = now();
    // `exp` is required by the verifier; without it (never here) nothing is cached.
    const expiresAt = typeof claims.exp === 'number' ? (claims.exp + options.clockToleranceSeconds) * 1000 : verifiedAt;
    const until = Math.min(expiresAt, verifiedAt + options.maxAgeSeconds * 1000);
    if (until > verifiedAt) {
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(token, { claims, until });
    }
    return claims;
  };
}
