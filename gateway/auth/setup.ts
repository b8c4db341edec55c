/**
 * Builds the gateway's authentication from configuration: the built-in authorization server with its signing key
 * (when no external issuer is configured), the token verifier and authentication policy, and the gateway's own
 * service token for calls between tiers.
 */
import path from 'node:path';
import type { RequestHandler, Router } from 'express';
import { createAuthentication } from '../../policies/authentication';
import { ConfigError, type GatewayConfig } from '../config';
import type { Logger } from '../logger';
import { createRedisClient, waitUntilReady } from '../state/redis';
import { createAuthorizationServer, type FailureStoreOptions } from './authorization-server';
import { discoverTokenEndpoint } from './discovery';
import { createLocalServiceTokens, createServiceTokenProvider, type ServiceTokenProvider } from './service-token';
import { loadOrCreateSigningKey, publicJwks } from './signing-key';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';
import { withVerifiedTokenCache } from './verified-token-cache';

export interface GatewayAuth {
  /** The issuer tokens must come from. */
  issuer: string;
  /** The built-in authorization server's routes; absent with an external issuer. */
  authorizationServer?: Router;
  /** The external issuer's token endpoint, when configured or discovered at start (for the portal's try-it). */
  externalTokenUrl?: string;
  authentication: RequestHandler;
  serviceTokens: ServiceTokenProvider;
  /**
   * Releases what authentication holds: with the built-in server and `state.redisUrl`, the Redis connection of the
   * token endpoint's failure counters. Call it when the gateway stops.
   */
  close(): Promise<void>;
}

/** How long start-up waits for the failure counters' Redis, as the shared state does. */
const REDIS_READY_TIMEOUT_MS = 10_000;

/**
 * The token endpoint's failure counters: in Redis (a request-role client of its own: bounded commands, so a Redis
 * outage costs a token request milliseconds and auth.tokenEndpoint.failMode decides) when state.redisUrl is set,
 * so every instance counts the same failures; in this process otherwise.
 */
async function failureStore(config: GatewayConfig, logger: Logger): Promise<{ store: FailureStoreOptions; close(): Promise<void> }> {
  if (!config.state.redisUrl) return { store: { kind: 'memory' }, close: async () => undefined };
  const client = createRedisClient(config.state, { role: 'request', logger });
  try {
    // rate-limit-redis loads its scripts when its store is created: Redis must be ready by then.
    await waitUntilReady(client, REDIS_READY_TIMEOUT_MS);
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return { store: { kind: 'redis', client, prefix: config.state.keyPrefix }, close: async () => client.disconnect() };
}

/** `selfUrl` is the gateway's public URL: the built-in server's issuer and token endpoint live there. */
export async function createGatewayAuth(config: GatewayConfig, selfUrl: string, dataDir: string, logger: Logger): Promise<GatewayAuth> {
  const auth = config.auth;
  const verifierSettings = { audience: auth.audience, algorithms: auth.algorithms, clockToleranceSeconds: auth.clockToleranceSeconds };
  // Never served from the cache for longer than the issuer's keys are trusted without a refresh.
  const cacheSeconds = Math.min(auth.verifiedTokenCache.maxAgeSeconds, Math.floor(auth.jwksCacheMaxAgeMs / 1000));
  const cached = (verify: TokenVerifier) =>
    withVerifiedTokenCache(verify, { maxEntries: auth.verifiedTokenCache.maxEntries, maxAgeSeconds: cacheSeconds, clockToleranceSeconds: auth.clockToleranceSeconds });

  if (auth.issuer && auth.jwksUri) {
    const issuer = auth.issuer;
    const tokenUrl = auth.tokenUrl;
    let discovered: Promise<string> | undefined;
    // Best effort at start: the portal's try-it needs the URL; an issuer that is down now is asked again per token.
    const externalTokenUrl =
      tokenUrl ??
      (await discoverTokenEndpoint(issuer, 2000).catch((error: unknown) => {
        logger.warn('token endpoint not discovered at start; the portal keeps /oauth/token', { issuer, error: error instanceof Error ? error.message : String(error) });
        return undefined;
      }));
    return {
      issuer,
      ...(externalTokenUrl ? { externalTokenUrl } : {}),
      authentication: createAuthentication({
        clients: auth.clients,
        serviceClientId: auth.serviceClient.id,
        verify: cached(
          createTokenVerifier({
            ...verifierSettings,
            issuer,
            keys: { remote: new URL(auth.jwksUri), cacheMaxAgeMs: auth.jwksCacheMaxAgeMs, cooldownMs: auth.jwksCooldownMs, timeoutMs: auth.jwksTimeoutMs },
          }),
        ),
      }),
      serviceTokens: createServiceTokenProvider({
        tokenUrl: tokenUrl ?? (() => (discovered ??= discoverTokenEndpoint(issuer).catch((error: unknown) => {
          discovered = undefined;
          throw error;
        }))),
        clientId: auth.serviceClient.id,
        clientSecret: auth.serviceClient.secret,
        scopes: auth.serviceClient.scopes,
        ...(auth.serviceClient.resource ? { resource: auth.serviceClient.resource } : {}),
      }),
      close: async () => undefined,
    };
  }

  const signingKey = await loadOrCreateSigningKey(path.resolve(dataDir, auth.signingKeyFile));
  const failures = await failureStore(config, logger);
  const server = createAuthorizationServer({
    issuer: selfUrl,
    audience: auth.audience,
    clients: auth.clients,
    tokenTtlSeconds: auth.tokenTtlSeconds,
    signingKey,
    logger,
    tokenEndpoint: auth.tokenEndpoint,
    failureStore: failures.store,
  });
  const close = async () => {
    server.close();
    await failures.close();
  };
  const serviceTokens = createLocalServiceTokens({
    issue: () => server.issueToken(auth.serviceClient.id, [...auth.serviceClient.scopes]),
    lifetimeSeconds: auth.tokenTtlSeconds,
  });
  // The tiers cannot call each other without it: a service client missing from auth.clients (or lacking its
  // scopes) is a configuration mistake to report now, not a 500 on the first partner call.
  await serviceTokens.token().catch(async (error: unknown) => {
    await close();
    throw new ConfigError(`auth.serviceClient: the built-in server cannot issue the gateway's own token (${error instanceof Error ? error.message : String(error)}); list ${auth.serviceClient.id} in auth.clients with scopes ${auth.serviceClient.scopes.join(' ')}`);
  });
  return {
    issuer: selfUrl,
    authorizationServer: server.router,
    authentication: createAuthentication({
      clients: auth.clients,
      serviceClientId: auth.serviceClient.id,
      verify: cached(createTokenVerifier({ ...verifierSettings, issuer: selfUrl, keys: { local: publicJwks([signingKey]) } })),
    }),
    serviceTokens,
    close,
  };
}
