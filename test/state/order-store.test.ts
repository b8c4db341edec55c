import assert from 'node:assert/strict';
import { InMemoryOrderStore, type OrderStore } from '../../apis/process/orders/order-store';
import { RedisOrderStore } from '../../apis/process/orders/redis-order-store';
import type { ProcessOrder } from '../../apis/process/orders/v1/models';
import { waitUntilReady } from '../../gateway/state/redis';
import { useRedisSuite } from '../support/redis-suite';

let counter = 0;
/** A value no other test uses (the Redis suite shares one prefix for the whole file). */
const fresh = (what: string) => `${what}-${process.pid}-${Date.now()}-${(counter += 1)}`;

function order(overrides: { id?: string; partnerId?: string; orderNumber?: string } = {}): ProcessOrder {
  const at = '2026-03-01T10:00:00.000Z';
  return {
    id: overrides.id ?? fresh('ord'),
    source: { channel: 'EDI', partnerId: overrides.partnerId ?? fresh('partner'), externalId: '000000123', test: false },
    orderNumber: overrides.orderNumber ?? fresh('PO'),
    purpose: 'ORIGINAL',
    orderDate: '2026-03-01',
    currency: 'USD',
    parties: [{ role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: '0000100042' }], name: 'Globex Retail' }],
    requestedDelivery: '2026-03-10',
    status: 'RECEIVED',
    lines: [
      {
        lineNumber: '1',
        item: { ids: [{ scheme: 'SKU', value: 'WIDGET-1' }], description: 'Widget, blue — ünïcödé' },
        quantity: { value: '12', uom: 'CS', packSize: '6' },
        status: 'ACCEPTED',
        partnerUnitPrice: { amount: '4.20', currency: 'USD' },
      },
    ],
    correlationId: fresh('corr'),
    receivedAt: at,
    updatedAt: at,
    history: [{ status: 'RECEIVED', at }],
  };
}

function orderStoreBehaviour(makeStore: () => OrderStore): void {
  let store: OrderStore;
  beforeEach(() => {
    store = makeStore();
  });

  it('insert then get: the order comes back deep-equal', async () => {
    const stored = order();
    assert.equal(await store.insert(stored), true);
    assert.deepEqual(await store.get(stored.id), stored);
  });

  it('get of an unknown id: undefined', async () => {
    assert.equal(await store.get(fresh('ord-missing')), undefined);
  });

  it('the caller\'s objects are copies: mutating the inserted or a returned order does not change the stored one', async () => {
    const original = order();
    const expected = structuredClone(original);
    await store.insert(original);
    original.status = 'FAILED';
    original.lines[0].status = 'REJECTED';
    const first = await store.get(original.id);
    assert.deepEqual(first, expected);
    first!.status = 'POSTED';
    first!.history.push({ status: 'POSTED', at: '2026-03-01T11:00:00.000Z' });
    first!.source.partnerId = 'someone-else';
    assert.deepEqual(await store.get(original.id), expected);
    const found = await store.findByOrderNumber(expected.source.partnerId, expected.orderNumber);
    found!.lines.pop();
    assert.deepEqual(await store.get(original.id), expected);
  });

  it('a second order with the same (partner, order number): false, and nothing is overwritten', async () => {
    const first = order();
    await store.insert(first);
    const duplicate = { ...order({ partnerId: first.source.partnerId, orderNumber: first.orderNumber }), currency: 'EUR' };
    assert.equal(await store.insert(duplicate), false);
    assert.equal(await store.get(duplicate.id), undefined);
    assert.deepEqual(await store.get(first.id), first);
    assert.deepEqual(await store.findByOrderNumber(first.source.partnerId, first.orderNumber), first);
  });

  it('the same order number for another partner: true, and each partner finds its own', async () => {
    const orderNumber = fresh('PO');
    const a = order({ orderNumber });
    const b = order({ orderNumber });
    assert.equal(await store.insert(a), true);
    assert.equal(await store.insert(b), true);
    assert.deepEqual(await store.findByOrderNumber(a.source.partnerId, orderNumber), a);
    assert.deepEqual(await store.findByOrderNumber(b.source.partnerId, orderNumber), b);
  });

  it('findByOrderNumber: the order, or undefined for an unknown number or another partner', async () => {
    const stored = order();
    await store.insert(stored);
    assert.deepEqual(await store.findByOrderNumber(stored.source.partnerId, stored.orderNumber), stored);
    assert.equal(await store.findByOrderNumber(stored.source.partnerId, fresh('PO-unknown')), undefined);
    assert.equal(await store.findByOrderNumber(fresh('partner-other'), stored.orderNumber), undefined);
  });

  it('keys cannot collide whatever characters partner ids and order numbers hold', async () => {
    const base = fresh('x');
    // Pairs that would share a key if the parts were just joined with ':' or left unescaped.
    const a = order({ partnerId: `${base}:a`, orderNumber: 'b' });
    const b = order({ partnerId: base, orderNumber: 'a:b' });
    const c = order({ partnerId: `${base}%003a`, orderNumber: 'a:b' });
    const d = order({ partnerId: `${base}{tag}`, orderNumber: 'PO *?[] \n\u0000 ☃ 🚚' });
    for (const stored of [a, b, c, d]) assert.equal(await store.insert(stored), true);
    for (const stored of [a, b, c, d]) assert.deepEqual(await store.findByOrderNumber(stored.source.partnerId, stored.orderNumber), stored);
  });

  it('update replaces the stored record', async () => {
    const stored = order();
    await store.insert(stored);
    const changed: ProcessOrder = { ...structuredClone(stored), status: 'POSTED', erp: { salesOrderNumber: '4711', netAmount: { amount: '50.40', currency: 'USD' }, alreadyPosted: false }, total: '50.40' };
    await store.update(changed);
    assert.deepEqual(await store.get(stored.id), changed);
    assert.deepEqual(await store.findByOrderNumber(stored.source.partnerId, stored.orderNumber), changed);
  });

  it('update of an order that is not stored throws and writes nothing', async () => {
    const missing = order();
    await assert.rejects(store.update(missing), /is not stored/);
    assert.equal(await store.get(missing.id), undefined);
  });

  it('remove forgets the order and frees its order number; removing again is a no-op', async () => {
    const stored = order();
    await store.insert(stored);
    await store.remove(stored.id);
    assert.equal(await store.get(stored.id), undefined);
    assert.equal(await store.findByOrderNumber(stored.source.partnerId, stored.orderNumber), undefined);
    await store.remove(stored.id);
    await store.remove(fresh('ord-never'));
    const again = order({ partnerId: stored.source.partnerId, orderNumber: stored.orderNumber });
    assert.equal(await store.insert(again), true);
    assert.deepEqual(await store.findByOrderNumber(stored.source.partnerId, stored.orderNumber), again);
    await assert.rejects(store.update(stored), /is not stored/);
  });

  it('20 concurrent inserts of the same (partner, order number): exactly one true, and that one is stored', async () => {
    const partnerId = fresh('partner');
    const orderNumber = fresh('PO');
    const orders = Array.from({ length: 20 }, () => order({ partnerId, orderNumber }));
    const answers = await Promise.all(orders.map((candidate) => store.insert(candidate)));
    assert.equal(answers.filter(Boolean).length, 1);
    const winner = orders[answers.indexOf(true)];
    assert.deepEqual(await store.findByOrderNumber(partnerId, orderNumber), winner);
    for (const loser of orders.filter((candidate) => candidate !== winner)) assert.equal(await store.get(loser.id), undefined);
  });
}

