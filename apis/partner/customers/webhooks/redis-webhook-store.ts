/**
 * Webhook subscriptions and delivery logs in Redis, shared by every instance. Keys (under `state.keyPrefix`):
 * `webhooks:sub:{id}` (JSON), `webhooks:partner:{partnerId}` (sorted set of subscription ids by creation),
 * `webhooks:delivery:{id}` (JSON) and `webhooks:log:{subscriptionId}` (sorted set of delivery ids by a sequence).
 * Every Redis failure is ERR_STATE_UNAVAILABLE.
 */
import type Redis from 'ioredis';
import { keyPart } from '../../../../gateway/state/redis/key-part';
import { LuaScript, stateCall } from '../../../../gateway/state/redis/lua-script';
import type { WebhookDeliveryRecord, WebhookStore, WebhookSubscriptionRecord } from './webhook-store';

/** Adds a delivery unless it exists, then trims the log to ARGV[3] entries (deleting the trimmed records). */
const ADD_DELIVERY = new LuaScript(
  `if redis.call('SET', KEYS[1], ARGV[1], 'NX') == false then return 0 end
local sequence = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[2], sequence, ARGV[2])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if excess > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
  for _, id in ipairs(old) do redis.call('DEL', ARGV[4] .. id) end
end
return 1`,
  3,
);

/** Replaces a delivery's record only while it exists. */
const UPDATE_DELIVERY = new LuaScript(`if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SET', KEYS[1], ARGV[1]) end return 1`, 1);

export interface RedisWebhookStoreOptions {
  client: Redis;
  /** `state.keyPrefix`. */
  keyPrefix: string;
}

export class RedisWebhookStore implements WebhookStore {
  private readonly client: Redis;
  private readonly prefix: string;

  constructor(options: RedisWebhookStoreOptions) {
    if (!options?.client) throw new TypeError('RedisWebhookStore: "client" is required');
    if (typeof options.keyPrefix !== 'string' || options.keyPrefix.length === 0) throw new TypeError('RedisWebhookStore: "keyPrefix" must be a non-empty string');
    this.client = options.client;
    this.prefix = `${options.keyPrefix}webhooks:`;
  }

  private subKey = (id: string) => `${this.prefix}sub:${keyPart(id)}`;
  private partnerKey = (partnerId: string) => `${this.prefix}partner:${keyPart(partnerId)}`;
  private deliveryPrefix = () => `${this.prefix}delivery:`;
  private deliveryKey = (id: string) => `${this.deliveryPrefix()}${keyPart(id)}`;
  private logKey = (subscriptionId: string) => `${this.prefix}log:${keyPart(subscriptionId)}`;
  private sequenceKey = (subscriptionId: string) => `${this.prefix}log-seq:${keyPart(subscriptionId)}`;

  async saveSubscription(subscription: WebhookSubscriptionRecord): Promise<void> {
    await stateCall(() =>
      this.client
        .multi()
        .set(this.subKey(subscription.id), JSON.stringify(subscription))
        .zadd(this.partnerKey(subscription.partnerId), Date.parse(subscription.createdAt), subscription.id)
        .exec(),
    );
  }

  async getSubscription(id: string): Promise<WebhookSubscriptionRecord | undefined> {
    const raw = await stateCall(() => this.client.get(this.subKey(id)));
    return raw ? (JSON.parse(raw) as WebhookSubscriptionRecord) : undefined;
  }

  async listSubscriptions(partnerId: string): Promise<WebhookSubscriptionRecord[]> {
    return stateCall(async () => {
      const ids = await this.client.zrange(this.partnerKey(partnerId), '0', '-1');
      if (ids.length === 0) return [];
      const raws = await this.client.mget(ids.map(this.subKey));
      return raws.flatMap((raw) => (raw ? [JSON.parse(raw) as WebhookSubscriptionRecord] : []));
    });
  }

  async deleteSubscription(id: string): Promise<boolean> {
    return stateCall(async () => {
      const subscription = await this.getSubscription(id);
      if (!subscription) return false;
      const deliveries = await this.client.zrange(this.logKey(id), '0', '-1');
      await this.client
        .multi()
        .del(this.subKey(id), this.logKey(id), this.sequenceKey(id), ...deliveries.map((member) => `${this.deliveryPrefix()}${member}`))
        .zrem(this.partnerKey(subscription.partnerId), id)
        .exec();
      return true;
    });
  }

  async addDelivery(delivery: WebhookDeliveryRecord, limit: number): Promise<boolean> {
    // The log holds escaped ids so the script can delete trimmed records by prefix + member.
    const added = await ADD_DELIVERY.run(
      this.client,
      [this.deliveryKey(delivery.id), this.logKey(delivery.subscriptionId), this.sequenceKey(delivery.subscriptionId)],
      [JSON.stringify(delivery), keyPart(delivery.id), String(limit), this.deliveryPrefix()],
    );
    return added === 1;
  }

  async getDelivery(id: string): Promise<WebhookDeliveryRecord | undefined> {
    const raw = await stateCall(() => this.client.get(this.deliveryKey(id)));
    return raw ? (JSON.parse(raw) as WebhookDeliveryRecord) : undefined;
  }

  async updateDelivery(delivery: WebhookDeliveryRecord): Promise<void> {
    await UPDATE_DELIVERY.run(this.client, [this.deliveryKey(delivery.id)], [JSON.stringify(delivery)]);
  }

  async listDeliveries(subscriptionId: string, limit: number): Promise<WebhookDeliveryRecord[]> {
    return stateCall(async () => {
      const members = await this.client.zrevrange(this.logKey(subscriptionId), 0, limit - 1);
      if (members.length === 0) return [];
      const raws = await this.client.mget(members.map((member) => `${this.deliveryPrefix()}${member}`));
      return raws.flatMap((raw) => (raw ? [JSON.parse(raw) as WebhookDeliveryRecord] : []));
    });
  }
}
