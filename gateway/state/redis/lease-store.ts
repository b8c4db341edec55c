/**
 * Leases in Redis, shared by every instance: `${keyPrefix}lease:{key}` holds the holder's token with a TTL (SET NX
 * PX), and a release deletes it only while it still holds that token (a script), so a holder whose lease expired
 * and was taken over cannot release the new holder's.
 */
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { LeaseStore } from '../ports';
import { keyPart } from './key-part';
import { LuaScript, stateCall } from './lua-script';

const RELEASE = new LuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  1,
);

export class RedisLeaseStore implements LeaseStore {
  constructor(private readonly options: { client: Redis; keyPrefix: string }) {}

  private key(key: string): string {
    return `${this.options.keyPrefix}lease:${keyPart(key)}`;
  }

  async acquire(key: string, ttlMs: number): Promise<string | undefined> {
    const token = randomUUID();
    const answer = await stateCall(() => this.options.client.set(this.key(key), token, 'PX', ttlMs, 'NX'));
    return answer === 'OK' ? token : undefined;
  }

  async release(key: string, token: string): Promise<void> {
    await RELEASE.run(this.options.client, [this.key(key)], [token]);
  }
}
