import assert from 'node:assert/strict';
import { MemoryIdempotencyStore } from '../../gateway/state/memory/idempotency-store';
import type { IdempotencyStore, StoredResponse } from '../../gateway/state/ports';
import { waitUntilReady } from '../../gateway/state/redis';
import { RedisIdempotencyStore } from '../../gateway/state/redis/idempotency-store';
import { useRedisSuite } from '../support/redis-suite';

/** What the shared behaviour needs from an implementation: a fresh store, and a way to let time pass. */
interface Harness {
  store(): IdempotencyStore;
  /** Lets `ms` milliseconds pass for the store's TTLs (a fake clock for memory, real time for Redis). */
  elapse(ms: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const RESPONSE: StoredResponse = {
  status: 201,
  headers: { 'content-type': 'application/json; charset=utf-8', location: '/partner/orders/v1/orders/42' },
  bodyBase64: Buffer.from('{"orderId":"42"}').toString('base64'),
};

let keyCounter = 0;
/** A key no other test uses (the Redis suites share one prefix per file). */
const freshKey = () => `key-${process.pid}-${Date.now()}-${(keyCounter += 1)}`;

function idempotencyStoreBehaviour(harness: () => Harness): void {
  let h: Harness;
  let store: IdempotencyStore;
  beforeEach(() => {
    h = harness();
    store = h.store();
  });

  it('claims a free key: acquired', async () => {
    assert.deepEqual(await store.begin(freshKey(), 'fp-1', 60_000), { outcome: 'acquired' });
  });

  it('answers in-flight while the key is claimed, whatever the fingerprint', async () => {
    const key = freshKey();
    await store.begin(key, 'fp-1', 60_000);
    assert.deepEqual(await store.begin(key, 'fp-1', 60_000), { outcome: 'in-flight' });
    assert.deepEqual(await store.begin(key, 'fp-2', 60_000), { outcome: 'in-flight' });
  });

  it('after complete, answers completed with the fingerprint and the response as stored', async () => {
    const key = freshKey();
    await store.begin(key, 'fp-1', 60_000);
    await store.complete(key, 'fp-1', RESPONSE, 60_000);
    assert.deepEqual(await store.begin(key, 'fp-1', 60_000), { outcome: 'completed', fingerprint: 'fp-1', response: RESPONSE });
  });

  it('keeps the original fingerprint when the key is reused for another request', async () => {
    const key = freshKey();
    await store.begin(key, 'fp-original', 60_000);
    await store.complete(key, 'fp-original', RESPONSE, 60_000);
    const again = await store.begin(key, 'fp-other', 60_000);
    assert.equal(again.outcome, 'completed');
    assert.equal(again.outcome === 'completed' && again.fingerprint, 'fp-original');
  });

  it('replays bytes exactly: binary bodies, empty bodies, several headers', async () => {
    const binary: StoredResponse = { status: 200, headers: { 'content-type': 'application/octet-stream', etag: '"abc"' }, bodyBase64: Buffer.from([0, 255, 10, 13, 128]).toString('base64') };
    const empty: StoredResponse = { status: 204, headers: {}, bodyBase64: '' };
    const [first, second] = [freshKey(), freshKey()];
    for (const [key, response] of [[first, binary], [second, empty]] as const) {
      await store.begin(key, 'fp', 60_000);
      await store.complete(key, 'fp', response, 60_000);
      assert.deepEqual(await store.begin(key, 'fp', 60_000), { outcome: 'completed', fingerprint: 'fp', response });
    }
  });

  it('release gives the key up: the next begin acquires it', async () => {
    const key = freshKey();
    await store.begin(key, 'fp-1', 60_000);
    await store.release(key);
    assert.deepEqual(await store.begin(key, 'fp-1', 60_000), { outcome: 'acquired' });
  });

  it('release of a completed key, or of a key never claimed, changes nothing', async () => {
    const key = freshKey();
    await store.release(key);
    await store.begin(key, 'fp-1', 60_000);
    await store.complete(key, 'fp-1', RESPONSE, 60_000);
    await store.release(key);
    assert.equal((await store.begin(key, 'fp-1', 60_000)).outcome, 'completed');
  });

  it('keys are independent', async () => {
    const [a, b] = [freshKey(), freshKey()];
    await store.begin(a, 'fp', 60_000);
    assert.deepEqual(await store.begin(b, 'fp', 60_000), { outcome: 'acquired' });
  });

  it('a claim expires after its in-flight TTL (a crashed holder does not keep the key)', async () => {
    const key = freshKey();
    await store.begin(key, 'fp-1', 100);
    assert.equal((await store.begin(key, 'fp-1', 100)).outcome, 'in-flight');
    await h.elapse(180);
    assert.deepEqual(await store.begin(key, 'fp-1', 60_000), { outcome: 'acquired' });
  });

  it('a stored response expires after its TTL: the key can be used again', async () => {
    const key = freshKey();
    await store.begin(key, 'fp-1', 60_000);
    await store.complete(key, 'fp-1', RESPONSE, 100);
    assert.equal((await store.begin(key, 'fp-1', 60_000)).outcome, 'completed');
    await h.elapse(180);
    assert.deepEqual(await store.begin(key, 'fp-2', 60_000), { outcome: 'acquired' });
  });

  it('stores the result of a holder whose claim lapsed when nobody took the key over', async () => {
    const key = freshKey();
    await store.begin(key, 'fp-1', 100);
    await h.elapse(180);
    await store.complete(key, 'fp-1', RESPONSE, 60_000);
    assert.equal((await store.begin(key, 'fp-1', 60_000)).outcome, 'completed');
  });

  it('a completion for a key it never claimed does not overwrite another request\'s claim', async () => {
    const key = freshKey();
    await store.begin(key, 'fp-1', 60_000);
    const stranger = h.store(); // another instance (Redis) or another process's store (memory): holds no claim
    await stranger.complete(key, 'fp-1', RESPONSE, 60_000);
    await stranger.release(key);
    assert.equal((await store.begin(key, 'fp-1', 60_000)).outcome, 'in-flight');
  });

  it('refuses TTLs that are not a positive number of milliseconds', async () => {
    await assert.rejects(store.begin(freshKey(), 'fp', 0), TypeError);
    await assert.rejects(store.complete(freshKey(), 'fp', RESPONSE, Number.NaN), TypeError);
  });

  it('20 parallel begins on one key: exactly one acquires, the others see it in flight', async () => {
    const key = freshKey();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.begin(key, 'fp', 60_000)));
    assert.equal(outcomes.filter((outcome) => outcome.outcome === 'acquired').length, 1);
    assert.equal(outcomes.filter((outcome) => outcome.outcome === 'in-flight').length, 19);
  });
}

