/**
 * Options of the built-in authorization server, checked once at creation: a mistake stops the start with a
 * `ConfigError` naming the option, and the result is frozen.
 */
import type Redis from 'ioredis';
import { z } from 'zod';
import { ConfigError } from '../../config';
import { clientSchema, tokenEndpointSchema, type ClientConfig, type TokenEndpointConfig } from '../../config/auth-schema';
import type { Logger } from '../../logger';
import { verifySecret } from '../client-secrets';
import type { SecretVerifier } from './client-authentication';
import type { FailureStoreOptions } from './failure-limits';
import { SIGNING_ALGORITHM, type SigningKey } from '../signing-key';

export interface AuthorizationServerOptions {
  /**
   * The `iss` of every token and the base of the endpoints' URLs (`${issuer}/oauth/token`): this gateway's public
   * URL, http(s), without a trailing slash, query or fragment (RFC 8414 §2).
   */
  issuer: string;
  /** The `aud` of every token (auth.audience). */
  audience: string;
  /** Who may get tokens; every client needs a `secretHash`. */
  clients: readonly ClientConfig[];
  /** Lifetime of a token, in seconds (auth.tokenTtlSeconds). 1 to 86400. */
  tokenTtlSeconds: number;
  /** From `loadOrCreateSigningKey`. */
  signingKey: SigningKey;
  /** Gets the client id and outcome of every token request; never secrets or tokens. */
  logger: Logger;
  /** Current time in milliseconds. Default `Date.now`. */
  clock?: () => number;
  /**
   * Brute-force protection of the token endpoint (auth.tokenEndpoint): failure limits per client id and per address,
   * bounded concurrent verifications, the fail mode. Each key defaults as documented in tokenEndpointSchema.
   */
  tokenEndpoint?: Partial<TokenEndpointConfig>;
  /** Where the failure counters live. Default `{ kind: 'memory' }`. */
  failureStore?: FailureStoreOptions;
  /** Checks a presented secret against a stored hash. Default: scrypt (`verifySecret`); tests inject a spy. */
  verifySecret?: SecretVerifier;
}

export interface AuthorizationServerConfiguration {
  readonly issuer: string;
  readonly audience: string;
  /** By client id. */
  readonly clients: ReadonlyMap<string, Readonly<ClientConfig> & { readonly secretHash: string }>;
  readonly tokenTtlSeconds: number;
  readonly signingKey: SigningKey;
  readonly logger: Logger;
  readonly clock: () => number;
  readonly tokenEndpoint: Readonly<TokenEndpointConfig>;
  readonly failureStore: FailureStoreOptions;
  readonly verifySecret: SecretVerifier;
}

export const DEFAULTS = {
  clock: Date.now,
  /** Largest token request body, in bytes: a token request is a few hundred bytes. */
  bodyLimitBytes: 8 * 1024,
  /** Most form parameters in one token request. */
  parameterLimit: 16,
} as const;

const issuerSchema = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash && !value.includes('?') && !value.includes('#') && !value.endsWith('/') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'an http(s) URL without query, fragment, credentials or trailing slash');

function isRedisClient(value: unknown): value is Redis {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.call === 'function' && typeof candidate.on === 'function' && typeof candidate.status === 'string';
}

const optionsSchema = z
  .object({
    issuer: issuerSchema,
    audience: z.string().min(1),
    clients: z.array(clientSchema.extend({ secretHash: z.string({ error: 'required by the built-in authorization server' }).pipe(clientSchema.shape.secretHash.unwrap()) })),
    tokenTtlSeconds: z.number().int().min(1).max(86_400),
    signingKey: z
      .object({
        kid: z.string().min(1),
        alg: z.literal(SIGNING_ALGORITHM),
        privateKey: z.custom<SigningKey['privateKey']>((value) => typeof value === 'object' && value !== null, 'a private key'),
        publicJwk: z.looseObject({ kid: z.string().min(1) }),
      })
      .refine((key) => key.publicJwk.kid === key.kid, { message: 'publicJwk.kid must equal kid', path: ['publicJwk', 'kid'] })
      .refine((key) => !('d' in key.publicJwk), { message: 'publicJwk must not hold the private member d', path: ['publicJwk', 'd'] }),
    logger: z.custom<Logger>((value) => typeof value === 'object' && value !== null && ['error', 'warn', 'info', 'debug'].every((level) => typeof (value as Record<string, unknown>)[level] === 'function'), 'a logger'),
    clock: z.custom<() => number>((value) => typeof value === 'function', 'a function returning milliseconds').optional(),
    tokenEndpoint: tokenEndpointSchema.prefault({}),
    failureStore: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('memory') }).strict(),
        z.object({ kind: z.literal('redis'), client: z.custom<Redis>(isRedisClient, 'an ioredis client'), prefix: z.string().min(1).max(64) }).strict(),
      ])
      .optional(),
    verifySecret: z.custom<SecretVerifier>((value) => typeof value === 'function', 'a function (secret, hash) => Promise<boolean>').optional(),
  })
  .strict()
  .superRefine((options, context) => {
    const seen = new Set<string>();
    options.clients.forEach((client, index) => {
      if (seen.has(client.id)) context.addIssue({ code: 'custom', path: ['clients', index, 'id'], message: `client ${client.id} is listed twice` });
      seen.add(client.id);
    });
  });

export function parseAuthorizationServerOptions(options: AuthorizationServerOptions): AuthorizationServerConfiguration {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
    throw new ConfigError(`invalid authorization server options:\n  ${lines.join('\n  ')}`);
  }
  const clients = new Map(result.data.clients.map((client) => [client.id, Object.freeze({ ...client, scopes: Object.freeze([...client.scopes]) }) as Readonly<ClientConfig> & { secretHash: string }]));
  // The signing key and the logger are kept as given (the parsed copy of an object schema would drop members).
  return Object.freeze({
    issuer: options.issuer,
    audience: options.audience,
    clients,
    tokenTtlSeconds: options.tokenTtlSeconds,
    signingKey: options.signingKey,
    logger: options.logger,
    clock: options.clock ?? DEFAULTS.clock,
    tokenEndpoint: Object.freeze({ ...result.data.tokenEndpoint }),
    // The Redis client is kept as given (a parsed copy would not be the connection).
    failureStore: options.failureStore?.kind === 'redis' ? Object.freeze({ kind: 'redis', client: options.failureStore.client, prefix: options.failureStore.prefix }) : Object.freeze({ kind: 'memory' }),
    verifySecret: options.verifySecret ?? verifySecret,
  });
}
