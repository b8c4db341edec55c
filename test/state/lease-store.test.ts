import { keyPart } from '../../gateway/state/redis/key-part';
import assert from 'node:assert/strict';
import { MemoryLeaseStore } from '../../gateway/state/memory/lease-store';
import type { LeaseStore } from '../../gateway/state/ports';
import { waitUntilReady } from '../../gateway/state/redis';
import { RedisLeaseStore } from '../../gateway/state/redis/lease-store';
import { useRedisSuite } from '../support/redis-suite';

/** What the shared behaviour needs from an implementation: a fresh store, and a way to let time pass. */
interface Harness {
  store(): LeaseStore;
  /** Lets `ms` milliseconds pass for the store's TTLs (a fake clock for memory, real time for Redis). */
  elapse(ms: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Short enough to wait for, long enough that a lease is still held right after it was taken. */
const TTL = 150;

let counter = 0;
/** A key no other test uses (the Redis suite shares one prefix for the whole file). */
const freshKey = () => `order:ord_${process.pid}_${Date.now()}_${(counter += 1)}`;

function leaseStoreBehaviour(harness: () => Harness): void {
  let h: Harness;
  let store: LeaseStore;
  beforeEach(() => {
    h = harness();
    store = h.store();
  });

  it('acquire of a free lease gives a token', async () => {
    const token = await store.acquire(freshKey(), 60_000);
    assert.equal(typeof token, 'string');
    assert.ok(token!.length > 0);
  });

  it('a second acquire is refused while the lease is held', async () => {
    const key = freshKey();
    assert.ok(await store.acquire(key, 60_000));
    assert.equal(await store.acquire(key, 60_000), undefined);
    assert.equal(await store.acquire(key, 60_000), undefined);
  });

  it('release with the holder\'s token frees it: the next acquire gets a new token', async () => {
    const key = freshKey();
    const token = (await store.acquire(key, 60_000))!;
    await store.release(key, token);
    const next = await store.acquire(key, 60_000);
    assert.ok(next);
    assert.notEqual(next, token);
  });

  it('release with a wrong token leaves the holder\'s lease alone', async () => {
    const key = freshKey();
    const token = (await store.acquire(key, 60_000))!;
    await store.release(key, 'not-the-token');
    await store.release(key, '');
    assert.equal(await store.acquire(key, 60_000), undefined);
    await store.release(key, token);
    assert.ok(await store.acquire(key, 60_000), 'the holder could still release it');
  });

  it('a lease expires after ttlMs: held just before, free after', async () => {
    const key = freshKey();
    assert.ok(await store.acquire(key, TTL));
    await h.elapse(TTL / 3);
    assert.equal(await store.acquire(key, TTL), undefined);
    await h.elapse(TTL);
    assert.ok(await store.acquire(key, 60_000));
  });

  it('a stale holder\'s release (its lease expired and was taken over) leaves the new holder\'s lease alone', async () => {
    const key = freshKey();
    const stale = (await store.acquire(key, TTL))!;
    await h.elapse(TTL + 50);
    const current = await store.acquire(key, 60_000);
    assert.ok(current);
    assert.notEqual(current, stale);
    await store.release(key, stale);
    assert.equal(await store.acquire(key, 60_000), undefined);
  });

  it('release of a lease never taken, or already released, is harmless', async () => {
    const key = freshKey();
    await store.release(key, 'nobody');
    const token = (await store.acquire(key, 60_000))!;
    await store.release(key, token);
    await store.release(key, token);
    assert.ok(await store.acquire(key, 60_000));
  });

  it('leases on different keys are independent, whatever characters the keys hold', async () => {
    const base = freshKey();
    const keys = [base, `${base}:a`, `${base}%3Aa`, `${base}{a}`, `${base}%7Ba%7D`, `${base} ☃`];
    for (const key of keys) assert.ok(await store.acquire(key, 60_000), key);
    for (const key of keys) assert.equal(await store.acquire(key, 60_000), undefined, key);
  });

  it('20 parallel acquires of one lease: exactly one token', async () => {
    const key = freshKey();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => store.acquire(key, 60_000)));
    assert.equal(tokens.filter((token) => token !== undefined).length, 1);
  });
}

describe('lease store: memory', () => {
  let now = 1_700_000_000_000;

  leaseStoreBehaviour(() => ({
    store: () => new MemoryLeaseStore(() => now),
    elapse: async (ms) => {
      now += ms;
    },
  }));

  it('uses the real clock by default', async () => {
    const store = new MemoryLeaseStore();
    assert.ok(await store.acquire('order:a', 50));
    assert.equal(await store.acquire('order:a', 50), undefined);
    await sleep(80);
    assert.ok(await store.acquire('order:a', 50));
  });
});

describe('lease store: Redis', () => {
  const suite = useRedisSuite();

  leaseStoreBehaviour(() => ({
    store: () => new RedisLeaseStore({ client: suite.shared, keyPrefix: suite.redis.keyPrefix }),
    elapse: sleep,
  }));

  it('keeps the holder\'s token under the prefix, with the lease\'s TTL', async () => {
    const store = new RedisLeaseStore({ client: suite.shared, keyPrefix: suite.redis.keyPrefix });
    const key = freshKey();
    const token = await store.acquire(key, 60_000);
    const redisKey = `${suite.redis.keyPrefix}lease:${keyPart(key)}`;
    assert.equal(await suite.shared.get(redisKey), token);
    const pttl = await suite.shared.pttl(redisKey);
    assert.ok(pttl > 55_000 && pttl <= 60_000, `pttl ${pttl}`);
  });

  it('across instances: one holder at a time, and a stale holder cannot release the new holder\'s lease', async () => {
    const [first, second] = [suite.client(), suite.client()];
    await Promise.all([waitUntilReady(first, 5000), waitUntilReady(second, 5000)]);
    const a = new RedisLeaseStore({ client: first, keyPrefix: suite.redis.keyPrefix });
    const b = new RedisLeaseStore({ client: second, keyPrefix: suite.redis.keyPrefix });
    const key = freshKey();
    const stale = (await a.acquire(key, TTL))!;
    assert.equal(await b.acquire(key, 60_000), undefined);
    await sleep(TTL + 50);
    const current = (await b.acquire(key, 60_000))!;
    assert.ok(current);
    await a.release(key, stale);
    assert.equal(await a.acquire(key, 60_000), undefined);
    await b.release(key, current);
    assert.ok(await a.acquire(key, 60_000));
  });

  it('Redis failures are ERR_STATE_UNAVAILABLE', async () => {
    const closed = suite.client();
    await waitUntilReady(closed, 5000);
    closed.disconnect();
    const store = new RedisLeaseStore({ client: closed, keyPrefix: suite.redis.keyPrefix });
    await assert.rejects(store.acquire(freshKey(), 1000), (error: { code?: string }) => error.code === 'ERR_STATE_UNAVAILABLE');
    await assert.rejects(store.release(freshKey(), 'token'), (error: { code?: string }) => error.code === 'ERR_STATE_UNAVAILABLE');
  });
});
