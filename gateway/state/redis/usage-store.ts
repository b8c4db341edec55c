/**
 * Call counts per client per API version in Redis, shared by every instance and kept across restarts (no TTL: a
 * deprecated version's callers are exactly what is needed months later). One hash per version,
 * `${keyPrefix}usage:version:${apiVersion}`, with fields `calls:${clientId}` (HINCRBY) and `lastSeen:${clientId}`
 * (ISO time, only ever moved forward), plus the set of versions seen, `${keyPrefix}usage:versions`. A call is
 * recorded by one script: one round trip, atomic.
 *
 * Every Redis failure is ERR_STATE_UNAVAILABLE.
 */
import type Redis from 'ioredis';
import type { UsageEntry, UsageStore } from '../ports';
import { sortUsage } from '../memory/usage-store';
import { LuaScript, stateCall } from './lua-script';

export interface RedisUsageStoreOptions {
  /** A `request`-role client (gateway/state/redis.ts) when recording on the request path. */
  client: Redis;
  /** `state.keyPrefix`. */
  keyPrefix: string;
}

const CALLS = 'calls:';
const LAST_SEEN = 'lastSeen:';

/** ISO times of toISOString() compare as strings, so "later" is a string comparison. */
const RECORD = new LuaScript(
  `redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[2], '${CALLS}' .. ARGV[2], 1)
local field = '${LAST_SEEN}' .. ARGV[2]
local previous = redis.call('HGET', KEYS[2], field)
if (not previous) or previous < ARGV[3] then redis.call('HSET', KEYS[2], field, ARGV[3]) end
return 1`,
  2,
);

export class RedisUsageStore implements UsageStore {
  private readonly client: Redis;
  private readonly versionsKey: string;
  private readonly keyPrefix: string;

  constructor(options: RedisUsageStoreOptions) {
    if (!options?.client) throw new TypeError('RedisUsageStore: "client" is required');
    if (typeof options.keyPrefix !== 'string' || options.keyPrefix.length === 0) throw new TypeError('RedisUsageStore: "keyPrefix" must be a non-empty string');
    this.client = options.client;
    this.keyPrefix = options.keyPrefix;
    this.versionsKey = `${options.keyPrefix}usage:versions`;
  }

  private versionKey(apiVersion: string): string {
    return `${this.keyPrefix}usage:version:${apiVersion}`;
  }

  async record(apiVersion: string, clientId: string, at: Date): Promise<void> {
    await RECORD.run(this.client, [this.versionsKey, this.versionKey(apiVersion)], [apiVersion, clientId, at.toISOString()]);
  }

  async report(apiVersions?: readonly string[]): Promise<UsageEntry[]> {
    return stateCall(async () => {
      const versions = [...new Set(apiVersions ?? (await this.client.smembers(this.versionsKey)))];
      if (versions.length === 0) return [];
      const pipeline = this.client.pipeline();
      for (const apiVersion of versions) pipeline.hgetall(this.versionKey(apiVersion));
      const replies = (await pipeline.exec()) ?? [];
      const entries: UsageEntry[] = [];
      versions.forEach((apiVersion, index) => {
        const [error, hash] = replies[index] ?? [new Error('no reply')];
        if (error) throw error;
        entries.push(...entriesOf(apiVersion, hash as Record<string, string>));
      });
      return sortUsage(entries);
    });
  }
}

function entriesOf(apiVersion: string, hash: Record<string, string>): UsageEntry[] {
  const entries: UsageEntry[] = [];
  for (const [field, value] of Object.entries(hash)) {
    if (!field.startsWith(CALLS)) continue;
    const clientId = field.slice(CALLS.length);
    entries.push({ apiVersion, clientId, calls: Number(value), lastSeen: hash[`${LAST_SEEN}${clientId}`] ?? new Date(0).toISOString() });
  }
  return entries;
}
