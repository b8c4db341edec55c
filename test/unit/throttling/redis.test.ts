/**
 * Throttling on Redis where one process is not enough to see it: several instances sharing counters, and Redis
 * failing (down, restarted empty, forgetting or refusing the script) under a policy that must neither hang nor stay
 * switched off.
 */
import assert from 'node:assert/strict';
import type { Express } from 'express';
import Redis from 'ioredis';
import request from 'supertest';
import { GatewayError } from '../../../gateway/errors';
import { createThrottling, type Throttling, type ThrottlingOptions } from '../../../policies/throttling';
import { startDedicatedRedis, testRedis, type DedicatedRedis, type TestRedis } from '../../support/redis';
import { appLog, flushLog, noDedicatedRedis, operationOf, ORDERS, requestClient, throttledApp, untilReady } from './helpers';

const FAILING = 'throttling: the rate-limit counter store is failing';
const ANSWERS_AGAIN = 'throttling: the rate-limit counter store answers again';

async function statuses(app: Express, count: number, client = 'acme'): Promise<number[]> {
  const out: number[] = [];
  for (let index = 0; index < count; index += 1) out.push((await request(app).get(ORDERS).set('X-Test-Client', client)).status);
  return out;
}

function count(values: readonly number[], status: number): number {
  return values.filter((value) => value === status).length;
}

describe('throttling on Redis shared by several instances', function () {
  let redis: TestRedis | undefined;
  const clients: Redis[] = [];
  const opened: Throttling[] = [];

  before(async function () {
    redis = await testRedis();
    if (!redis) this.skip();
  });

  after(async () => {
    for (const throttling of opened) throttling.close();
    for (const client of clients) client.disconnect();
    await redis?.cleanup();
  });

  it('lets exactly N of 3N concurrent requests through, alternating between two instances', async () => {
    const target = redis as TestRedis;
    const prefix = `${target.keyPrefix}shared:`;
    const plans = { bronze: { limit: 10, windowSeconds: 60, operations: {} } };
    const apps: Express[] = [];
    for (let instance = 0; instance < 2; instance += 1) {
      const client = await requestClient(target.url); // each instance has its own connection
      clients.push(client);
      const log = appLog();
      const throttling = await createThrottling({ plans, failMode: 'closed', store: { kind: 'redis', client, prefix }, logger: log.logger, operationOf });
      opened.push(throttling);
      apps.push(throttledApp(throttling, log.logger));
    }
    const responses = await Promise.all(Array.from({ length: 30 }, (_unused, index) => request(apps[index % 2] as Express).get(ORDERS).set('X-Test-Client', 'acme')));
    const answered = responses.map((response) => response.status);
    assert.equal(count(answered, 200), 10, `statuses: ${answered.join(',')}`);
    assert.equal(count(answered, 429), 20);
    // Both instances refused some: the count really is shared.
    assert.ok(responses.some((response, index) => index % 2 === 0 && response.status === 429));
    assert.ok(responses.some((response, index) => index % 2 === 1 && response.status === 429));
  });
});

