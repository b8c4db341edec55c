import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { InMemoryExceptionStore, type ExceptionQuery, type ExceptionRecord, type ExceptionStore, type NewException } from '../../apis/process/orders/workflow/exception-store';
import { RedisExceptionStore } from '../../apis/process/orders/workflow/redis-exception-store';
import { waitUntilReady } from '../../gateway/state/redis';
import { useRedisSuite } from '../support/redis-suite';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** What the engine opens when a step's retries are spent (engine.ts `toExceptions`). */
function newException(overrides: Partial<NewException> = {}): NewException {
  return {
    orderId: `ord_${randomUUID().replaceAll('-', '')}`,
    partnerId: 'globex',
    orderNumber: `PO-${randomUUID().slice(0, 8)}`,
    step: 'post',
    reason: 'Step post failed 5 times on transient errors; retries are spent',
    attempts: 5,
    lastError: 'ERP did not answer within 10000 ms — ünïcödé',
    statusBefore: 'ALLOCATED',
    createdAt: iso(T0),
    ...overrides,
  };
}

/** `fresh()` gives an empty store (Redis: a key prefix of its own under the suite's). */
function exceptionStoreBehaviour(fresh: () => ExceptionStore): void {
  let store: ExceptionStore;
  beforeEach(() => {
    store = fresh();
  });

  const ids = async (query: ExceptionQuery) => (await store.list(query)).map((exception) => exception.id);

  it('open answers an OPEN exception with an id of exc_ and 32 hex digits, and get answers it', async () => {
    const input = newException();
    const opened = await store.open(input);
    assert.match(opened.id, /^exc_[0-9a-f]{32}$/);
    assert.deepEqual(opened, { ...input, id: opened.id, status: 'OPEN' });
    assert.deepEqual(await store.get(opened.id), opened);
  });

  it('every open is a new exception, even of the same input', async () => {
    const input = newException();
    const [a, b] = [await store.open(input), await store.open(input)];
    assert.notEqual(a.id, b.id);
    assert.deepEqual((await ids({ limit: 10 })).sort(), [a.id, b.id].sort());
  });

  it('get of an unknown id: undefined', async () => {
    assert.equal(await store.get(`exc_${randomUUID().replaceAll('-', '')}`), undefined);
  });

  it('records are copies: changing an opened, a fetched or a listed exception does not change the stored one', async () => {
    const opened = await store.open(newException());
    const expected = structuredClone(opened);
    opened.status = 'REPLAYED';
    const got = (await store.get(expected.id))!;
    got.reason = 'changed';
    const [listed] = await store.list({ limit: 1 });
    listed!.attempts = 99;
    assert.deepEqual(await store.get(expected.id), expected);
  });

  it('countCreated counts exceptions per consecutive bucket (start inclusive, end exclusive), resolved ones too', async () => {
    const opened = [];
    for (const at of [T0 - 1, T0, T0 + 59_999, T0 + 60_000, T0 + 150_000, T0 + 180_000]) opened.push(await store.open(newException({ createdAt: iso(at) })));
    await store.resolve(opened[1]!.id, iso(T0 + 200_000), 'replayed', 'architect');
    assert.deepEqual(await store.countCreated(new Date(T0), 60_000, 3), [2, 1, 1]);
  });

  it('list answers newest first', async () => {
    const opened = [];
    for (const offset of [3, 9, 1, 7, 5]) opened.push(await store.open(newException({ createdAt: iso(T0 + offset * 1000) })));
    const newest = [...opened].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).map((exception) => exception.id);
    assert.deepEqual(await ids({ limit: 10 }), newest);
  });

  it('list: at most `limit`, the newest ones', async () => {
    const opened = [];
    for (const offset of [2, 4, 1, 3]) opened.push(await store.open(newException({ createdAt: iso(T0 + offset) })));
    const [, second, , fourth] = opened;
    assert.deepEqual(await ids({ limit: 2 }), [second!.id, fourth!.id]);
    assert.deepEqual(await ids({ limit: 0 }), []);
  });

  it('list filters by status, step, partner and since (inclusive), together', async () => {
    const a = await store.open(newException({ step: 'post', partnerId: 'globex', createdAt: iso(T0 + 4) }));
    const b = await store.open(newException({ step: 'allocate', partnerId: 'globex', createdAt: iso(T0 + 3) }));
    const c = await store.open(newException({ step: 'post', partnerId: 'initech', createdAt: iso(T0 + 2) }));
    const d = await store.open(newException({ step: 'post', partnerId: 'globex', createdAt: iso(T0 + 1) }));
    assert.equal(await store.resolve(a.id, iso(T0 + 10), 'replayed', 'ops-app'), true);
    assert.equal(await store.resolve(c.id, iso(T0 + 10), 'superseded'), true);
    assert.deepEqual(await ids({ status: 'OPEN', limit: 10 }), [b.id, d.id]);
    assert.deepEqual(await ids({ status: 'REPLAYED', limit: 10 }), [a.id]);
    assert.deepEqual(await ids({ status: 'SUPERSEDED', limit: 10 }), [c.id]);
    assert.deepEqual(await ids({ step: 'post', limit: 10 }), [a.id, c.id, d.id]);
    assert.deepEqual(await ids({ partnerId: 'globex', limit: 10 }), [a.id, b.id, d.id]);
    assert.deepEqual(await ids({ partnerId: 'nobody', limit: 10 }), []);
    assert.deepEqual(await ids({ since: new Date(T0 + 2), limit: 10 }), [a.id, b.id, c.id]);
    assert.deepEqual(await ids({ status: 'OPEN', step: 'post', partnerId: 'globex', limit: 10 }), [d.id]);
    assert.deepEqual(await ids({ status: 'OPEN', since: new Date(T0 + 2), limit: 10 }), [b.id]);
  });

  it('list looks past many exceptions that do not match (more than a Redis read batch)', async () => {
    const wanted = await store.open(newException({ partnerId: 'initech', createdAt: iso(T0) }));
    await Promise.all(Array.from({ length: 250 }, (_, index) => store.open(newException({ createdAt: iso(T0 + 1 + index) }))));
    assert.deepEqual(await ids({ partnerId: 'initech', limit: 10 }), [wanted.id]);
    assert.equal((await store.list({ limit: 1000 })).length, 251);
  });

  it('resolve as replayed: REPLAYED, with resolvedAt and resolvedBy', async () => {
    const opened = await store.open(newException());
    assert.equal(await store.resolve(opened.id, iso(T0 + 60_000), 'replayed', 'ops-console'), true);
    assert.deepEqual(await store.get(opened.id), { ...opened, status: 'REPLAYED', resolvedAt: iso(T0 + 60_000), resolvedBy: 'ops-console' });
  });

  it('resolve as superseded (nobody): SUPERSEDED, with resolvedAt and no resolvedBy', async () => {
    const opened = await store.open(newException());
    assert.equal(await store.resolve(opened.id, iso(T0 + 60_000), 'superseded'), true);
    const resolved = await store.get(opened.id);
    assert.deepEqual(resolved, { ...opened, status: 'SUPERSEDED', resolvedAt: iso(T0 + 60_000) });
    assert.ok(resolved && !('resolvedBy' in resolved));
  });

  it('a second resolve answers false and changes nothing', async () => {
    const opened = await store.open(newException());
    await store.resolve(opened.id, iso(T0 + 1000), 'replayed', 'first');
    const first = await store.get(opened.id);
    assert.equal(await store.resolve(opened.id, iso(T0 + 2000), 'replayed', 'second'), false);
    assert.equal(await store.resolve(opened.id, iso(T0 + 3000), 'superseded'), false);
    assert.deepEqual(await store.get(opened.id), first);
  });

  it('resolve of an unknown id answers false and creates nothing', async () => {
    const id = `exc_${randomUUID().replaceAll('-', '')}`;
    assert.equal(await store.resolve(id, iso(T0), 'replayed', 'ops'), false);
    assert.equal(await store.get(id), undefined);
  });

  it('concurrent resolves of one exception: exactly one answers true, and its resolution is the one stored', async () => {
    const opened = await store.open(newException());
    const by = Array.from({ length: 10 }, (_, index) => `replayer-${index}`);
    const answers = await Promise.all(by.map((who, index) => store.resolve(opened.id, iso(T0 + index), index % 2 ? 'superseded' : 'replayed', who)));
    assert.equal(answers.filter(Boolean).length, 1);
    const winner = answers.indexOf(true);
    const stored = (await store.get(opened.id)) as ExceptionRecord;
    assert.equal(stored.resolvedBy, by[winner]);
    assert.equal(stored.resolvedAt, iso(T0 + winner));
    assert.equal(stored.status, winner % 2 ? 'SUPERSEDED' : 'REPLAYED');
  });
}

