import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  decodeCursor,
  encodeCursor,
  InMemoryOrderStore,
  type OrderRecord,
  type OrderSearch,
  type OrderStore,
  type PendingStep,
} from '../../apis/process/orders/order-store';
import { RedisOrderStore } from '../../apis/process/orders/redis-order-store';
import { keyPart } from '../../gateway/state/redis/key-part';
import type { OrderStatus } from '../../apis/process/orders/v2/models';
import { waitUntilReady } from '../../gateway/state/redis';
import { useRedisSuite } from '../support/redis-suite';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

let counter = 0;
/** A value no other test uses. */
const fresh = (what: string) => `${what}-${process.pid}-${Date.now()}-${(counter += 1)}`;

interface RecordOptions {
  partnerId?: string;
  orderNumber?: string;
  /** receivedAt, in ms since the epoch. */
  at?: number;
  status?: OrderStatus;
  /** dueAt of a pending step, in ms since the epoch. */
  dueAt?: number;
}

function pendingAt(dueAt: number): PendingStep {
  return { step: 'validate', token: randomUUID(), dueAt: iso(dueAt), failedAttempts: 0 };
}

/** An order's record as OrderService.receive() makes it (version 0), with its first step pending when asked. */
function orderRecord(options: RecordOptions = {}): OrderRecord {
  const at = iso(options.at ?? T0);
  return {
    id: `ord_${randomUUID().replaceAll('-', '')}`,
    version: 0,
    source: { channel: 'EDI', partnerId: options.partnerId ?? fresh('partner'), externalId: '000000123', test: false },
    orderNumber: options.orderNumber ?? fresh('PO'),
    purpose: 'ORIGINAL',
    orderDate: '2026-03-01',
    currency: 'USD',
    parties: [{ role: 'BUYER', ids: [{ scheme: 'ERP_CUSTOMER', value: '0000100042' }], name: 'Globex Retail' }],
    requestedDelivery: '2026-03-10',
    status: options.status ?? 'RECEIVED',
    statusSince: at,
    lines: [
      {
        lineNumber: '1',
        item: { ids: [{ scheme: 'SKU', value: 'WIDGET-1' }], description: 'Widget, blue — ünïcödé' },
        quantity: { value: '12', uom: 'CS', packSize: '6' },
        status: 'ACCEPTED',
        partnerUnitPrice: { amount: '4.20', currency: 'USD' },
      },
    ],
    correlationId: randomUUID(),
    receivedAt: at,
    updatedAt: at,
    steps: [],
    history: [{ status: 'RECEIVED', at }],
    ...(options.dueAt !== undefined ? { pending: pendingAt(options.dueAt) } : {}),
  };
}

/** Ids newest first: later receivedAt first, then the larger id (the stores' order). */
const newestFirst = (records: readonly OrderRecord[]) =>
  [...records].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || (a.id < b.id ? 1 : -1)).map((record) => record.id);

/** Follows nextCursor to the end; `between` runs after each page that has a next one. */
async function allPages(store: OrderStore, query: Omit<OrderSearch, 'cursor'>, between?: (cursor: string) => Promise<void>): Promise<OrderRecord[]> {
  const records: OrderRecord[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = await store.search({ ...query, ...(cursor !== undefined ? { cursor } : {}) });
    assert.ok(page.records.length <= query.limit, `a page of ${page.records.length} over the limit ${query.limit}`);
    records.push(...page.records);
    cursor = page.nextCursor;
    if (cursor === undefined) return records;
    await between?.(cursor);
  }
  throw new Error('search never stopped giving a next cursor');
}

