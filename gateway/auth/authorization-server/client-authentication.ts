/**
 * Client authentication at the token endpoint (RFC 6749 §2.3.1): HTTP Basic (`client_secret_basic`) or the
 * `client_id` and `client_secret` form parameters (`client_secret_post`), exactly one of them. An unknown client
 * costs the same scrypt verification as a known one, and both get the same answer.
 */
import { randomBytes } from 'node:crypto';
import type { ClientConfig } from '../../config/auth-schema';
import { OAuthError } from './errors';
import type { VerificationSlots } from './verification-slots';

export type ClientAuthenticationMethod = 'client_secret_basic' | 'client_secret_post';

export const CLIENT_AUTHENTICATION_METHODS: readonly ClientAuthenticationMethod[] = ['client_secret_basic', 'client_secret_post'];

export interface PresentedCredentials {
  method: ClientAuthenticationMethod;
  clientId: string;
  secret: string;
}

/** The one description of every failed authentication: it must not tell an unknown client from a wrong secret. */
export const AUTHENTICATION_FAILED = 'Client authentication failed';

const BASIC = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/** application/x-www-form-urlencoded decoding of one value; undefined when malformed. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function fromBasic(header: string): PresentedCredentials {
  const match = BASIC.exec(header);
  if (!match) {
    const scheme = /^\S+/.exec(header)?.[0] ?? '';
    const why = scheme.toLowerCase() === 'basic' ? 'malformed HTTP Basic credentials' : 'use HTTP Basic or the client_id and client_secret parameters';
    throw new OAuthError('invalid_client', `${AUTHENTICATION_FAILED}: ${why}`, true);
  }
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const clientId = colon > 0 ? formDecode(decoded.slice(0, colon)) : undefined;
  const secret = colon > 0 ? formDecode(decoded.slice(colon + 1)) : undefined;
  if (!clientId || !secret) throw new OAuthError('invalid_client', `${AUTHENTICATION_FAILED}: malformed HTTP Basic credentials`, true);
  return { method: 'client_secret_basic', clientId, secret };
}

/**
 * The credentials a token request presents. Basic together with a `client_secret` parameter (or with a different
 * `client_id`) is two methods at once: invalid_request. No credentials at all: invalid_client with a Basic challenge.
 */
export function presentedCredentials(authorization: string | undefined, form: { clientId?: string | undefined; clientSecret?: string | undefined }): PresentedCredentials {
  if (authorization !== undefined && authorization !== '') {
    const basic = fromBasic(authorization);
    if (form.clientSecret !== undefined) {
      throw new OAuthError('invalid_request', 'Use one client authentication method: HTTP Basic or the client_id and client_secret parameters, not both');
    }
    if (form.clientId !== undefined && form.clientId !== basic.clientId) {
      throw new OAuthError('invalid_request', 'The client_id parameter does not match the client of the HTTP Basic credentials');
    }
    return basic;
  }
  if (form.clientId === undefined && form.clientSecret === undefined) {
    throw new OAuthError('invalid_client', `${AUTHENTICATION_FAILED}: no client credentials (use HTTP Basic or the client_id and client_secret parameters)`, true);
  }
  if (form.clientId === undefined || form.clientSecret === undefined) {
    throw new OAuthError('invalid_client', `${AUTHENTICATION_FAILED}: client_id and client_secret go together`);
  }
  return { method: 'client_secret_post', clientId: form.clientId, secret: form.clientSecret };
}

/** The cost parameters most configured hashes use, so the dummy verification takes as long as a real one. */
function dummyHash(clients: Iterable<{ secretHash: string }>): string {
  const counts = new Map<string, number>();
  for (const { secretHash } of clients) {
    const cost = secretHash.split('$').slice(1, 4).join('$');
    counts.set(cost, (counts.get(cost) ?? 0) + 1);
  }
  const cost = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '16384$8$1';
  // A random salt and a random expected key: nothing can ever verify against it.
  return `scrypt$${cost}$${randomBytes(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`;
}

export type ClientAuthenticator = (credentials: PresentedCredentials) => Promise<Readonly<ClientConfig>>;

export type SecretVerifier = (secret: string, stored: string) => Promise<boolean>;

/** Every verification, a known client's or the dummy one of an unknown client, runs in one of `slots`. */
export function createClientAuthenticator(
  clients: ReadonlyMap<string, Readonly<ClientConfig> & { readonly secretHash: string }>,
  verify: SecretVerifier,
  slots: VerificationSlots,
): ClientAuthenticator {
  const unknownClientHash = dummyHash(clients.values());
  return async (credentials) => {
    const client = clients.get(credentials.clientId);
    const verified = await slots.run(() => verify(credentials.secret, client?.secretHash ?? unknownClientHash));
    if (!client || !verified) throw new OAuthError('invalid_client', AUTHENTICATION_FAILED, credentials.method === 'client_secret_basic');
    return client;
  };
}
