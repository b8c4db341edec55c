/**
 * Mocha hooks for a suite that runs against real Redis: finds it (or skips the suite, see testRedis), gives one
 * shared request-role client ready before each test and more clients on demand (as other instances would have),
 * and disconnects them and deletes the suite's keys afterwards. Call inside `describe`.
 */
import type Redis from 'ioredis';
import { createLogger } from '../../gateway/logger';
import { createRedisClient, waitUntilReady } from '../../gateway/state/redis';
import { testRedis, type TestRedis } from './redis';

export interface RedisSuite {
  /** The suite's Redis (URL and key prefix). */
  readonly redis: TestRedis;
  /** A client shared by the suite's tests, ready before each test. */
  readonly shared: Redis;
  /** Another client of its own, as another instance would have; disconnected after the suite. */
  client(): Redis;
}

export function useRedisSuite(): RedisSuite {
  let redis: TestRedis | undefined;
  let shared: Redis | undefined;
  const clients: Redis[] = [];
  const logger = createLogger({ level: 'silent' });
  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`no ${what}: use it inside a test of the suite`);
    return value;
  };
  const client = (): Redis => {
    const { url, keyPrefix } = required(redis, 'Redis');
    const made = createRedisClient({ redisUrl: url, keyPrefix, commandTimeoutMs: 1000 }, { role: 'request', logger });
    clients.push(made);
    return made;
  };

  before(async function () {
    redis = await testRedis();
    if (!redis) this.skip();
  });
  beforeEach(async () => {
    shared ??= client();
    await waitUntilReady(shared, 5000);
  });
  after(async () => {
    clients.splice(0).forEach((made) => made.disconnect());
    await redis?.cleanup();
  });

  return {
    get redis() {
      return required(redis, 'Redis');
    },
    get shared() {
      return required(shared, 'shared client');
    },
    client,
  };
}