/** `fresh()` gives an empty store (Redis: a key prefix of its own under the suite's). */
function orderStoreBehaviour(freshStore: () => OrderStore): void {
  let store: OrderStore;
  beforeEach(() => {
    store = freshStore();
  });

  const inserted = async (options: RecordOptions = {}): Promise<OrderRecord> => {
    const record = orderRecord(options);
    assert.equal(await store.insert(record), true);
    return record;
  };

  describe('countReceived', () => {
    it('counts orders per consecutive bucket, start inclusive, end exclusive, and nothing outside them', async () => {
      for (const at of [T0 - 1, T0, T0 + 59_999, T0 + 60_000, T0 + 150_000, T0 + 180_000]) await inserted({ at });
      assert.deepEqual(await store.countReceived(new Date(T0), 60_000, 3), [2, 1, 1]);
      assert.deepEqual(await store.countReceived(new Date(T0 - 60_000), 60_000, 1), [1]);
    });
  });

  describe('insert, get, findByOrderNumber', () => {
    it('insert stores a new order at version 1 (the caller\'s record too), and get answers it deep-equal', async () => {
      const record = orderRecord();
      assert.equal(await store.insert(record), true);
      assert.equal(record.version, 1);
      const stored = await store.get(record.id);
      assert.equal(stored?.version, 1);
      assert.deepEqual(stored, record);
    });

    it('get of an unknown id: undefined', async () => {
      assert.equal(await store.get(`ord_${randomUUID().replaceAll('-', '')}`), undefined);
    });

    it('a second order with the same partner and order number is refused, and nothing of it is written', async () => {
      const first = await inserted({ at: T0 });
      const duplicate = { ...orderRecord({ partnerId: first.source.partnerId, orderNumber: first.orderNumber, at: T0 + 1000, dueAt: T0 }), currency: 'EUR' };
      assert.equal(await store.insert(duplicate), false);
      assert.equal(duplicate.version, 0);
      assert.equal(await store.get(duplicate.id), undefined);
      assert.deepEqual(await store.get(first.id), first);
      assert.deepEqual(await store.findByOrderNumber(first.source.partnerId, first.orderNumber), first);
      assert.deepEqual((await store.search({ partnerId: first.source.partnerId, limit: 10 })).records.map((record) => record.id), [first.id]);
      assert.deepEqual(await store.due(new Date(T0 + 60_000), 10), []);
    });

    it('the same order number for another partner is another order: each partner finds its own', async () => {
      const orderNumber = fresh('PO');
      const a = await inserted({ orderNumber });
      const b = await inserted({ orderNumber });
      assert.deepEqual(await store.findByOrderNumber(a.source.partnerId, orderNumber), a);
      assert.deepEqual(await store.findByOrderNumber(b.source.partnerId, orderNumber), b);
    });

    it('findByOrderNumber: the order, or undefined for an unknown number or another partner', async () => {
      const record = await inserted();
      assert.deepEqual(await store.findByOrderNumber(record.source.partnerId, record.orderNumber), record);
      assert.equal(await store.findByOrderNumber(record.source.partnerId, fresh('PO-unknown')), undefined);
      assert.equal(await store.findByOrderNumber(fresh('partner-other'), record.orderNumber), undefined);
    });

    it('keys cannot collide whatever characters partner ids and order numbers hold (":", "%", "{}")', async () => {
      const base = fresh('x');
      // Each group would share one key if the parts were joined with ':' unescaped, or if '%' or '{}' were kept.
      const records = [
        orderRecord({ partnerId: `${base}:a`, orderNumber: 'b' }),
        orderRecord({ partnerId: base, orderNumber: 'a:b' }),
        orderRecord({ partnerId: `${base}%003a`, orderNumber: 'b' }),
        orderRecord({ partnerId: `${base}`, orderNumber: 'a%003ab' }),
        orderRecord({ partnerId: `${base}{a}`, orderNumber: 'c' }),
        orderRecord({ partnerId: `${base}%007ba%007d`, orderNumber: 'c' }),
        orderRecord({ partnerId: `${base}{tag}`, orderNumber: 'PO *?[] \n\u0000 ☃ 🚚' }),
      ];
      for (const record of records) assert.equal(await store.insert(record), true, `${record.source.partnerId} / ${record.orderNumber}`);
      for (const record of records) assert.deepEqual(await store.findByOrderNumber(record.source.partnerId, record.orderNumber), record);
    });

    it('20 concurrent inserts of the same partner and order number: exactly one is stored', async () => {
      const partnerId = fresh('partner');
      const orderNumber = fresh('PO');
      const records = Array.from({ length: 20 }, () => orderRecord({ partnerId, orderNumber }));
      const answers = await Promise.all(records.map((record) => store.insert(record)));
      assert.equal(answers.filter(Boolean).length, 1);
      const winner = records[answers.indexOf(true)]!;
      assert.deepEqual(await store.findByOrderNumber(partnerId, orderNumber), winner);
      for (const loser of records.filter((record) => record !== winner)) assert.equal(await store.get(loser.id), undefined);
    });

    it('records are copies: changing the inserted, a returned or a saved record does not change the stored one', async () => {
      const record = await inserted({ dueAt: T0 });
      const expected = structuredClone(record);
      record.status = 'REJECTED';
      record.lines[0]!.status = 'REJECTED';
      assert.deepEqual(await store.get(record.id), expected);

      const got = (await store.get(record.id))!;
      got.history.push({ status: 'POSTED', at: iso(T0) });
      got.source.partnerId = 'someone-else';
      const found = (await store.findByOrderNumber(expected.source.partnerId, expected.orderNumber))!;
      found.lines.pop();
      const [searched] = (await store.search({ partnerId: expected.source.partnerId, limit: 1 })).records;
      searched!.pending!.dueAt = iso(T0 + 1);
      assert.deepEqual(await store.get(record.id), expected);

      const saved = structuredClone(expected);
      saved.status = 'VALIDATED';
      assert.equal(await store.save(saved), true);
      const afterSave = structuredClone(saved);
      saved.status = 'PRICED';
      saved.steps.push({ step: 'price', state: 'DONE', startedAt: iso(T0), updatedAt: iso(T0), failedAttempts: 0 });
      assert.deepEqual(await store.get(record.id), afterSave);
    });
  });

  describe('save (optimistic concurrency)', () => {
    it('save over the version read: true, the change is stored and the version increments, stored and on the record', async () => {
      const { id } = await inserted();
      const record = (await store.get(id))!;
      record.status = 'VALIDATED';
      record.history.push({ status: 'VALIDATED', at: iso(T0 + 1) });
      assert.equal(await store.save(record), true);
      assert.equal(record.version, 2);
      assert.deepEqual(await store.get(id), record);
      record.status = 'PRICED';
      assert.equal(await store.save(record), true, 'the same object saves again: its version followed');
      assert.equal(record.version, 3);
      assert.deepEqual(await store.get(id), record);
    });

    it('save over a stale version: false, and nothing is written (record, version, due index)', async () => {
      const { id } = await inserted();
      const [mine, theirs] = [(await store.get(id))!, (await store.get(id))!];
      mine.status = 'VALIDATED';
      assert.equal(await store.save(mine), true);
      theirs.status = 'REJECTED';
      theirs.reason = 'stale';
      theirs.pending = pendingAt(T0);
      assert.equal(await store.save(theirs), false);
      assert.equal(theirs.version, 1, 'a refused save leaves the caller\'s version alone');
      assert.deepEqual(await store.get(id), mine);
      assert.deepEqual(await store.due(new Date(T0 + 60_000), 10), []);
    });

    it('save of an order never inserted: false, and nothing is stored', async () => {
      const record = { ...orderRecord(), version: 1 };
      assert.equal(await store.save(record), false);
      assert.equal(await store.get(record.id), undefined);
    });

    it('concurrent saves of the same read: exactly one wins, and only its change is stored', async () => {
      const { id } = await inserted();
      const statuses: OrderStatus[] = ['VALIDATED', 'REJECTED', 'EXCEPTION', 'PRICED', 'ALLOCATED'];
      const reads = await Promise.all(statuses.map(() => store.get(id)));
      reads.forEach((read, index) => (read!.status = statuses[index]!));
      const answers = await Promise.all(reads.map((read) => store.save(read!)));
      assert.equal(answers.filter(Boolean).length, 1);
      const winner = reads[answers.indexOf(true)]!;
      assert.equal(winner.version, 2);
      assert.deepEqual(await store.get(id), winner);
    });
  });

  describe('search', () => {
    it('answers newest first', async () => {
      const partnerId = fresh('partner');
      const records = [];
      for (const offset of [3, 9, 1, 7, 5]) records.push(await inserted({ partnerId, at: T0 + offset * 1000 }));
      assert.deepEqual((await store.search({ limit: 10 })).records.map((record) => record.id), newestFirst(records));
      assert.deepEqual((await store.search({ partnerId, limit: 10 })).records.map((record) => record.id), newestFirst(records));
    });

    it('filters by partner', async () => {
      const [p, q] = [fresh('partner'), fresh('partner')];
      const mine = [await inserted({ partnerId: p, at: T0 }), await inserted({ partnerId: p, at: T0 + 2000 })];
      await inserted({ partnerId: q, at: T0 + 1000 });
      assert.deepEqual((await store.search({ partnerId: p, limit: 10 })).records, [mine[1], mine[0]]);
    });

    it('filters by order number, with or without the partner', async () => {
      const orderNumber = fresh('PO');
      const a = await inserted({ orderNumber, at: T0 });
      const b = await inserted({ orderNumber, at: T0 + 1000 });
      await inserted({ partnerId: a.source.partnerId, at: T0 + 2000 });
      assert.deepEqual((await store.search({ orderNumber, limit: 10 })).records, [b, a]);
      assert.deepEqual((await store.search({ partnerId: a.source.partnerId, orderNumber, limit: 10 })).records, [a]);
      assert.deepEqual((await store.search({ partnerId: a.source.partnerId, orderNumber: fresh('PO'), limit: 10 })).records, []);
    });

    it('filters by statuses (any of them); an empty list means every status', async () => {
      const statuses: OrderStatus[] = ['RECEIVED', 'POSTED', 'EXCEPTION', 'SHIPPED'];
      const records = [];
      for (const [index, status] of statuses.entries()) records.push(await inserted({ status, at: T0 + index * 1000 }));
      const ids = async (asked: OrderStatus[]) => (await store.search({ statuses: asked, limit: 10 })).records.map((record) => record.status);
      assert.deepEqual(await ids(['POSTED', 'SHIPPED']), ['SHIPPED', 'POSTED']);
      assert.deepEqual(await ids(['INVOICED']), []);
      assert.deepEqual(await ids([]), ['SHIPPED', 'EXCEPTION', 'POSTED', 'RECEIVED']);
    });

    it('filters by the status saved last, not the one inserted', async () => {
      const { id } = await inserted({ status: 'RECEIVED' });
      const record = (await store.get(id))!;
      record.status = 'POSTED';
      await store.save(record);
      assert.deepEqual((await store.search({ statuses: ['POSTED'], limit: 10 })).records, [record]);
      assert.deepEqual((await store.search({ statuses: ['RECEIVED'], limit: 10 })).records, []);
    });

    it('receivedBefore excludes its own millisecond, receivedAfter includes it', async () => {
      const records = [];
      for (const offset of [0, 1, 2, 3, 4]) records.push(await inserted({ at: T0 + offset }));
      const offsets = async (query: Omit<OrderSearch, 'limit'>) => (await store.search({ ...query, limit: 10 })).records.map((record) => Date.parse(record.receivedAt) - T0);
      assert.deepEqual(await offsets({ receivedBefore: new Date(T0 + 3) }), [2, 1, 0]);
      assert.deepEqual(await offsets({ receivedAfter: new Date(T0 + 3) }), [4, 3]);
      assert.deepEqual(await offsets({ receivedAfter: new Date(T0 + 1), receivedBefore: new Date(T0 + 4) }), [3, 2, 1]);
      assert.deepEqual(await offsets({ receivedAfter: new Date(T0 + 3), receivedBefore: new Date(T0 + 3) }), []);
    });

    it('limit: the newest `limit` orders, with a next cursor only when more match', async () => {
      const records = [];
      for (const offset of [2, 0, 1]) records.push(await inserted({ at: T0 + offset * 1000 }));
      const full = await store.search({ limit: 3 });
      assert.deepEqual(full.records.map((record) => record.id), newestFirst(records));
      assert.equal(full.nextCursor, undefined);
      const short = await store.search({ limit: 2 });
      assert.deepEqual(short.records.map((record) => record.id), newestFirst(records).slice(0, 2));
      assert.equal(typeof short.nextCursor, 'string');
      assert.deepEqual(decodeCursor(short.nextCursor!), { receivedAtMs: T0 + 1000, id: short.records[1]!.id });
    });

    it('cursor paging yields every matching order exactly once, newest first, with page ends inside a millisecond', async () => {
      const partnerId = fresh('partner');
      const records = [];
      for (const offset of [5, 3, 3, 1, 3, 3, 1]) records.push(await inserted({ partnerId, at: T0 + offset }));
      await inserted({ at: T0 + 3 }); // another partner's, in the same millisecond
      for (const limit of [1, 2, 3]) {
        const paged = await allPages(store, { partnerId, limit });
        assert.deepEqual(paged.map((record) => record.id), newestFirst(records), `limit ${limit}`);
      }
      assert.equal((await allPages(store, { limit: 2 })).length, records.length + 1);
    });

    it('cursor paging with filters: every match exactly once', async () => {
      const records = [];
      for (let index = 0; index < 12; index += 1) records.push(await inserted({ at: T0 + (index % 4), status: index % 3 === 0 ? 'POSTED' : 'RECEIVED' }));
      const posted = records.filter((record) => record.status === 'POSTED');
      const paged = await allPages(store, { statuses: ['POSTED'], receivedBefore: new Date(T0 + 3), limit: 1 });
      assert.deepEqual(paged.map((record) => record.id), newestFirst(posted.filter((record) => Date.parse(record.receivedAt) < T0 + 3)));
    });

    it('orders arriving between pages (newer, older, in the cursor\'s millisecond) neither repeat nor hide the others', async () => {
      const partnerId = fresh('partner');
      const originals = [];
      for (const offset of [10, 8, 8, 8, 6, 6, 4]) originals.push(await inserted({ partnerId, at: T0 + offset }));
      const paged = await allPages(store, { partnerId, limit: 2 }, async (cursor) => {
        const { receivedAtMs } = decodeCursor(cursor)!;
        await inserted({ partnerId, at: T0 + 100 });
        await inserted({ partnerId, at: receivedAtMs });
        await inserted({ partnerId, at: receivedAtMs });
        await inserted({ partnerId, at: T0 - 100 });
      });
      const ids = paged.map((record) => record.id);
      assert.equal(new Set(ids).size, ids.length, 'an order came twice');
      for (const original of originals) assert.ok(ids.includes(original.id), `${original.id} was never answered`);
      assert.deepEqual(ids, newestFirst(paged), 'pages are not newest first');
    });

    it('many orders in one millisecond (more than a Redis read batch) page through completely', async () => {
      const partnerId = fresh('partner');
      const records = Array.from({ length: 250 }, () => orderRecord({ partnerId, at: T0 }));
      assert.deepEqual(await Promise.all(records.map((record) => store.insert(record))), records.map(() => true));
      const paged = await allPages(store, { partnerId, limit: 50 });
      assert.deepEqual(paged.map((record) => record.id), newestFirst(records));
    });

    it('a cursor applies to every search, a partner\'s order number too', async () => {
      const partnerId = fresh('partner');
      const older = await inserted({ partnerId, at: T0 });
      const newer = await inserted({ partnerId, at: T0 + 1000 });
      const first = await store.search({ partnerId, limit: 1 });
      assert.deepEqual(first.records, [newer]);
      const cursor = first.nextCursor!;
      assert.deepEqual((await store.search({ partnerId, orderNumber: older.orderNumber, limit: 1, cursor })).records, [older]);
      assert.deepEqual((await store.search({ partnerId, orderNumber: newer.orderNumber, limit: 1, cursor })).records, []);
      assert.deepEqual((await store.search({ orderNumber: newer.orderNumber, limit: 1, cursor })).records, []);
    });
  });

  describe('due index', () => {
    it('lists the orders whose pending step is due before `before`, oldest first; not at or after it, nor without one', async () => {
      const due = [await inserted({ dueAt: T0 + 30 }), await inserted({ dueAt: T0 + 10 }), await inserted({ dueAt: T0 + 20 })];
      await inserted({ dueAt: T0 + 40 });
      await inserted({ dueAt: T0 + 50 });
      await inserted();
      assert.deepEqual(await store.due(new Date(T0 + 40), 10), [due[1]!.id, due[2]!.id, due[0]!.id]);
      assert.deepEqual(await store.due(new Date(T0 + 10), 10), []);
    });

    it('respects the limit: the oldest due first', async () => {
      const records = [];
      for (const offset of [4, 2, 5, 1, 3]) records.push(await inserted({ dueAt: T0 + offset }));
      const byDue = [...records].sort((a, b) => Date.parse(a.pending!.dueAt) - Date.parse(b.pending!.dueAt)).map((record) => record.id);
      assert.deepEqual(await store.due(new Date(T0 + 60_000), 2), byDue.slice(0, 2));
      assert.deepEqual(await store.due(new Date(T0 + 60_000), 10), byDue);
    });

    it('saving without pending takes the order out; saving a new dueAt moves it; saving one in puts it in', async () => {
      const leaving = await inserted({ dueAt: T0 + 1 });
      const moving = await inserted({ dueAt: T0 + 2 });
      const joining = await inserted();
      delete leaving.pending;
      assert.equal(await store.save(leaving), true);
      moving.pending = pendingAt(T0 + 500);
      assert.equal(await store.save(moving), true);
      joining.pending = pendingAt(T0 + 3);
      assert.equal(await store.save(joining), true);
      assert.deepEqual(await store.due(new Date(T0 + 100), 10), [joining.id]);
      assert.deepEqual(await store.due(new Date(T0 + 1000), 10), [joining.id, moving.id]);
    });
  });
}