describe('exception store: memory', () => {
  exceptionStoreBehaviour(() => new InMemoryExceptionStore());
});

describe('exception store: Redis', () => {
  const suite = useRedisSuite();
  let stores = 0;
  const prefix = () => `${suite.redis.keyPrefix}${(stores += 1)}:`;

  exceptionStoreBehaviour(() => new RedisExceptionStore({ client: suite.shared, keyPrefix: prefix() }));

  it('two instances with their own clients on one prefix share exceptions; only one of them resolves one', async () => {
    const [first, second] = [suite.client(), suite.client()];
    await Promise.all([waitUntilReady(first, 5000), waitUntilReady(second, 5000)]);
    const keyPrefix = prefix();
    const a = new RedisExceptionStore({ client: first, keyPrefix });
    const b = new RedisExceptionStore({ client: second, keyPrefix });
    const opened = await a.open(newException());
    assert.deepEqual(await b.get(opened.id), opened);
    assert.deepEqual(await b.list({ status: 'OPEN', limit: 10 }), [opened]);
    const answers = await Promise.all([a.resolve(opened.id, iso(T0), 'replayed', 'a'), b.resolve(opened.id, iso(T0), 'replayed', 'b')]);
    assert.deepEqual([...answers].sort(), [false, true]);
    assert.equal((await a.get(opened.id))?.resolvedBy, answers[0] ? 'a' : 'b');
  });

  it('a listing that reads several batches answers each exception once, even when others are opened meanwhile', async () => {
    const keyPrefix = prefix();
    const writer = new RedisExceptionStore({ client: suite.shared, keyPrefix });
    const opened = await Promise.all(Array.from({ length: 250 }, (_, index) => writer.open(newException({ createdAt: iso(T0 + index) }))));
    // The reader's client is the real one; another instance opens an exception right after the reader's first read.
    let reads = 0;
    const client = new Proxy(suite.shared, {
      get(target, name) {
        const value: unknown = Reflect.get(target, name, target);
        if (name !== 'zrevrangebyscore' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          const answer: unknown = await value.apply(target, args);
          if ((reads += 1) === 1) await writer.open(newException({ createdAt: iso(T0 + 10_000) }));
          return answer;
        };
      },
    });
    const listed = (await new RedisExceptionStore({ client, keyPrefix }).list({ limit: 1000 })).map((exception) => exception.id);
    assert.equal(reads, 2);
    assert.equal(new Set(listed).size, listed.length, 'an exception was listed twice');
    assert.deepEqual(listed, [...opened].reverse().map((exception) => exception.id));
  });

  it('keeps each exception as JSON and the ids by creation time under the prefix, without a TTL', async () => {
    const keyPrefix = prefix();
    const store = new RedisExceptionStore({ client: suite.shared, keyPrefix });
    const opened = await store.open(newException({ createdAt: iso(T0 + 7) }));
    const recordKey = `${keyPrefix}exception:${opened.id}`;
    assert.deepEqual(JSON.parse((await suite.shared.get(recordKey))!), opened);
    assert.equal(await suite.shared.zscore(`${keyPrefix}exceptions`, opened.id), String(T0 + 7));
    assert.equal(await suite.shared.pttl(recordKey), -1);
    assert.equal(await suite.shared.pttl(`${keyPrefix}exceptions`), -1);
  });

  it('Redis failures are ERR_STATE_UNAVAILABLE', async () => {
    const closed = suite.client();
    await waitUntilReady(closed, 5000);
    closed.disconnect();
    const store = new RedisExceptionStore({ client: closed, keyPrefix: prefix() });
    const id = `exc_${randomUUID().replaceAll('-', '')}`;
    for (const call of [() => store.open(newException()), () => store.get(id), () => store.list({ limit: 10 }), () => store.resolve(id, iso(T0), 'replayed', 'ops')]) {
      await assert.rejects(call(), (error: { code?: string }) => error.code === 'ERR_STATE_UNAVAILABLE');
    }
  });
});