describe('idempotency store: memory', () => {
  let now = 1_700_000_000_000;
  const stores: MemoryIdempotencyStore[] = [];
  afterEach(() => stores.splice(0).forEach((store) => store.close()));

  idempotencyStoreBehaviour(() => ({
    store: () => {
      const store = new MemoryIdempotencyStore({ now: () => now });
      stores.push(store);
      return store;
    },
    elapse: async (ms) => {
      now += ms;
    },
  }));

  it('evicts the oldest-written records first beyond maxRecords', async () => {
    const store = new MemoryIdempotencyStore({ now: () => now, maxRecords: 3, sweepIntervalMs: 0 });
    for (const key of ['a', 'b', 'c']) await store.begin(key, 'fp', 60_000);
    await store.complete('a', 'fp', RESPONSE, 60_000); // rewritten: now the newest
    await store.begin('d', 'fp', 60_000); // evicts b, the oldest-written
    assert.equal(store.size, 3);
    assert.equal((await store.begin('b', 'fp', 60_000)).outcome, 'acquired'); // forgotten; this evicts c
    assert.equal((await store.begin('a', 'fp', 60_000)).outcome, 'completed');
    assert.equal((await store.begin('d', 'fp', 60_000)).outcome, 'in-flight');
    assert.equal((await store.begin('c', 'fp', 60_000)).outcome, 'acquired');
  });

  it('evicts the oldest beyond maxBytes of stored responses', async () => {
    const big: StoredResponse = { status: 200, headers: {}, bodyBase64: 'x'.repeat(400) };
    const store = new MemoryIdempotencyStore({ now: () => now, maxBytes: 1000, sweepIntervalMs: 0 });
    for (const key of ['a', 'b', 'c']) {
      await store.begin(key, 'fp', 60_000);
      await store.complete(key, 'fp', big, 60_000);
    }
    assert.equal(store.size, 2);
    assert.equal((await store.begin('a', 'fp', 60_000)).outcome, 'acquired');
  });

  it('sweeps expired records without being asked about them', async () => {
    const store = new MemoryIdempotencyStore({ now: () => now, sweepIntervalMs: 0 });
    await store.begin('short', 'fp', 100);
    await store.begin('long', 'fp', 60_000);
    now += 200;
    store.sweep();
    assert.equal(store.size, 1);
  });

  it('runs its sweep on an unref\'d timer', async () => {
    let clock = 0;
    const store = new MemoryIdempotencyStore({ now: () => clock, sweepIntervalMs: 20 });
    stores.push(store);
    await store.begin('short', 'fp', 10);
    clock = 100;
    await sleep(60);
    assert.equal(store.size, 0);
  });

  it('rejects unknown and invalid options', () => {
    assert.throws(() => new MemoryIdempotencyStore({ maxRecord: 3 } as never), /unknown option "maxRecord"/);
    assert.throws(() => new MemoryIdempotencyStore({ maxRecords: 0 }), /maxRecords/);
  });
});

