/** The webhook store's behaviour, one suite run against the memory and the Redis implementation. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { RedisWebhookStore } from '../../apis/partner/customers/webhooks/redis-webhook-store';
import { MemoryWebhookStore, type WebhookDeliveryRecord, type WebhookStore, type WebhookSubscriptionRecord } from '../../apis/partner/customers/webhooks/webhook-store';
import { useRedisSuite } from '../support/redis-suite';

let counter = 0;
const fresh = (what: string) => `${what}-${process.pid}-${Date.now()}-${(counter += 1)}`;

function subscription(partnerId: string, at = Date.now()): WebhookSubscriptionRecord {
  return { id: `whsub_${randomUUID().replaceAll('-', '')}`, partnerId, url: 'https://hooks.example.com/x', eventTypes: ['order.shipped'], secret: 'whsec_c2VjcmV0', createdAt: new Date(at).toISOString() };
}

function delivery(subscriptionId: string, eventId = fresh('ord:ack')): WebhookDeliveryRecord {
  return {
    id: `${subscriptionId}:${eventId}`,
    subscriptionId,
    partnerId: 'p',
    eventId,
    eventType: 'order.acknowledged',
    orderId: 'ord_1',
    body: '{"type":"order.acknowledged","data":{"ünï":"cödé"}}',
    status: 'PENDING',
    attempts: 0,
    createdAt: new Date().toISOString(),
  };
}

function webhookStoreBehaviour(makeStore: () => WebhookStore): void {
  let store: WebhookStore;
  beforeEach(() => {
    store = makeStore();
  });

  it('saves, reads and lists a partner’s subscriptions oldest first, and only that partner’s', async () => {
    const partner = fresh('partner');
    const first = subscription(partner, Date.now() - 1000);
    const second = { ...subscription(partner), description: 'second' };
    await store.saveSubscription(second);
    await store.saveSubscription(first);
    await store.saveSubscription(subscription(fresh('other')));
    assert.deepEqual(await store.getSubscription(first.id), first);
    assert.deepEqual(await store.listSubscriptions(partner), [first, second]);
    assert.equal(await store.getSubscription('whsub_missing'), undefined);
  });

  it('records a delivery once per id, updates it, and lists the log newest first', async () => {
    const sub = subscription(fresh('partner'));
    await store.saveSubscription(sub);
    const one = delivery(sub.id);
    const two = delivery(sub.id);
    assert.equal(await store.addDelivery(one, 10), true);
    assert.equal(await store.addDelivery({ ...one, attempts: 5 }, 10), false);
    assert.equal(await store.addDelivery(two, 10), true);
    assert.deepEqual(await store.getDelivery(one.id), one);
    const updated: WebhookDeliveryRecord = { ...one, status: 'DELIVERED', attempts: 2, lastStatus: 200, deliveredAt: new Date().toISOString() };
    await store.updateDelivery(updated);
    assert.deepEqual(await store.listDeliveries(sub.id, 10), [two, updated]);
    assert.deepEqual(await store.listDeliveries(sub.id, 1), [two]);
  });

  it('keeps the newest `limit` deliveries of a log, forgetting the trimmed ones', async () => {
    const sub = subscription(fresh('partner'));
    await store.saveSubscription(sub);
    const records = [delivery(sub.id), delivery(sub.id), delivery(sub.id)];
    for (const record of records) await store.addDelivery(record, 2);
    assert.deepEqual((await store.listDeliveries(sub.id, 10)).map((record) => record.id), [records[2]!.id, records[1]!.id]);
    assert.equal(await store.getDelivery(records[0]!.id), undefined);
  });

  it('updates nothing that is gone', async () => {
    const record = delivery(fresh('whsub'));
    await store.updateDelivery(record);
    assert.equal(await store.getDelivery(record.id), undefined);
  });

  it('deletes a subscription with its log; a second delete answers false', async () => {
    const partner = fresh('partner');
    const sub = subscription(partner);
    await store.saveSubscription(sub);
    const record = delivery(sub.id);
    await store.addDelivery(record, 10);
    assert.equal(await store.deleteSubscription(sub.id), true);
    assert.equal(await store.getSubscription(sub.id), undefined);
    assert.deepEqual(await store.listSubscriptions(partner), []);
    assert.equal(await store.getDelivery(record.id), undefined);
    assert.deepEqual(await store.listDeliveries(sub.id, 10), []);
    assert.equal(await store.deleteSubscription(sub.id), false);
  });
}

describe('webhook store: memory', () => {
  webhookStoreBehaviour(() => new MemoryWebhookStore());
});

describe('webhook store: Redis', () => {
  const suite = useRedisSuite();
  webhookStoreBehaviour(() => new RedisWebhookStore({ client: suite.shared, keyPrefix: suite.redis.keyPrefix }));
});
