import assert from 'node:assert/strict';
import { MemoryUsageStore } from '../../gateway/state/memory/usage-store';
import type { UsageStore } from '../../gateway/state/ports';
import { RedisUsageStore } from '../../gateway/state/redis/usage-store';
import { useRedisSuite } from '../support/redis-suite';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** `fresh()` gives an empty store (Redis: a new key prefix under the suite's). */
function usageStoreBehaviour(fresh: () => UsageStore): void {
  let store: UsageStore;
  beforeEach(() => {
    store = fresh();
  });

  it('reports nothing before anything is recorded', async () => {
    assert.deepEqual(await store.report(), []);
  });

  it('counts calls per client per version, with the latest call as lastSeen', async () => {
    await store.record('partner/customers/v1', 'acme-app', at(0));
    await store.record('partner/customers/v1', 'acme-app', at(5));
    await store.record('partner/customers/v1', 'globex-app', at(3));
    await store.record('partner/orders/v1', 'acme-app', at(7));
    assert.deepEqual(await store.report(), [
      { apiVersion: 'partner/customers/v1', clientId: 'acme-app', calls: 2, lastSeen: at(5).toISOString() },
      { apiVersion: 'partner/customers/v1', clientId: 'globex-app', calls: 1, lastSeen: at(3).toISOString() },
      { apiVersion: 'partner/orders/v1', clientId: 'acme-app', calls: 1, lastSeen: at(7).toISOString() },
    ]);
  });

  it('lastSeen only moves forward (instances record out of order)', async () => {
    await store.record('partner/customers/v1', 'acme-app', at(10));
    await store.record('partner/customers/v1', 'acme-app', at(2));
    const [entry] = await store.report();
    assert.equal(entry?.lastSeen, at(10).toISOString());
    assert.equal(entry?.calls, 2);
  });

  it('orders the report by calls, most first; ties by version, then client', async () => {
    for (let i = 0; i < 3; i += 1) await store.record('b/v1', 'zeta', at(i));
    await store.record('b/v1', 'alpha', at(1));
    await store.record('a/v1', 'mid', at(1));
    await store.record('a/v1', 'beta', at(1));
    const order = (await store.report()).map((entry) => `${entry.calls} ${entry.apiVersion} ${entry.clientId}`);
    assert.deepEqual(order, ['3 b/v1 zeta', '1 a/v1 beta', '1 a/v1 mid', '1 b/v1 alpha']);
  });

  it('filters by the versions asked; none given means all; an empty list means none', async () => {
    await store.record('partner/customers/v1', 'acme-app', at(0));
    await store.record('partner/orders/v1', 'acme-app', at(0));
    await store.record('internal/pricing/v2', 'ops-app', at(0));
    const versions = async (asked?: readonly string[]) => (await store.report(asked)).map((entry) => entry.apiVersion).sort();
    assert.deepEqual(await versions(['partner/orders/v1', 'internal/pricing/v2']), ['internal/pricing/v2', 'partner/orders/v1']);
    assert.deepEqual(await versions(['partner/orders/v1', 'partner/orders/v1']), ['partner/orders/v1']);
    assert.deepEqual(await versions(['never/recorded/v9']), []);
    assert.deepEqual(await versions([]), []);
    assert.equal((await versions()).length, 3);
  });

  it('counts parallel calls exactly', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.record('partner/customers/v1', 'acme-app', at(i % 7))));
    assert.deepEqual(await store.report(), [{ apiVersion: 'partner/customers/v1', clientId: 'acme-app', calls: 50, lastSeen: at(6).toISOString() }]);
  });

  it('keeps client ids and versions with separators apart', async () => {
    await store.record('partner/customers/v1', 'a:b', at(0));
    await store.record('partner/customers/v1', 'a', at(1));
    const clients = (await store.report()).map((entry) => entry.clientId).sort();
    assert.deepEqual(clients, ['a', 'a:b']);
  });
}

describe('usage store: memory', () => {
  usageStoreBehaviour(() => new MemoryUsageStore());
});

describe('usage store: Redis', () => {
  const suite = useRedisSuite();
  let counter = 0;

  usageStoreBehaviour(() => new RedisUsageStore({ client: suite.shared, keyPrefix: `${suite.redis.keyPrefix}${(counter += 1)}:` }));

  it('keeps one hash per version and the set of versions, under the prefix, without a TTL', async () => {
    const keyPrefix = `${suite.redis.keyPrefix}layout:`;
    const store = new RedisUsageStore({ client: suite.shared, keyPrefix });
    await store.record('partner/customers/v1', 'acme-app', at(1));
    assert.deepEqual(await suite.shared.smembers(`${keyPrefix}usage:versions`), ['partner/customers/v1']);
    assert.deepEqual(await suite.shared.hgetall(`${keyPrefix}usage:version:partner/customers/v1`), { 'calls:acme-app': '1', 'lastSeen:acme-app': at(1).toISOString() });
    assert.equal(await suite.shared.pttl(`${keyPrefix}usage:version:partner/customers/v1`), -1);
  });
});
