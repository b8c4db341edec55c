/**
 * Verifies access tokens with jose: signature against the issuer's keys (a local key set for the built-in server, a
 * cached remote JWKS otherwise), pinned issuer, audience and algorithms, RFC 9068 `typ: at+jwt`, a small clock skew.
 * A token that fails is a 401; keys that cannot be had at all are a 503, since the token cannot be judged.
 */
import { createLocalJWKSet, createRemoteJWKSet, customFetch, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GatewayError } from '../errors';
import { boundedJwksFetch } from './identity-provider-answers';

export interface AccessTokenClaims extends JWTPayload {
  client_id?: string;
  azp?: string;
  scope?: string;
}

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  algorithms: readonly string[];
  clockToleranceSeconds: number;
  /** The issuer's keys: a local set (built-in server) or a remote JWKS with its cache settings. */
  keys: { local: JSONWebKeySet } | { remote: URL; cacheMaxAgeMs: number; cooldownMs: number; timeoutMs: number };
}

export type TokenVerifier = (token: string) => Promise<AccessTokenClaims>;

/** jose failures that mean "we could not get the keys" (timeout, a non-200 or non-JWKS answer), not "the token is bad". */
const KEYS_UNAVAILABLE = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keySource: JWTVerifyGetKey =
    'local' in options.keys
      ? createLocalJWKSet(options.keys.local)
      : createRemoteJWKSet(options.keys.remote, {
          cacheMaxAge: options.keys.cacheMaxAgeMs,
          cooldownDuration: options.keys.cooldownMs,
          timeoutDuration: options.keys.timeoutMs,
          [customFetch]: boundedJwksFetch,
        });
  return async (token) => {
    try {
      const { payload } = await jwtVerify<AccessTokenClaims>(token, keySource, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [...options.algorithms],
        clockTolerance: options.clockToleranceSeconds,
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat'],
      });
      return payload;
    } catch (error) {
      throw verificationError(error);
    }
  };
}

function verificationError(error: unknown): GatewayError {
  if (error instanceof errors.JOSEError) {
    if (KEYS_UNAVAILABLE.has(error.code)) {
      return new GatewayError('ERR_AUTH_UNAVAILABLE', 'The token issuer’s keys cannot be fetched; try again shortly', { cause: error, headers: { 'Retry-After': '5' } });
    }
    return new GatewayError('ERR_UNAUTHENTICATED', describe(error), { cause: error });
  }
  // fetch() failures (connection refused, DNS) surface as TypeError from the remote JWKS: the issuer is unreachable.
  if (error instanceof TypeError) {
    return new GatewayError('ERR_AUTH_UNAVAILABLE', 'The token issuer cannot be reached; try again shortly', { cause: error, headers: { 'Retry-After': '5' } });
  }
  return new GatewayError('ERR_UNAUTHENTICATED', 'The access token is invalid', { cause: error });
}

/** What a client may learn about its token's failure: enough to fix it, nothing about our keys. */
function describe(error: InstanceType<typeof errors.JOSEError>): string {
  switch (error.code) {
    case 'ERR_JWT_EXPIRED':
      return 'The access token has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (error as InstanceType<typeof errors.JWTClaimValidationFailed>).claim;
      if (claim === 'nbf') return 'The access token is not valid yet';
      if (claim === 'iss') return 'The access token comes from another issuer';
      if (claim === 'aud') return 'The access token is meant for another audience';
      if (claim === 'typ') return 'The token is not an access token (typ must be at+jwt)';
      return `The access token's ${claim} claim is invalid`;
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'The access token is signed with an algorithm that is not accepted';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'The access token is signed with an unknown key';
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'The access token signature is invalid';
    default:
      return 'The access token is malformed';
  }
}
