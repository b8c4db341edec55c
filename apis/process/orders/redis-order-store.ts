/**
 * Orders' processing records in Redis, shared by every instance. Two string keys per order, no TTL (orders are
 * business records, not cache):
 *
 * - `${keyPrefix}order:{id}`: the order as JSON;
 * - `${keyPrefix}order-number:{partnerId}:{orderNumber}`: the id of the partner's order with that order number
 *   (the uniqueness index).
 *
 * Every variable key part is escaped (anything but `A-Za-z0-9_.-` becomes `%` and four hex digits of its UTF-16
 * code unit), so a `:` in an order number cannot forge another partner's key, `{}` never form a cluster hash tag,
 * and keys stay readable for the common ids. An insert is one script (SET NX on the index, then SET the record);
 * an update is a script that writes only over an existing record. Every Redis failure is ERR_STATE_UNAVAILABLE.
 */
import type Redis from 'ioredis';
import { LuaScript, stateCall } from '../../../gateway/state/redis/lua-script';
import type { OrderStore } from './order-store';
import type { ProcessOrder } from './v1/models';

export interface RedisOrderStoreOptions {
  /** A `request`-role client (gateway/state/redis.ts): bounded commands, no offline queue. */
  client: Redis;
  /** `state.keyPrefix`; records are `${keyPrefix}order:{id}`. */
  keyPrefix: string;
}

/** KEYS: index, record. ARGV: id, record JSON. 1 when inserted, 0 when the index is taken (nothing written). */
const INSERT = new LuaScript(
  `if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1`,
  2,
);

/** KEYS: record. ARGV: record JSON. 1 when replaced, 0 when there is no record (nothing written). */
const UPDATE = new LuaScript(
  `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1`,
  1,
);

/**
 * KEYS: record, index. ARGV: id, the record as read. Deletes the record while it is still exactly what was read,
 * and the index while it still names this id. 1 when removed, 0 when gone already, -1 when the record changed.
 */
const REMOVE = new LuaScript(
  `local current = redis.call('GET', KEYS[1])
if current == false then return 0 end
if current ~= ARGV[2] then return -1 end
redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1`,
  2,
);

/** Attempts of a remove that keeps racing updates of the same order before giving up. */
const REMOVE_ATTEMPTS = 5;

/** An injective, never-throwing escape of a key part: `%` + 4 hex digits for anything outside `A-Za-z0-9_.-`. */
export function keyPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, (unit) => `%${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
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

  /** The key of an order's record. */
  recordKey(id: string): string {
    return `${this.keyPrefix}order:${keyPart(id)}`;
  }

  /** The key of the (partner, order number) uniqueness index. */
  indexKey(partnerId: string, orderNumber: string): string {
    return `${this.keyPrefix}order-number:${keyPart(partnerId)}:${keyPart(orderNumber)}`;
  }

  async insert(order: ProcessOrder): Promise<boolean> {
    const keys = [this.indexKey(order.source.partnerId, order.orderNumber), this.recordKey(order.id)];
    return (await INSERT.run(this.client, keys, [order.id, JSON.stringify(order)])) === 1;
  }

  async get(id: string): Promise<ProcessOrder | undefined> {
    const text = await stateCall(() => this.client.get(this.recordKey(id)));
    return text === null ? undefined : parseOrder(text);
  }

  async findByOrderNumber(partnerId: string, orderNumber: string): Promise<ProcessOrder | undefined> {
    const id = await stateCall(() => this.client.get(this.indexKey(partnerId, orderNumber)));
    return id === null ? undefined : this.get(id);
  }

  async update(order: ProcessOrder): Promise<void> {
    const answer = await UPDATE.run(this.client, [this.recordKey(order.id)], [JSON.stringify(order)]);
    if (answer !== 1) throw new Error(`order ${order.id} is not stored`);
  }

  async remove(id: string): Promise<void> {
    const recordKey = this.recordKey(id);
    for (let attempt = 0; attempt < REMOVE_ATTEMPTS; attempt += 1) {
      const text = await stateCall(() => this.client.get(recordKey));
      if (text === null) return;
      const order = parseOrder(text);
      const answer = await REMOVE.run(this.client, [recordKey, this.indexKey(order.source.partnerId, order.orderNumber)], [id, text]);
      if (answer !== -1) return;
    }
    throw new Error(`order ${id} kept changing while it was being removed`);
  }
}

function parseOrder(text: string): ProcessOrder {
  const order = JSON.parse(text) as ProcessOrder;
  if (!order || typeof order !== 'object' || typeof order.id !== 'string') throw new Error('unexpected order record in Redis');
  return order;
}
