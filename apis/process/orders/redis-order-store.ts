/**
 * Orders' records in Redis, shared by every instance. No TTL: orders are business records, not cache.
 *
 * - `${keyPrefix}order:{id}`: a hash of `v` (the record's version) and `json` (the record);
 * - `${keyPrefix}order-number:{partnerId}:{orderNumber}`: the id of the partner's order with that number (uniqueness);
 * - `${keyPrefix}orders:received` and `${keyPrefix}orders:partner:{partnerId}`: ids by receive time (search, KPIs);
 * - `${keyPrefix}orders:due`: ids of orders with a pending step, by due time (the sweeper's index).
 *
 * Every variable key part is escaped (keyPart), so a `:` in an order number cannot forge another partner's key.
 * Inserts and saves are scripts, so a record, its version and its index entries always change together; a save
 * writes only over the version it read. Every Redis failure is ERR_STATE_UNAVAILABLE.
 */
import type Redis from 'ioredis';
import { keyPart } from '../../../gateway/state/redis/key-part';
import { LuaScript, stateCall } from '../../../gateway/state/redis/lua-script';
import {
  decodeCursor,
  encodeCursor,
  isAfterPosition,
  matchesSearch,
  type OrderRecord,
  type OrderRecordPage,
  type OrderSearch,
  type OrderStore,
  type SearchPosition,
} from './order-store';

export interface RedisOrderStoreOptions {
  /** A `request`-role client (gateway/state/redis.ts): bounded commands, no offline queue. */
  client: Redis;
  /** `state.keyPrefix`. */
  keyPrefix: string;
}

/** KEYS: number index, record, received, partner, due. ARGV: id, json, receivedAtMs, dueAtMs or ''. */
const INSERT = new LuaScript(
  `if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('HSET', KEYS[2], 'v', '1', 'json', ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1]) end
return 1`,
  5,
);

/** KEYS: record, due. ARGV: id, expected version, json, dueAtMs or ''. 1 when written, 0 when the version moved on. */
const SAVE = new LuaScript(
  `if redis.call('HGET', KEYS[1], 'v') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'v', tostring(tonumber(ARGV[2]) + 1), 'json', ARGV[3])
if ARGV[4] == '' then redis.call('ZREM', KEYS[2], ARGV[1]) else redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1]) end
return 1`,
  2,
);

/** Ids read per round trip while searching. */
const SEARCH_BATCH = 200;
/** Most ids one search looks at before answering with what it found and a cursor to go on from. */
const SEARCH_SCAN_LIMIT = 10_000;

/** Members of a sorted set scored in milliseconds, per consecutive bucket of `bucketMs` from `from`: ZCOUNTs in one pipeline. */
export async function countPerBucket(client: Redis, key: string, from: Date, bucketMs: number, buckets: number): Promise<number[]> {
  const pipeline = client.pipeline();
  for (let index = 0; index < buckets; index += 1) {
    const start = from.getTime() + index * bucketMs;
    pipeline.zcount(key, String(start), `(${start + bucketMs}`);
  }
  return stateCall(async () => {
    const answers = (await pipeline.exec()) ?? [];
    const failed = answers.find(([error]) => error);
    if (failed || answers.length !== buckets) throw failed?.[0] ?? new Error('incomplete pipeline answer');
    return answers.map(([, count]) => Number(count));
  });
}

export class RedisOrderStore implements OrderStore {
  private readonly client: Redis;
  private readonly keyPrefix: string;

  constructor(options: RedisOrderStoreOptions) {
    if (!options?.client) throw new TypeError('RedisOrderStore: "client" is required');
    if (typeof options.keyPrefix !== 'string' || options.keyPrefix.length === 0) throw new TypeError('RedisOrderStore: "keyPrefix" must be a non-empty string');
    this.client = options.client;
    this.keyPrefix = options.keyPrefix;
  }

  recordKey(id: string): string {
    return `${this.keyPrefix}order:${keyPart(id)}`;
  }

  indexKey(partnerId: string, orderNumber: string): string {
    return `${this.keyPrefix}order-number:${keyPart(partnerId)}:${keyPart(orderNumber)}`;
  }

  private receivedKey(partnerId?: string): string {
    return partnerId === undefined ? `${this.keyPrefix}orders:received` : `${this.keyPrefix}orders:partner:${keyPart(partnerId)}`;
  }

  private dueKey(): string {
    return `${this.keyPrefix}orders:due`;
  }

  async insert(record: OrderRecord): Promise<boolean> {
    const keys = [this.indexKey(record.source.partnerId, record.orderNumber), this.recordKey(record.id), this.receivedKey(), this.receivedKey(record.source.partnerId), this.dueKey()];
    const stored = { ...record, version: 1 };
    const answer = await INSERT.run(this.client, keys, [record.id, JSON.stringify(stored), String(Date.parse(record.receivedAt)), dueScore(record)]);
    if (answer === 1) record.version = 1;
    return answer === 1;
  }