describe('order store: memory', () => {
  orderStoreBehaviour(() => new InMemoryOrderStore());
});

describe('order store: Redis', () => {
  const suite = useRedisSuite();
  let stores = 0;
  const prefix = () => `${suite.redis.keyPrefix}${(stores += 1)}:`;

  orderStoreBehaviour(() => new RedisOrderStore({ client: suite.shared, keyPrefix: prefix() }));

  it('two instances with their own clients on one prefix share orders, order numbers, saves and the due index', async () => {
    const [first, second] = [suite.client(), suite.client()];
    await Promise.all([waitUntilReady(first, 5000), waitUntilReady(second, 5000)]);
    const keyPrefix = prefix();
    const a = new RedisOrderStore({ client: first, keyPrefix });
    const b = new RedisOrderStore({ client: second, keyPrefix });
    const record = orderRecord({ dueAt: T0 });
    assert.equal(await a.insert(record), true);
    assert.deepEqual(await b.get(record.id), record);
    assert.deepEqual(await b.findByOrderNumber(record.source.partnerId, record.orderNumber), record);
    assert.equal(await b.insert(orderRecord({ partnerId: record.source.partnerId, orderNumber: record.orderNumber })), false);
    assert.deepEqual(await b.due(new Date(T0 + 1), 10), [record.id]);
    const [readByA, readByB] = [(await a.get(record.id))!, (await b.get(record.id))!];
    delete readByB.pending;
    readByB.status = 'VALIDATED';
    assert.equal(await b.save(readByB), true);
    assert.equal(await a.save(readByA), false);
    assert.deepEqual(await a.get(record.id), readByB);
    assert.deepEqual(await a.due(new Date(T0 + 1), 10), []);
    assert.deepEqual((await a.search({ limit: 10 })).records, [readByB]);
  });

  it('keeps a hash of version and record, the order-number index and the three sorted sets under the prefix, without a TTL', async () => {
    const keyPrefix = prefix();
    const store = new RedisOrderStore({ client: suite.shared, keyPrefix });
    const record = orderRecord({ partnerId: 'globex:eu', orderNumber: 'PO-2026:0001', at: T0, dueAt: T0 + 5 });
    await store.insert(record);
    const keys = {
      record: `${keyPrefix}order:${record.id}`,
      number: `${keyPrefix}order-number:globex%003aeu:PO-2026%003a0001`,
      received: `${keyPrefix}orders:received`,
      partner: `${keyPrefix}orders:partner:globex%003aeu`,
      due: `${keyPrefix}orders:due`,
    };
    assert.equal(store.recordKey(record.id), keys.record);
    assert.equal(store.indexKey('globex:eu', 'PO-2026:0001'), keys.number);
    const hash = await suite.shared.hgetall(keys.record);
    assert.equal(hash.v, '1');
    assert.deepEqual(JSON.parse(hash.json!), record);
    assert.equal(await suite.shared.get(keys.number), record.id);
    assert.equal(await suite.shared.zscore(keys.received, record.id), String(T0));
    assert.equal(await suite.shared.zscore(keys.partner, record.id), String(T0));
    assert.equal(await suite.shared.zscore(keys.due, record.id), String(T0 + 5));
    for (const key of Object.values(keys)) assert.equal(await suite.shared.pttl(key), -1, key);
  });

  it('keyPart escapes everything outside A-Za-z0-9_.- (":", "%", "{}" included) and never maps two values to one', () => {
    assert.equal(keyPart('PO-2026:0001'), 'PO-2026%003a0001');
    assert.equal(keyPart('a%b{c}'), 'a%0025b%007bc%007d');
    assert.equal(keyPart('🚚'), '%d83d%de9a');
    // Strings of the characters an escape could confuse, so that near-collisions come up often.
    const tricky = fc.string({ unit: fc.constantFrom('%', ':', '0', '3', 'a', '{', '}', 'é', '🚚'), maxLength: 8 });
    fc.assert(
      fc.property(tricky, tricky, (a, b) => {
        assert.match(keyPart(a), /^[A-Za-z0-9_.%-]*$/);
        assert.equal(keyPart(a) === keyPart(b), a === b);
      }),
      { numRuns: 500 },
    );
  });

  it('Redis failures are ERR_STATE_UNAVAILABLE', async () => {
    const closed = suite.client();
    await waitUntilReady(closed, 5000);
    closed.disconnect();
    const store = new RedisOrderStore({ client: closed, keyPrefix: prefix() });
    const calls = [
      () => store.insert(orderRecord()),
      () => store.get('ord_x'),
      () => store.findByOrderNumber('p', 'n'),
      () => store.save({ ...orderRecord(), version: 1 }),
      () => store.search({ limit: 10 }),
      () => store.search({ partnerId: 'p', orderNumber: 'n', limit: 10 }),
      () => store.due(new Date(T0), 10),
    ];
    for (const call of calls) await assert.rejects(call(), (error: { code?: string }) => error.code === 'ERR_STATE_UNAVAILABLE');
  });

  it('rejects a missing client or an empty key prefix', () => {
    assert.throws(() => new RedisOrderStore({ client: undefined as never, keyPrefix: 'x:' }), /"client" is required/);
    assert.throws(() => new RedisOrderStore({ client: suite.shared, keyPrefix: '' }), /keyPrefix/);
  });
});

describe('order store: cursors', () => {
  it('decodeCursor reads back what encodeCursor wrote', () => {
    const position = { receivedAtMs: T0, id: `ord_${randomUUID().replaceAll('-', '')}` };
    assert.deepEqual(decodeCursor(encodeCursor(position)), position);
  });

  it('decodeCursor refuses anything it did not make', () => {
    for (const cursor of ['', 'not-a-cursor', Buffer.from('12:').toString('base64url'), Buffer.from('x:ord_1').toString('base64url'), Buffer.from('12:ord-1').toString('base64url'), Buffer.from(`12:${'a'.repeat(65)}`).toString('base64url')]) {
      assert.equal(decodeCursor(cursor), undefined, cursor);
    }
  });
});
