/**
 * Redis connections for shared state, made one way: what a command does while Redis is down is decided here, not
 * left to ioredis' defaults (which retry a command for ~73 s and queue everything sent while disconnected).
 *
 * - `request` role (the request path: idempotency, usage, rate-limit counters): a command fails within
 *   `state.commandTimeoutMs`, and at once while the connection is down (no offline queue, one retry), so a Redis
 *   outage costs a request milliseconds and each policy's `failMode` decides what the caller sees. Commands are
 *   auto-pipelined.
 * - `background` role (work off the request path): commands wait for the connection to come back (offline queue,
 *   unlimited retries) and have no command timeout, so blocking reads (XREADGROUP BLOCK) are not cut short.
 *
 * Both reconnect forever with capped, jittered backoff, and report an outage once on the application log (and its
 * end once), never crashing the process on the client's `error` event. Clients have no `keyPrefix`: every store
 * prefixes its own keys with `state.keyPrefix`, the convention rate-limit-redis also follows.
 */
import Redis, { type RedisOptions } from 'ioredis';
import type { StateConfig } from '../config';
import { GatewayError } from '../errors';
import type { Logger } from '../logger';
import type { HealthReporter } from './ports';

export type RedisRole = 'request' | 'background';

export interface RedisClientOptions {
  role: RedisRole;
  logger: Logger;
}

/** Longest wait between reconnection attempts, in milliseconds. */
export const RECONNECT_MAX_DELAY_MS = 2000;
/** First wait before reconnecting, in milliseconds; doubles per attempt up to RECONNECT_MAX_DELAY_MS. */
export const RECONNECT_INITIAL_DELAY_MS = 50;
/** How long establishing a connection may take before the attempt is abandoned (and retried), in milliseconds. */
export const CONNECT_TIMEOUT_MS = 2000;

/** Reconnect forever: 50, 100, 200... ms, capped at 2 s, plus up to 20 % jitter so instances do not reconnect in step. */
export function reconnectDelay(attempt: number): number {
  const base = Math.min(RECONNECT_INITIAL_DELAY_MS * 2 ** Math.max(0, attempt - 1), RECONNECT_MAX_DELAY_MS);
  return Math.round(base + Math.random() * base * 0.2);
}

/** A description of a Redis URL without its credentials, for log lines. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname && parsed.pathname !== '/' ? parsed.pathname : ''}`;
  } catch {
    return 'redis (unparseable URL)';
  }
}

export function redisOptions(config: StateConfig, role: RedisRole): RedisOptions {
  const common: RedisOptions = {
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: reconnectDelay,
    connectionName: `distribution-gateway:${role}`,
  };
  return role === 'request'
    ? // Auto-pipelining: the commands a burst of requests issues in one event-loop turn (throttling, idempotency,
      // usage) go to Redis in one write, which cuts syscalls per request; each command still answers on its own.
      { ...common, maxRetriesPerRequest: 1, commandTimeout: config.commandTimeoutMs, enableOfflineQueue: false, enableAutoPipelining: true }
    : { ...common, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

/**
 * A Redis client for `config.redisUrl` in the given role. It connects at once; a `request` client refuses commands
 * until it is ready, so wait with `waitUntilReady` at start-up (and create rate-limit-redis stores only after that).
 */
export function createRedisClient(config: StateConfig, options: RedisClientOptions): Redis {
  if (!config.redisUrl) throw new TypeError('state.redisUrl: a Redis client needs a redis:// URL');
  if (options.role !== 'request' && options.role !== 'background') throw new TypeError(`createRedisClient: unknown role "${String(options.role)}"`);
  const { logger, role } = options;
  const where = describeRedisUrl(config.redisUrl);
  const client = new Redis(config.redisUrl, redisOptions(config, role));

  // One line when an outage starts, one when it ends: ioredis emits 'error' on every failed reconnection attempt.
  let down = false;
  let downSince = 0;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    downSince = Date.now();
    logger.error('redis unavailable', { redis: where, role, error: error.message });
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('redis available again', { redis: where, role, downMs: Date.now() - downSince });
  });
  return client;
}

/** Resolves once `client` is ready for commands; rejects after `timeoutMs` (or when the client was closed). */
export function waitUntilReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'end') return Promise.reject(new Error('the Redis client is closed'));
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('end', onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const onEnd = () => done(new Error('the Redis client was closed before it became ready'));
    const timer = setTimeout(() => done(new Error(`Redis was not ready within ${timeoutMs} ms (status: ${client.status})`)), timeoutMs);
    client.on('ready', onReady);
    client.on('end', onEnd);
  });
}

/** Default bound of a health PING, in milliseconds (request clients are bounded by their own command timeout too). */
export const HEALTH_TIMEOUT_MS = 1000;

/** A readiness check that PINGs through `client`, failing with ERR_STATE_UNAVAILABLE after `timeoutMs`. */
export function redisHealth(client: Redis, name: string, timeoutMs: number = HEALTH_TIMEOUT_MS): HealthReporter {
  return {
    name,
    async check() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no PONG within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const answer = await Promise.race([client.ping(), timeout]);
        if (answer !== 'PONG') throw new Error(`unexpected PING answer ${String(answer)}`);
      } catch (error) {
        throw new GatewayError('ERR_STATE_UNAVAILABLE', `Redis (${name}) does not answer`, { cause: error });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
