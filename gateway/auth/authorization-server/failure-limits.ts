/**
 * Counts failed client authentications at the token endpoint, per presented client id and per client address, and
 * refuses a request whose client id or address has used up its failures in the current window, before its secret
 * is verified: 429 `too_many_attempts` with Retry-After. Only failures are counted; a successful authentication,
 * and a request refused for a reason other than its credentials (invalid_scope after a good secret), costs nothing.
 *
 * Why not express-rate-limit's `skipSuccessfulRequests`: it counts every request before it runs and takes the count
 * back when the response status is < 400. A client asking for several tokens at once would then be counted for
 * requests that succeed, a good secret with a bad scope (400) would count as a failed authentication, and the
 * limiter would send RateLimit headers on every token response. Here the counters are express-rate-limit `Store`s
 * used directly, `get` before the verification and `increment` after a failed one: fixed windows, its memory store,
 * or a Redis store (rate-limit-redis, kept working across Redis restarts by gateway/state/redis's
 * RecoveringRedisStore), shared by every instance on one Redis prefix.
 *
 * Concurrent attempts that passed the check before earlier failures were counted can overshoot a limit by the number
 * of verifications in flight (bounded by the verification slots and their queue). Unknown client ids are counted like
 * known ones, so the answer never tells them apart. A client id not shaped like one is counted by its SHA-256.
 *
 * When the store fails, `failMode` decides: `open` goes on without the limits, `closed` answers 503
 * `temporarily_unavailable`; the outage and its end are logged once each.
 */
import { createHash } from 'node:crypto';
import { ipKeyGenerator, MemoryStore, type Options, type Store } from 'express-rate-limit';
import type Redis from 'ioredis';
import { RecoveringRedisStore } from '../../state/redis/recovering-rate-limit-store';
import type { FailMode } from '../../config/traffic-schema';
import type { Logger } from '../../logger';
import { OAuthError } from './errors';

/** Where the failure counters live. */
export type FailureStoreOptions =
  /** In this process only (the single-instance default). */
  | { kind: 'memory' }
  /**
   * Shared through Redis. `client` is a request-role client (gateway/state/redis.ts), ready before the server is
   * created (rate-limit-redis loads its scripts then). Keys: `${prefix}oauth-fail:client:<id>` and `…:address:<ip>`.
   */
  | { kind: 'redis'; client: Redis; prefix: string };

export interface FailureLimitSettings {
  maxFailuresPerClient: number;
  maxFailuresPerAddress: number;
  failureWindowSeconds: number;
  failMode: FailMode;
  store: FailureStoreOptions;
  logger: Logger;
}

export type FailureLimit = 'client' | 'address';

export interface FailureLimits {
  /** Throws OAuthError too_many_attempts when the client id's or the address's failures are used up. */
  check(clientId: string, address: string): Promise<void>;
  /** Counts one failed authentication for both. Never throws (a store failure is logged as an outage). */
  recordFailure(clientId: string, address: string): Promise<void>;
  /** Stops the memory stores' timers and stops following the Redis client's reconnections. */
  close(): void;
}

/** Key segment after the store prefix. */
export const KEY_SEGMENT = 'oauth-fail:';

const CLIENT_ID_KEY = /^[A-Za-z0-9._-]{1,64}$/;

export function clientKey(clientId: string): string {
  return CLIENT_ID_KEY.test(clientId) ? clientId : `sha256:${createHash('sha256').update(clientId, 'utf8').digest('base64url')}`;
}

/** The address as counted: IPv4 as is, IPv6 by its /56 (one host usually holds a whole /64 or more). */
export function addressKey(address: string): string {
  return ipKeyGenerator(address);
}

export class ThrottledError extends OAuthError {
  constructor(
    readonly limit: FailureLimit,
    retryAfterSeconds: number,
  ) {
    super('too_many_attempts', `Too many failed client authentications; retry after ${retryAfterSeconds} s`, false, retryAfterSeconds);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createFailureLimits(settings: FailureLimitSettings): FailureLimits {
  const { logger, store: storeOptions } = settings;
  const windowMs = settings.failureWindowSeconds * 1000;
  const redisStores: RecoveringRedisStore[] = [];

  function createStore(kind: FailureLimit): Store {
    const store: Store =
      storeOptions.kind === 'memory' ? new MemoryStore() : new RecoveringRedisStore(storeOptions.client, `${storeOptions.prefix}${KEY_SEGMENT}${kind}:`);
    if (store instanceof RecoveringRedisStore) redisStores.push(store);
    // Only windowMs matters to both stores: the rest of express-rate-limit's options concern its middleware.
    void store.init?.({ windowMs } as Options);
    return store;
  }
  const limits: ReadonlyArray<{ kind: FailureLimit; max: number; store: Store; key: (clientId: string, address: string) => string }> = [
    { kind: 'client', max: settings.maxFailuresPerClient, store: createStore('client'), key: (clientId) => clientKey(clientId) },
    { kind: 'address', max: settings.maxFailuresPerAddress, store: createStore('address'), key: (_clientId, address) => addressKey(address) },
  ];

  let outageSince: number | undefined;
  const failed = (error: unknown) => {
    // A store left with a failed script load fails every call until replaced (see RecoveringRedisStore).
    for (const store of redisStores) store.repairIfBroken().catch(() => undefined);
    if (outageSince !== undefined) return;
    outageSince = Date.now();
    logger.error('oauth token endpoint: the failure counters cannot be reached', {
      failMode: settings.failMode,
      consequence: settings.failMode === 'open' ? 'client secrets are verified without the failure limits' : 'token requests are refused with 503',
      error: describe(error),
    });
  };
  const succeeded = () => {
    if (outageSince === undefined) return;
    logger.info('oauth token endpoint: the failure counters answer again', { outageMs: Date.now() - outageSince });
    outageSince = undefined;
  };

  const onReady = () => {
    for (const store of redisStores) store.replace().catch(() => undefined);
  };
  if (storeOptions.kind === 'redis') storeOptions.client.on('ready', onReady);

  return {
    async check(clientId, address) {
      let infos;
      try {
        infos = await Promise.all(limits.map((limit) => (limit.store.get ? limit.store.get(limit.key(clientId, address)) : undefined)));
      } catch (error) {
        failed(error);
        if (settings.failMode === 'open') return;
        throw new OAuthError('temporarily_unavailable', 'Client authentication is unavailable for a moment; retry shortly', false, 5);
      }
      succeeded();
      const now = Date.now();
      limits.forEach((limit, index) => {
        const info = infos[index];
        const resetAt = info?.resetTime?.getTime() ?? 0;
        // rate-limit-redis answers NaN hits (and a past reset time) for a key that does not exist.
        const hits = info && resetAt > now && Number.isFinite(info.totalHits) ? info.totalHits : 0;
        if (hits >= limit.max) throw new ThrottledError(limit.kind, Math.max(1, Math.ceil((resetAt - now) / 1000)));
      });
    },

    async recordFailure(clientId, address) {
      const results = await Promise.allSettled(limits.map((limit) => limit.store.increment(limit.key(clientId, address))));
      const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (rejected) failed(rejected.reason);
      else succeeded();
    },

    close() {
      if (storeOptions.kind === 'redis') storeOptions.client.off('ready', onReady);
      for (const limit of limits) void limit.store.shutdown?.();
    },
  };
}
