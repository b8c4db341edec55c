/**
 * The EDI channel's state in Redis, shared by every instance. Keys (all under one hash tag, so a MULTI may touch
 * several in Redis Cluster): `${prefix}{edi}:doc:{id}` (JSON), `${prefix}{edi}:outbox:{partner}` (ids by creation
 * time), `${prefix}{edi}:pending` (855/856/810 awaiting a 997, by creation time), `${prefix}{edi}:group:{partner}`
 * (GS06 → id), `${prefix}{edi}:event:{eventId}` (one document per event), `${prefix}{edi}:control:{partner}:{kind}`
 * (INCR), `${prefix}{edi}:seen:{key}` (SET NX PX).
 */
import type Redis from 'ioredis';
import { keyPart } from '../../../../gateway/state/redis/key-part';
import { LuaScript, stateCall } from '../../../../gateway/state/redis/lua-script';
import { isBusinessDocument, MAX_CONTROL_NUMBER, type ControlNumberKind, type ControlNumberStore, type DocumentAcknowledgement, type EdiOutboxStore, type OutboxDocument, type OutboxQuery, type SeenInterchangeStore } from './ports';

export interface RedisEdiOptions {
  client: Redis;
  keyPrefix: string;
}

/** KEYS: document, pending index. ARGV: field, value (JSON), 'first' to keep an existing value, id. The document after, or nil. */
const PATCH = new LuaScript(
  `local current = redis.call('GET', KEYS[1])
if not current then return nil end
local document = cjson.decode(current)
if ARGV[3] ~= 'first' or document[ARGV[1]] == nil then document[ARGV[1]] = cjson.decode(ARGV[2]) end
local text = cjson.encode(document)
redis.call('SET', KEYS[1], text)
if ARGV[1] == 'acknowledgement' then redis.call('ZREM', KEYS[2], ARGV[4]) end
return text`,
  2,
);

/** Ids read per round trip while listing. */
const BATCH = 200;
/** Most ids one listing looks at. */
const SCAN_LIMIT = 10_000;

export class RedisEdiOutboxStore implements EdiOutboxStore {
  constructor(private readonly options: RedisEdiOptions) {}

  private key(...parts: string[]): string {
    return `${this.options.keyPrefix}{edi}:${parts.join(':')}`;
  }

  private documentKey(id: string): string {
    return this.key('doc', keyPart(id));
  }

  async add(document: OutboxDocument): Promise<boolean> {
    const { client } = this.options;
    if (document.eventId !== undefined) {
      const claimed = await stateCall(() => client.set(this.key('event', keyPart(document.eventId!)), document.id, 'NX'));
      if (claimed === null) return false;
    }
    const score = Date.parse(document.createdAt);
    const multi = client.multi().set(this.documentKey(document.id), JSON.stringify(document)).zadd(this.key('outbox', keyPart(document.partnerId)), score, document.id);
    if (isBusinessDocument(document.type)) {
      multi.zadd(this.key('pending'), score, document.id);
      if (document.groupControlNumber !== undefined) multi.hset(this.key('group', keyPart(document.partnerId)), String(Number(document.groupControlNumber)), document.id);
    }
    await stateCall(() => multi.exec());
    return true;
  }

  async get(id: string): Promise<OutboxDocument | undefined> {
    const text = await stateCall(() => this.options.client.get(this.documentKey(id)));
    return text === null ? undefined : (JSON.parse(text) as OutboxDocument);
  }

  private async read(ids: string[]): Promise<OutboxDocument[]> {
    if (ids.length === 0) return [];
    const texts = await stateCall(() => this.options.client.mget(...ids.map((id) => this.documentKey(id))));
    return texts.filter((text): text is string => text !== null).map((text) => JSON.parse(text) as OutboxDocument);
  }

  /** Ids of a sorted set from `min` on, oldest first, read in batches until `accept` has kept `limit`. */
  private async scan(key: string, min: string, max: string, limit: number, accept: (document: OutboxDocument) => boolean): Promise<OutboxDocument[]> {
    const found: OutboxDocument[] = [];
    for (let offset = 0; offset < SCAN_LIMIT && found.length < limit; offset += BATCH) {
      const ids = await stateCall(() => this.options.client.zrangebyscore(key, min, max, 'LIMIT', offset, BATCH));
      for (const document of await this.read(ids)) if (accept(document) && found.length < limit) found.push(document);
      if (ids.length < BATCH) break;
    }
    return found;
  }

  async list(partnerId: string, query: OutboxQuery): Promise<OutboxDocument[]> {
    const min = query.since ? String(query.since.getTime()) : '-inf';
    return this.scan(this.key('outbox', keyPart(partnerId)), min, '+inf', query.limit, (document) => query.type === undefined || document.type === query.type);
  }

  async findByGroupControlNumber(partnerId: string, groupControlNumber: string): Promise<OutboxDocument | undefined> {
    if (!/^\d{1,9}$/.test(groupControlNumber)) return undefined;
    const id = await stateCall(() => this.options.client.hget(this.key('group', keyPart(partnerId)), String(Number(groupControlNumber))));
    return id === null ? undefined : this.get(id);
  }

  private async patch(id: string, field: string, value: unknown, mode: 'first' | 'last'): Promise<OutboxDocument | undefined> {
    const text = await PATCH.run(this.options.client, [this.documentKey(id), this.key('pending')], [field, JSON.stringify(value), mode, id]);
    return typeof text === 'string' ? (JSON.parse(text) as OutboxDocument) : undefined;
  }

  markReceived(id: string, at: Date): Promise<OutboxDocument | undefined> {
    return this.patch(id, 'receivedAt', at.toISOString(), 'first');
  }

  markAcknowledged(id: string, acknowledgement: DocumentAcknowledgement): Promise<OutboxDocument | undefined> {
    return this.patch(id, 'acknowledgement', acknowledgement, 'last');
  }

  async unacknowledged(before: Date, limit: number): Promise<OutboxDocument[]> {
    return this.scan(this.key('pending'), '-inf', `(${before.getTime()}`, limit, (document) => !document.acknowledgement);
  }
}

export class RedisControlNumberStore implements ControlNumberStore {
  constructor(private readonly options: RedisEdiOptions) {}

  async next(partnerId: string, kind: ControlNumberKind): Promise<number> {
    const value = await stateCall(() => this.options.client.incr(`${this.options.keyPrefix}{edi}:control:${keyPart(partnerId)}:${kind}`));
    if (value > MAX_CONTROL_NUMBER) throw new Error(`EDI ${kind} control numbers of partner ${partnerId} are used up`);
    return value;
  }
}

export class RedisSeenInterchangeStore implements SeenInterchangeStore {
  constructor(private readonly options: RedisEdiOptions) {}

  private key(key: string): string {
    return `${this.options.keyPrefix}{edi}:seen:${keyPart(key)}`;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await stateCall(() => this.options.client.set(this.key(key), '1', 'PX', ttlMs, 'NX'))) !== null;
  }

  async release(key: string): Promise<void> {
    await stateCall(() => this.options.client.del(this.key(key)));
  }
}
