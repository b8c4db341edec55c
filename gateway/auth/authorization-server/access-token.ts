/**
 * Access tokens as JWTs per RFC 9068: header `{alg: ES256, typ: at+jwt, kid}`; claims iss, aud, sub (= client_id
 * for client credentials), client_id, scope, iat, nbf (= iat), exp and a 128-bit random jti.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from '../signing-key';

export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface IssuedAccessToken {
  token: string;
  jti: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresIn: number;
}

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  tokenTtlSeconds: number;
  signingKey: SigningKey;
  /** Milliseconds. */
  clock: () => number;
}

export function createAccessTokenSigner(settings: AccessTokenSettings): (clientId: string, scopes: readonly string[]) => Promise<IssuedAccessToken> {
  return async (clientId, scopes) => {
    const issuedAt = Math.floor(settings.clock() / 1000);
    const jti = randomBytes(16).toString('base64url');
    const token = await new SignJWT({ client_id: clientId, scope: scopes.join(' ') })
      .setProtectedHeader({ alg: settings.signingKey.alg, typ: ACCESS_TOKEN_TYPE, kid: settings.signingKey.kid })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setSubject(clientId)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + settings.tokenTtlSeconds)
      .setJti(jti)
      .sign(settings.signingKey.privateKey);
    return { token, jti, issuedAt, expiresIn: settings.tokenTtlSeconds };
  };
}
