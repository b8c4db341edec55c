/**
 * The exceptions queue in Redis: `${keyPrefix}exception:{id}` (JSON) and `${keyPrefix}exceptions` (ids by creation
 * time). Resolving is a script, so two replays of one exception cannot both win.
 */
import type Redis from 'ioredis';
import { keyPart } from '../../../../gateway/state/redis/key-part';
import { LuaScript, stateCall } from '../../../../gateway/state/redis/lua-script';
import {
  matchesException,
  newExceptionId,
  resolvedStatus,
  type ExceptionQuery,
  type ExceptionRecord,
  type ExceptionStore,
  type NewException,
} from './exception-store';
import { countPerBucket } from '../redis-order-store';

/** KEYS: record. ARGV: the record as resolved. 1 when it was OPEN and is now resolved. */
const RESOLVE = new LuaScript(
  `local current = redis.call('GET', KEYS[1])
if not current or cjson.decode(current)['status'] ~= 'OPEN' then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1`,
  1,
);

/** Ids read per round trip while listing. */
const LIST_BATCH = 200;
/** Most exceptions one listing looks at. */
const LIST_SCAN_LIMIT = 10_000;

export class RedisExceptionStore implements ExceptionStore {
  constructor(private readonly options: { client: Redis; keyPrefix: string }) {}

  private recordKey(id: string): string {
    return `${this.options.keyPrefix}exception:${keyPart(id)}`;
  }

  private indexKey(): string {
    return `${this.options.keyPrefix}exceptions`;
  }

  async open(exception: NewException): Promise<ExceptionRecord> {
    const record: ExceptionRecord = { ...exception, id: newExceptionId(), status: 'OPEN' };
    await stateCall(() =>
      this.options.client.multi().set(this.recordKey(record.id), JSON.stringify(record)).zadd(this.indexKey(), Date.parse(record.createdAt), record.id).exec(),
    );
    return record;
  }

  async get(id: string): Promise<ExceptionRecord | undefined> {
    const text = await stateCall(() => this.options.client.get(this.recordKey(id)));
    return text === null ? undefined : (JSON.parse(text) as ExceptionRecord);
  }

  async list(query: ExceptionQuery): Promise<ExceptionRecord[]> {
    const found: ExceptionRecord[] = [];
    // An exception opened between two reads shifts the later batches by one: those already seen come again.
    const seen = new Set<string>();
    const min = query.since ? String(query.since.getTime()) : '-inf';
    for (let offset = 0; found.length < query.limit && offset < LIST_SCAN_LIMIT; offset += LIST_BATCH) {
      const ids = await stateCall(() => this.options.client.zrevrangebyscore(this.indexKey(), '+inf', min, 'LIMIT', offset, LIST_BATCH));
      if (ids.length === 0) break;
      const texts = await stateCall(() => this.options.client.mget(ids.map((id) => this.recordKey(id))));
      for (const text of texts) {
        if (text === null) continue;
        const exception = JSON.parse(text) as ExceptionRecord;
        if (seen.has(exception.id)) continue;
        seen.add(exception.id);
        if (matchesException(exception, query)) found.push(exception);
        if (found.length === query.limit) break;
      }
      if (ids.length < LIST_BATCH) break;
    }
    return found;
  }

  /** ZCOUNTs on the creation-time index, one pipeline. */
  async countCreated(from: Date, bucketMs: number, buckets: number): Promise<number[]> {
    return countPerBucket(this.options.client, this.indexKey(), from, bucketMs, buckets);
  }

  async resolve(id: string, at: string, as: 'replayed' | 'superseded', by?: string): Promise<boolean> {
    const current = await this.get(id);
    if (!current || current.status !== 'OPEN') return false;
    const resolved: ExceptionRecord = { ...current, status: resolvedStatus(as), resolvedAt: at, ...(by ? { resolvedBy: by } : {}) };
    return (await RESOLVE.run(this.options.client, [this.recordKey(id)], [JSON.stringify(resolved)])) === 1;
  }
}