describe('order store: memory', () => {
  orderStoreBehaviour(() => new InMemoryOrderStore());
});

describe('order store: Redis', () => {
  const suite = useRedisSuite();

  orderStoreBehaviour(() => new RedisOrderStore({ client: suite.shared, keyPrefix: suite.redis.keyPrefix }));

  it('two instances with their own clients on one prefix see each other\'s orders and order numbers', async () => {
    const [first, second] = [suite.client(), suite.client()];
    await Promise.all([waitUntilReady(first, 5000), waitUntilReady(second, 5000)]);
    const a = new RedisOrderStore({ client: first, keyPrefix: suite.redis.keyPrefix });
    const b = new RedisOrderStore({ client: second, keyPrefix: suite.redis.keyPrefix });
    const stored = order();
    assert.equal(await a.insert(stored), true);
    assert.deepEqual(await b.get(stored.id), stored);
    assert.deepEqual(await b.findByOrderNumber(stored.source.partnerId, stored.orderNumber), stored);
    assert.equal(await b.insert(order({ partnerId: stored.source.partnerId, orderNumber: stored.orderNumber })), false);
    const posted = { ...stored, status: 'POSTED' as const };
    await b.update(posted);
    assert.deepEqual(await a.get(stored.id), posted);
    await a.remove(stored.id);
    assert.equal(await b.get(stored.id), undefined);
    assert.equal(await b.insert(order({ partnerId: stored.source.partnerId, orderNumber: stored.orderNumber })), true);
  });

  it('writes the record and the index under the prefix, without a TTL, and remove deletes both', async () => {
    const store = new RedisOrderStore({ client: suite.shared, keyPrefix: suite.redis.keyPrefix });
    const stored = order({ orderNumber: 'PO-2026:0001' });
    await store.insert(stored);
    const recordKey = `${suite.redis.keyPrefix}order:${stored.id}`;
    const indexKey = `${suite.redis.keyPrefix}order-number:${stored.source.partnerId}:PO-2026%003a0001`;
    assert.deepEqual(JSON.parse((await suite.shared.get(recordKey))!), stored);
    assert.equal(await suite.shared.get(indexKey), stored.id);
    assert.equal(await suite.shared.pttl(recordKey), -1);
    assert.equal(await suite.shared.pttl(indexKey), -1);
    await store.remove(stored.id);
    assert.equal(await suite.shared.exists(recordKey, indexKey), 0);
  });

  it('remove leaves an index that names another order alone', async () => {
    const store = new RedisOrderStore({ client: suite.shared, keyPrefix: suite.redis.keyPrefix });
    const stored = order();
    await store.insert(stored);
    const indexKey = store.indexKey(stored.source.partnerId, stored.orderNumber);
    await suite.shared.set(indexKey, 'ord-someone-else');
    await store.remove(stored.id);
    assert.equal(await store.get(stored.id), undefined);
    assert.equal(await suite.shared.get(indexKey), 'ord-someone-else');
  });

  it('Redis failures are ERR_STATE_UNAVAILABLE', async () => {
    const closed = suite.client();
    await waitUntilReady(closed, 5000);
    closed.disconnect();
    const store = new RedisOrderStore({ client: closed, keyPrefix: suite.redis.keyPrefix });
    for (const call of [() => store.insert(order()), () => store.get('ord-x'), () => store.findByOrderNumber('p', 'n'), () => store.update(order()), () => store.remove('ord-x')]) {
      await assert.rejects(call(), (error: { code?: string }) => error.code === 'ERR_STATE_UNAVAILABLE');
    }
  });

  it('rejects a missing client or an empty key prefix', () => {
    assert.throws(() => new RedisOrderStore({ client: undefined as never, keyPrefix: 'x:' }), /"client" is required/);
    assert.throws(() => new RedisOrderStore({ client: suite.shared, keyPrefix: '' }), /keyPrefix/);
  });
});
