/** The EDI channel's stores: one suite, run against the memory and the Redis implementations. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { MemoryControlNumberStore, MemoryEdiOutboxStore, MemorySeenInterchangeStore } from '../../apis/partner/edi/state/memory';
import type { ControlNumberStore, EdiOutboxStore, OutboxDocument, SeenInterchangeStore } from '../../apis/partner/edi/state/ports';
import { RedisControlNumberStore, RedisEdiOutboxStore, RedisSeenInterchangeStore } from '../../apis/partner/edi/state/redis';
import { waitUntilReady } from '../../gateway/state/redis';
import { useRedisSuite } from '../support/redis-suite';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');

function doc(overrides: Partial<OutboxDocument> = {}): OutboxDocument {
  return {
    id: `edi_${randomUUID().replaceAll('-', '')}`,
    partnerId: 'acme',
    type: '855',
    createdAt: new Date(T0).toISOString(),
    interchangeControlNumber: '000000001',
    groupControlNumber: '1',
    transactionSetControlNumber: '0001',
    test: false,
    x12: 'ISA*00*~IEA*1*000000001~',
    ...overrides,
  };
}

interface Stores {
  outbox: EdiOutboxStore;
  numbers: ControlNumberStore;
  seen: SeenInterchangeStore;
}

function ediStoreBehaviour(fresh: () => Stores): void {
  let stores: Stores;
  beforeEach(() => {
    stores = fresh();
  });

  it('stores a document once per event id, and reads it back as stored', async () => {
    const first = doc({ eventId: 'ord_1:ack' });
    assert.equal(await stores.outbox.add(first), true);
    assert.equal(await stores.outbox.add(doc({ eventId: 'ord_1:ack' })), false);
    assert.deepEqual(await stores.outbox.get(first.id), first);
    assert.equal(await stores.outbox.get('edi_unknown'), undefined);
  });

  it('lists a partner’s documents oldest first, by type and since, never another partner’s', async () => {
    const a = doc({ createdAt: new Date(T0 + 2000).toISOString(), groupControlNumber: '2' });
    const b = doc({ createdAt: new Date(T0).toISOString(), type: '997', groupControlNumber: '3' });
    const c = doc({ partnerId: 'globex', groupControlNumber: '4' });
    for (const each of [a, b, c]) await stores.outbox.add(each);
    assert.deepEqual((await stores.outbox.list('acme', { limit: 10 })).map((each) => each.id), [b.id, a.id]);
    assert.deepEqual((await stores.outbox.list('acme', { limit: 10, type: '855' })).map((each) => each.id), [a.id]);
    assert.deepEqual((await stores.outbox.list('acme', { limit: 10, since: new Date(T0 + 1000) })).map((each) => each.id), [a.id]);
    assert.deepEqual((await stores.outbox.list('acme', { limit: 1 })).map((each) => each.id), [b.id]);
  });

  it('finds a business document by its group control number, records the 997 and the receipt; unacknowledged lists the rest', async () => {
    const a = doc({ groupControlNumber: '17' });
    const b = doc({ groupControlNumber: '18', createdAt: new Date(T0 + 1000).toISOString() });
    await stores.outbox.add(a);
    await stores.outbox.add(b);
    assert.equal((await stores.outbox.findByGroupControlNumber('acme', '000017'))?.id, a.id);
    assert.equal(await stores.outbox.findByGroupControlNumber('globex', '17'), undefined);
    const ack = { status: 'REJECTED' as const, code: 'R', kind: '997', interchangeControlNumber: '000000009', at: new Date(T0).toISOString() };
    assert.deepEqual((await stores.outbox.markAcknowledged(a.id, ack))?.acknowledgement, ack);
    assert.deepEqual((await stores.outbox.unacknowledged(new Date(T0 + 5000), 10)).map((each) => each.id), [b.id]);
    assert.deepEqual(await stores.outbox.unacknowledged(new Date(T0 + 500), 10), []);
    const received = await stores.outbox.markReceived(b.id, new Date(T0 + 7000));
    assert.equal(received?.receivedAt, new Date(T0 + 7000).toISOString());
    assert.equal((await stores.outbox.markReceived(b.id, new Date(T0 + 9000)))?.receivedAt, new Date(T0 + 7000).toISOString(), 'the first receipt stays');
    assert.equal(await stores.outbox.markReceived('edi_unknown', new Date()), undefined);
  });

  it('allocates control numbers 1, 2, 3... per partner and kind, never the same twice, even concurrently', async () => {
    const numbers = await Promise.all(Array.from({ length: 50 }, () => stores.numbers.next('acme', 'interchange')));
    assert.deepEqual([...numbers].sort((x, y) => x - y), Array.from({ length: 50 }, (_, index) => index + 1));
    assert.equal(await stores.numbers.next('acme', 'group'), 1);
    assert.equal(await stores.numbers.next('globex', 'interchange'), 1);
  });

  it('claims an interchange key once within its window, and again once released or expired', async () => {
    assert.equal(await stores.seen.claim('ZZ:ACME|ZZ:US|000000001', 60_000), true);
    assert.equal(await stores.seen.claim('ZZ:ACME|ZZ:US|000000001', 60_000), false);
    await stores.seen.release('ZZ:ACME|ZZ:US|000000001');
    assert.equal(await stores.seen.claim('ZZ:ACME|ZZ:US|000000001', 50), true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(await stores.seen.claim('ZZ:ACME|ZZ:US|000000001', 50), true);
  });
}

describe('EDI stores: memory', () => {
  ediStoreBehaviour(() => ({ outbox: new MemoryEdiOutboxStore(), numbers: new MemoryControlNumberStore(), seen: new MemorySeenInterchangeStore() }));
});

describe('EDI stores: Redis', () => {
  const suite = useRedisSuite();
  let count = 0;
  ediStoreBehaviour(() => {
    const options = { client: suite.shared, keyPrefix: `${suite.redis.keyPrefix}edi${(count += 1)}:` };
    return { outbox: new RedisEdiOutboxStore(options), numbers: new RedisControlNumberStore(options), seen: new RedisSeenInterchangeStore(options) };
  });

  it('two instances (two clients) never get the same control number', async () => {
    const keyPrefix = `${suite.redis.keyPrefix}edi-two:`;
    const [first, second] = [suite.client(), suite.client()];
    await Promise.all([waitUntilReady(first, 5000), waitUntilReady(second, 5000)]);
    const a = new RedisControlNumberStore({ client: first, keyPrefix });
    const b = new RedisControlNumberStore({ client: second, keyPrefix });
    const numbers = await Promise.all(Array.from({ length: 40 }, (_, index) => (index % 2 ? a : b).next('acme', 'interchange')));
    assert.equal(new Set(numbers).size, 40);
  });
});
