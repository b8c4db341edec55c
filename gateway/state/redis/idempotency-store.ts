/**
 * Idempotency records in Redis, shared by every instance: one string key per record, `${keyPrefix}idem:${key}`,
 * holding JSON, with the TTL in Redis (instance clocks do not matter).
 *
 * A claim is written with SET NX PX inside a script that returns the existing record otherwise (one round trip,
 * no gap between "exists" and "read"). Each claim carries a random token that only this store instance knows; the
 * completion and the release compare it in a script, so a request whose claim expired (it ran longer than the
 * in-flight TTL) cannot overwrite or delete the claim of a request that took the key over since. A completion for
 * a key nobody holds any more (claim expired, not taken over) is still stored: a retry then replays it.
 *
 * Every Redis failure is ERR_STATE_UNAVAILABLE; the policy's failMode decides what the caller sees.
 */
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { IdempotencyBegin, IdempotencyStore, StoredResponse } from '../ports';
import { LuaScript } from './lua-script';

export interface RedisIdempotencyStoreOptions {
  /** A `request`-role client (gateway/state/redis.ts): bounded commands, no offline queue. */
  client: Redis;
  /** `state.keyPrefix`; records are `${keyPrefix}idem:${key}`. */
  keyPrefix: string;
}

/** Claims kept for completion beyond this many are pruned of the expired ones. */
const HELD_PRUNE_THRESHOLD = 1024;

interface ClaimRecord {
  state: 'in-flight';
  fingerprint: string;
  claim: string;
}

interface CompletedRecord {
  state: 'completed';
  fingerprint: string;
  response: StoredResponse;
}

/** SET NX PX; 1 when claimed, else the existing record. */
const BEGIN = new LuaScript(
  `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return redis.call('GET', KEYS[1])`,
  1,
);

/** Stores the result when the key is absent or still holds exactly our claim; 1 when stored. */
const COMPLETE = new LuaScript(
  `local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`,
  1,
);

/** Deletes the key only while it holds exactly our claim. */
const RELEASE = new LuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  1,
);

function positiveMs(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 1) throw new TypeError(`RedisIdempotencyStore: ${what} must be a positive number of milliseconds`);
  return Math.ceil(value);
}

export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly client: Redis;
  private readonly keyPrefix: string;
  /** Claims this instance holds: key → the exact claim value written, and when it lapses (local clock). */
  private readonly held = new Map<string, { value: string; lapsesAt: number }>();

  constructor(options: RedisIdempotencyStoreOptions) {
    if (!options?.client) throw new TypeError('RedisIdempotencyStore: "client" is required');
    if (typeof options.keyPrefix !== 'string' || options.keyPrefix.length === 0) throw new TypeError('RedisIdempotencyStore: "keyPrefix" must be a non-empty string');
    this.client = options.client;
    this.keyPrefix = options.keyPrefix;
  }

  private redisKey(key: string): string {
    return `${this.keyPrefix}idem:${key}`;
  }

  async begin(key: string, fingerprint: string, inFlightTtlMs: number): Promise<IdempotencyBegin> {
    const ttl = positiveMs(inFlightTtlMs, 'inFlightTtlMs');
    const claim: ClaimRecord = { state: 'in-flight', fingerprint, claim: randomUUID() };
    const value = JSON.stringify(claim);
    const answer = await BEGIN.run(this.client, [this.redisKey(key)], [value, ttl]);
    if (answer === 1) {
      this.prune();
      this.held.set(key, { value, lapsesAt: Date.now() + ttl });
      return { outcome: 'acquired' };
    }
    const record = parseRecord(answer);
    if (record.state === 'in-flight') return { outcome: 'in-flight' };
    return { outcome: 'completed', fingerprint: record.fingerprint, response: record.response };
  }

  async complete(key: string, fingerprint: string, response: StoredResponse, ttlMs: number): Promise<void> {
    const ttl = positiveMs(ttlMs, 'ttlMs');
    const record: CompletedRecord = { state: 'completed', fingerprint, response };
    const mine = this.held.get(key);
    this.held.delete(key);
    // Without a claim of ours, '' matches no stored value: the result is stored only where the key is free.
    await COMPLETE.run(this.client, [this.redisKey(key)], [mine?.value ?? '', JSON.stringify(record), ttl]);
  }

  async release(key: string): Promise<void> {
    const mine = this.held.get(key);
    this.held.delete(key);
    if (!mine) return;
    await RELEASE.run(this.client, [this.redisKey(key)], [mine.value]);
  }

  /** Forgets claims that lapsed in Redis long ago and were never completed nor released (bounded memory). */
  private prune(): void {
    if (this.held.size < HELD_PRUNE_THRESHOLD) return;
    const now = Date.now();
    for (const [key, entry] of this.held) if (entry.lapsesAt <= now) this.held.delete(key);
  }
}

function parseRecord(answer: unknown): ClaimRecord | CompletedRecord {
  const text = Buffer.isBuffer(answer) ? answer.toString('utf8') : answer;
  if (typeof text !== 'string') throw new Error(`unexpected idempotency record reply: ${typeof answer}`);
  const record = JSON.parse(text) as ClaimRecord | CompletedRecord;
  if (record.state !== 'in-flight' && record.state !== 'completed') throw new Error('unexpected idempotency record');
  return record;
}