describe('throttling while Redis fails', function () {
  let dedicated: DedicatedRedis | undefined;
  let client: Redis;
  const opened: Throttling[] = [];
  let suite = 0;

  before(async function () {
    dedicated = await startDedicatedRedis();
    if (!dedicated) noDedicatedRedis(this);
    client = await requestClient(dedicated.url);
  });

  after(async () => {
    for (const throttling of opened) throttling.close();
    client?.disconnect();
    await dedicated?.stop();
  });

  afterEach(async () => {
    for (const throttling of opened.splice(0)) throttling.close();
    // Leave Redis up, reachable and permissive for the next test.
    const server = dedicated as DedicatedRedis;
    if (client.status !== 'ready') {
      await server.start().catch(() => undefined);
      await untilReady(client);
    }
    await client.call('ACL', 'SETUSER', 'default', '+@all');
  });

  async function setup(overrides: Partial<ThrottlingOptions> = {}, on: Redis = client) {
    const log = appLog();
    suite += 1;
    const plans = { bronze: { limit: 3, windowSeconds: 60, operations: {} } };
    const throttling = await createThrottling({ plans, failMode: 'open', store: { kind: 'redis', client: on, prefix: `dgtest:outage${suite}:` }, logger: log.logger, operationOf, ...overrides });
    opened.push(throttling);
    return { app: throttledApp(throttling, log.logger), log, throttling };
  }

  it('fails open while Redis is down: requests pass, the outage is logged once, health fails; limits are back after a restart', async () => {
    const server = dedicated as DedicatedRedis;
    const { app, log, throttling } = await setup({ failMode: 'open' });
    assert.deepEqual(await statuses(app, 2), [200, 200]);
    await server.stop();

    const started = Date.now();
    const during = await Promise.all(Array.from({ length: 5 }, () => request(app).get(ORDERS).set('X-Test-Client', 'acme')));
    assert.deepEqual(
      during.map((response) => response.status),
      [200, 200, 200, 200, 200],
    );
    assert.ok(Date.now() - started < 3000, 'a Redis outage costs a request milliseconds, not ioredis retries');
    assert.equal(during[0]?.headers['ratelimit'], undefined, 'no headers claim a limit that was not counted');
    await assert.rejects(throttling.health.check(), (error: unknown) => error instanceof GatewayError && error.code === 'ERR_STATE_UNAVAILABLE');
    await flushLog();
    assert.equal(log.messages().filter((message) => message === FAILING).length, 1, log.messages().join('\n'));
    const failing = log.lines().find((line) => line.message === FAILING);
    assert.equal(failing?.failMode, 'open');
    assert.equal(failing?.level, 'error');

    // Restarted empty: no counters, no scripts (NOSCRIPT). The limit applies again, exactly.
    await server.start();
    await untilReady(client);
    await throttling.health.check();
    assert.deepEqual(await statuses(app, 4), [200, 200, 200, 429]);
    await flushLog();
    assert.equal(log.messages().filter((message) => message === ANSWERS_AGAIN).length, 1);
  });

  it('fails closed while Redis is down: 503 ERR_STATE_UNAVAILABLE, nothing processed; limits are back after a restart', async () => {
    const server = dedicated as DedicatedRedis;
    const { app, log } = await setup({ failMode: 'closed' });
    assert.deepEqual(await statuses(app, 1), [200]);
    await server.stop();
    const refused = await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(503);
    assert.match(refused.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(refused.body.code, 'ERR_STATE_UNAVAILABLE');
    assert.doesNotMatch(JSON.stringify(refused.body), /ECONNREFUSED|127\.0\.0\.1|max retries|Connection/i, 'the cause stays in the log');
    assert.deepEqual(await statuses(app, 3), [503, 503, 503]);
    await flushLog();
    assert.equal(log.messages().filter((message) => message === FAILING).length, 1);

    await server.start();
    await untilReady(client);
    assert.deepEqual(await statuses(app, 4), [200, 200, 200, 429]);
  });

  it('keeps enforcing after Redis forgets the script (SCRIPT FLUSH: NOSCRIPT without a reconnection)', async () => {
    const { app } = await setup();
    assert.deepEqual(await statuses(app, 1), [200]);
    await client.call('SCRIPT', 'FLUSH');
    assert.deepEqual(await statuses(app, 3), [200, 200, 429]);
  });

  it('keeps enforcing when Redis refuses to load scripts: the script is sent in full instead', async () => {
    const { app, log } = await setup({ failMode: 'closed' });
    assert.deepEqual(await statuses(app, 1), [200]);
    // NOSCRIPT, and no SCRIPT LOAD allowed either (in life: a reload timing out): EVAL still counts.
    await client.call('ACL', 'SETUSER', 'default', '-script|load');
    await client.call('SCRIPT', 'FLUSH');
    assert.deepEqual(await statuses(app, 3), [200, 200, 429]);
    await flushLog();
    assert.equal(log.messages().filter((message) => message === FAILING).length, 0);
  });

  it('starts while Redis is down and enforces the limits once it is up', async () => {
    const server = dedicated as DedicatedRedis;
    await server.stop();
    const late = new Redis(server.url, { maxRetriesPerRequest: 1, commandTimeout: 500, enableOfflineQueue: false, connectTimeout: 500, retryStrategy: () => 50 });
    late.on('error', () => undefined);
    try {
      const { app, throttling } = await setup({ failMode: 'open' }, late);
      assert.deepEqual(await statuses(app, 4), [200, 200, 200, 200], 'open while Redis is down');
      await assert.rejects(throttling.health.check());
      await server.start();
      await untilReady(late);
      assert.deepEqual(await statuses(app, 4, 'globex'), [200, 200, 200, 429]);
      await throttling.health.check();
    } finally {
      late.disconnect();
      await untilReady(client);
    }
  });
});
