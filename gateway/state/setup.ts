/**
 * The shared state of one gateway instance, from configuration: with `state.redisUrl`, one request-path Redis client
 * (bounded commands, no offline queue) and the Redis stores; without it, the in-process stores of the embedded
 * default. Throttling builds its counter store from the same choice.
 */
import type Redis from 'ioredis';
import type { GatewayConfig } from '../config';
import type { Logger } from '../logger';
import { MemoryIdempotencyStore } from './memory/idempotency-store';
import { MemoryUsageStore } from './memory/usage-store';
import type { HealthReporter, IdempotencyStore, UsageStore } from './ports';
import { createRedisClient, redisHealth, waitUntilReady } from './redis';
import { RedisIdempotencyStore } from './redis/idempotency-store';
import { RedisUsageStore } from './redis/usage-store';

export interface SharedState {
  /** The request-path client, when Redis is configured. */
  redis?: Redis;
  keyPrefix: string;
  idempotency: IdempotencyStore;
  usage: UsageStore;
  health: HealthReporter[];
  close(): Promise<void>;
}

/** How long start-up waits for Redis before giving up: a gateway that cannot reach its configured state should not pretend. */
const READY_TIMEOUT_MS = 10_000;

export async function createSharedState(config: GatewayConfig, logger: Logger): Promise<SharedState> {
  const keyPrefix = config.state.keyPrefix;
  if (!config.state.redisUrl) {
    const idempotency = new MemoryIdempotencyStore();
    return {
      keyPrefix,
      idempotency,
      usage: new MemoryUsageStore(),
      health: [],
      close: async () => idempotency.close(),
    };
  }
  const redis = createRedisClient(config.state, { role: 'request', logger });
  try {
    await waitUntilReady(redis, READY_TIMEOUT_MS);
  } catch (error) {
    redis.disconnect(); // do not leave it reconnecting behind a failed start
    throw error;
  }
  return {
    redis,
    keyPrefix,
    idempotency: new RedisIdempotencyStore({ client: redis, keyPrefix }),
    usage: new RedisUsageStore({ client: redis, keyPrefix }),
    health: [redisHealth(redis, 'state')],
    close: async () => {
      redis.disconnect();
    },
  };
}