describe('idempotency store: Redis', () => {
  const suite = useRedisSuite();

  idempotencyStoreBehaviour(() => ({
    store: () => new RedisIdempotencyStore({ client: suite.shared, keyPrefix: suite.redis.keyPrefix }),
    elapse: sleep,
  }));

  it('writes one key per record under the prefix, with a TTL', async () => {
    const store = new RedisIdempotencyStore({ client: suite.shared, keyPrefix: suite.redis.keyPrefix });
    const key = freshKey();
    await store.begin(key, 'fp', 60_000);
    const pttl = await suite.shared.pttl(`${suite.redis.keyPrefix}idem:${key}`);
    assert.ok(pttl > 50_000 && pttl <= 60_000, `pttl ${pttl}`);
    await store.complete(key, 'fp', RESPONSE, 3_600_000);
    assert.ok((await suite.shared.pttl(`${suite.redis.keyPrefix}idem:${key}`)) > 3_500_000);
  });

  it('across instances: a holder whose claim lapsed and was taken over cannot complete or release over the new claim', async () => {
    const [first, second] = [suite.client(), suite.client()];
    await Promise.all([waitUntilReady(first, 5000), waitUntilReady(second, 5000)]);
    const a = new RedisIdempotencyStore({ client: first, keyPrefix: suite.redis.keyPrefix });
    const b = new RedisIdempotencyStore({ client: second, keyPrefix: suite.redis.keyPrefix });
    const key = freshKey();
    assert.equal((await a.begin(key, 'fp', 100)).outcome, 'acquired');
    await sleep(180);
    assert.equal((await b.begin(key, 'fp', 60_000)).outcome, 'acquired');
    await a.complete(key, 'fp', RESPONSE, 60_000);
    await a.release(key);
    assert.equal((await a.begin(key, 'fp', 60_000)).outcome, 'in-flight');
    await b.complete(key, 'fp', RESPONSE, 60_000);
    assert.equal((await a.begin(key, 'fp', 60_000)).outcome, 'completed');
  });
});