  async get(id: string): Promise<OrderRecord | undefined> {
    const [version, json] = await stateCall(() => this.client.hmget(this.recordKey(id), 'v', 'json'));
    return json ? parseRecord(json, version) : undefined;
  }

  async findByOrderNumber(partnerId: string, orderNumber: string): Promise<OrderRecord | undefined> {
    const id = await stateCall(() => this.client.get(this.indexKey(partnerId, orderNumber)));
    return id === null ? undefined : this.get(id);
  }

  async save(record: OrderRecord): Promise<boolean> {
    const json = JSON.stringify({ ...record, version: record.version + 1 });
    const answer = await SAVE.run(this.client, [this.recordKey(record.id), this.dueKey()], [record.id, String(record.version), json, dueScore(record)]);
    if (answer === 1) record.version += 1;
    return answer === 1;
  }

  /** One ZCOUNT per bucket on the receive-time index, in one pipeline: O(buckets × log n), no record read. */
  async countReceived(from: Date, bucketMs: number, buckets: number): Promise<number[]> {
    return countPerBucket(this.client, this.receivedKey(), from, bucketMs, buckets);
  }

  async search(query: OrderSearch): Promise<OrderRecordPage> {
    let position: SearchPosition | undefined = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.partnerId !== undefined && query.orderNumber !== undefined) {
      const record = await this.findByOrderNumber(query.partnerId, query.orderNumber);
      return { records: record && matchesSearch(record, query) && (!position || isAfterPosition(record, position)) ? [record] : [] };
    }
    const key = this.receivedKey(query.partnerId);
    const found: OrderRecord[] = [];
    let scanned = 0;
    // Ids at the top of the range already read and not after the position (a run of ties longer than a batch).
    let skip = 0;
    while (found.length <= query.limit && scanned < SEARCH_SCAN_LIMIT) {
      const max = position ? String(position.receivedAtMs) : '+inf';
      const min = query.receivedAfter ? String(query.receivedAfter.getTime()) : '-inf';
      // Ties at the cursor's score come again: skip those already answered (isAfterPosition).
      const ids = await stateCall(() => this.client.zrevrangebyscore(key, max, min, 'LIMIT', skip, SEARCH_BATCH));
      const records = await this.getMany(ids);
      const fresh = records.filter((record) => !position || isAfterPosition(record, position));
      if (fresh.length === 0) {
        if (ids.length < SEARCH_BATCH) return { records: found.slice(0, query.limit) };
        // A whole batch of orders in the position's millisecond, all answered already: read on past them.
        skip += ids.length;
        continue;
      }
      skip = 0;
      for (const record of fresh) {
        scanned += 1;
        position = { receivedAtMs: Date.parse(record.receivedAt), id: record.id };
        if (matchesSearch(record, query)) found.push(record);
        if (found.length > query.limit) break;
      }
      if (ids.length < SEARCH_BATCH && fresh.length === records.length && found.length <= query.limit) return { records: found };
    }
    const records = found.slice(0, query.limit);
    const last = found.length > query.limit ? records.at(-1) : undefined;
    // Past the scan limit the last position scanned is where the next page starts, even with fewer matches here.
    const next = last ? { receivedAtMs: Date.parse(last.receivedAt), id: last.id } : position;
    return next ? { records, nextCursor: encodeCursor(next) } : { records };
  }

  async due(before: Date, limit: number): Promise<string[]> {
    return stateCall(() => this.client.zrangebyscore(this.dueKey(), '-inf', `(${before.getTime()}`, 'LIMIT', 0, limit));
  }

  private async getMany(ids: string[]): Promise<OrderRecord[]> {
    if (ids.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.hmget(this.recordKey(id), 'v', 'json');
    const answers = (await stateCall(() => pipeline.exec())) ?? [];
    const records: OrderRecord[] = [];
    for (const [error, value] of answers) {
      if (error) throw error;
      const [version, json] = value as [string | null, string | null];
      if (json) records.push(parseRecord(json, version));
    }
    // ZREVRANGEBYSCORE orders equal scores by member descending, which is the search's tie order too.
    return records;
  }
}

function dueScore(record: OrderRecord): string {
  return record.pending ? String(Date.parse(record.pending.dueAt)) : '';
}

function parseRecord(json: string, version: string | null): OrderRecord {
  const record = JSON.parse(json) as OrderRecord;
  if (!record || typeof record !== 'object' || typeof record.id !== 'string') throw new Error('unexpected order record in Redis');
  record.version = Number(version);
  return record;
}
