/**
 * The throttling policy through a real express app, one suite run against both counter stores: in process and on a
 * real Redis.
 */
import assert from 'node:assert/strict';
import type Redis from 'ioredis';
import request from 'supertest';
import { createThrottling, type Throttling, type ThrottlingOptions } from '../../../policies/throttling';
import { testRedis, type TestRedis } from '../../support/redis';
import { appLog, operationOf, ORDERS, PLANS, requestClient, sleep, SUBMIT_ORDER, throttledApp } from './helpers';

const PROBLEM_JSON = /^application\/problem\+json/;

/** 23:59:00 UTC on 30 June 2025: a minute before the daily quotas reset. */
const BEFORE_MIDNIGHT = Date.UTC(2025, 5, 30, 23, 59, 0);

function throttlingSuite(kind: 'memory' | 'redis'): void {
  describe(`throttling policy (${kind} store)`, function () {
    let redis: TestRedis | undefined;
    let client: Redis | undefined;
    let suite = 0;
    const opened: Throttling[] = [];

    before(async function () {
      if (kind === 'memory') return;
      redis = await testRedis();
      if (!redis) this.skip();
      client = await requestClient(redis.url);
    });

    after(async () => {
      client?.disconnect();
      await redis?.cleanup();
    });

    afterEach(() => {
      for (const throttling of opened.splice(0)) throttling.close();
    });

    /** A fresh policy and app (its own counters: a new memory store, or a new key prefix). */
    async function setup(overrides: Partial<ThrottlingOptions> = {}) {
      const log = appLog();
      suite += 1;
      const store: ThrottlingOptions['store'] = kind === 'memory' ? { kind: 'memory' } : { kind: 'redis', client: client as Redis, prefix: `${(redis as TestRedis).keyPrefix}${suite}:` };
      const throttling = await createThrottling({ plans: PLANS, failMode: 'open', store, logger: log.logger, operationOf, ...overrides });
      opened.push(throttling);
      return { app: throttledApp(throttling, log.logger), log, throttling };
    }

    it('lets exactly `limit` requests through, then answers 429 problem+json with Retry-After and the limit hit', async () => {
      const { app, log } = await setup();
      for (let index = 1; index <= 5; index += 1) {
        await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(200);
      }
      const refused = await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(429);
      assert.match(refused.headers['content-type'] ?? '', PROBLEM_JSON);
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter >= 59 && retryAfter <= 60, `Retry-After ${refused.headers['retry-after']}`);
      assert.equal(refused.body.type, '/portal/problems#ERR_RATE_LIMITED');
      assert.equal(refused.body.code, 'ERR_RATE_LIMITED');
      assert.equal(refused.body.status, 429);
      assert.equal(refused.body.title, 'Too many requests');
      assert.equal(refused.body.policy, 'bronze.window');
      assert.equal(refused.body.limit, 5);
      assert.equal(refused.body.windowSeconds, 60);
      assert.match(refused.body.detail, /5 requests per 60 s \(plan bronze\)/);
      // Still refused: a fixed window does not reopen by refusing.
      await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(429);
      // Nothing to warn about.
      assert.deepEqual(log.lines().filter((line) => line.level === 'warn' || line.level === 'error'), []);
    });

    it('counts a request once in each of its rules', async () => {
      const { app, log } = await setup();
      const call = () => request(app).get(ORDERS).set('X-Test-Client', 'acme').set('X-Test-Plan', 'metered').expect(200);
      assert.match((await call()).headers['ratelimit'] ?? '', /^"metered\.window"; r=99; t=\d+, "metered\.daily"; r=2; t=\d+$/);
      assert.match((await call()).headers['ratelimit'] ?? '', /^"metered\.window"; r=98; t=\d+, "metered\.daily"; r=1; t=\d+$/);
      assert.deepEqual(log.lines().filter((line) => line.level === 'warn' || line.level === 'error'), []);
    });

    if (kind === 'redis') {
      it('counts all of a request’s rules in one Redis round trip', async () => {
        const { app } = await setup();
        const prefix = `${(redis as TestRedis).keyPrefix}${suite}:`;
        const monitor = await (client as Redis).monitor();
        const commands: string[][] = [];
        monitor.on('monitor', (_time: string, args: string[]) => {
          if (args.some((arg) => arg.startsWith(prefix))) commands.push(args);
        });
        try {
          // bronze: the operation limit and the window; the script's own INCR/PTTL calls carry the keys too.
          await request(app).post(ORDERS).set('X-Test-Client', 'acme').expect(201);
          await sleep(50);
        } finally {
          monitor.disconnect();
        }
        const calls = commands.filter(([command]) => ['evalsha', 'eval'].includes(String(command).toLowerCase()));
        assert.equal(calls.length, 1, JSON.stringify(commands));
        assert.equal(calls[0]?.[2], '2', 'two keys: the operation limit and the window');
      });
    }

    it('describes the limit in force in RateLimit-Policy and RateLimit (draft-8), down to r=0 on the 429', async () => {
      const { app } = await setup();
      const first = await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(200);
      assert.match(first.headers['ratelimit-policy'] ?? '', /^"bronze\.window"; q=5; w=60; pk=:[A-Za-z0-9+/=]+:$/);
      assert.match(first.headers['ratelimit'] ?? '', /^"bronze\.window"; r=4; t=(59|60)$/);
      assert.equal(first.headers['x-ratelimit-limit'], undefined, 'no legacy headers');
      for (let index = 2; index <= 5; index += 1) await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(200);
      const refused = await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(429);
      assert.match(refused.headers['ratelimit'] ?? '', /^"bronze\.window"; r=0; t=(59|60)$/);
      // The partition key is the client's: another client has its own.
      const other = await request(app).get(ORDERS).set('X-Test-Client', 'globex').expect(200);
      const partition = (value: string | undefined) => /pk=(:[^:]+:)/.exec(value ?? '')?.[1];
      assert.ok(partition(other.headers['ratelimit-policy']));
      assert.notEqual(partition(other.headers['ratelimit-policy']), partition(first.headers['ratelimit-policy']));
    });

    it('applies each plan its own limit (bronze 5, gold 10 per minute)', async () => {
      const { app } = await setup();
      const statuses = async (plan: string, count: number) => {
        const out: number[] = [];
        for (let index = 0; index < count; index += 1) out.push((await request(app).get(ORDERS).set('X-Test-Client', `${plan}-client`).set('X-Test-Plan', plan)).status);
        return out;
      };
      assert.deepEqual(await statuses('bronze', 6), [200, 200, 200, 200, 200, 429]);
      assert.deepEqual(await statuses('gold', 11), [...Array(10).fill(200), 429]);
    });

    it('applies an operation limit tighter than the plan, without touching other operations', async () => {
      const { app } = await setup();
      const submit = () => request(app).post(ORDERS).set('X-Test-Client', 'acme');
      const first = await submit().expect(201);
      // Both limits in force are listed, narrowest first, each named.
      assert.match(first.headers['ratelimit-policy'] ?? '', /^"bronze\.operation"; q=2; w=60; pk=:[^:]+:, "bronze\.window"; q=5; w=60; pk=:[^:]+:$/);
      assert.match(first.headers['ratelimit'] ?? '', /^"bronze\.operation"; r=1; t=(59|60), "bronze\.window"; r=4; t=(59|60)$/);
      await submit().expect(201);
      const refused = await submit().expect(429);
      assert.equal(refused.body.policy, 'bronze.operation');
      assert.equal(refused.body.operation, SUBMIT_ORDER);
      assert.equal(refused.body.limit, 2);
      assert.match(refused.headers['ratelimit'] ?? '', /^"bronze\.operation"; r=0; t=\d+$/, 'the rules after the refusing one are not consulted');
      assert.ok(Number(refused.headers['retry-after']) >= 59);
      // Other operations still pass, and the refused submission did not use up the plan's window: 2 + 3 = 5.
      const read = await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(200);
      assert.match(read.headers['ratelimit'] ?? '', /^"bronze\.window"; r=2; t=\d+$/);
      await request(app).get('/partner/orders/v1/invoices').set('X-Test-Client', 'acme').expect(200);
      await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(200);
      const windowRefused = await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(429);
      assert.equal(windowRefused.body.policy, 'bronze.window');
    });

    it('counts the daily quota per UTC day, with Retry-After to the next midnight', async () => {
      let now = BEFORE_MIDNIGHT;
      const { app } = await setup({ clock: () => now });
      const call = () => request(app).get(ORDERS).set('X-Test-Client', 'initech').set('X-Test-Plan', 'metered');
      const first = await call().expect(200);
      assert.match(first.headers['ratelimit-policy'] ?? '', /^"metered\.window"; q=100; w=60; pk=:[^:]+:, "metered\.daily"; q=3; w=86400; pk=:[^:]+:$/);
      assert.match(first.headers['ratelimit'] ?? '', /^"metered\.window"; r=99; t=(59|60), "metered\.daily"; r=2; t=(59|60)$/);
      await call().expect(200);
      await call().expect(200);
      now += 30_000; // 23:59:30
      const refused = await call().expect(429);
      assert.equal(refused.body.policy, 'metered.daily');
      assert.equal(refused.body.limit, 3);
      assert.equal(refused.body.windowSeconds, 86_400);
      assert.match(refused.body.detail, /daily quota of 3 requests of plan metered is used up; it resets at 00:00 UTC/);
      assert.ok([29, 30].includes(Number(refused.headers['retry-after'])), `Retry-After ${refused.headers['retry-after']}`);
      assert.match(refused.headers['ratelimit'] ?? '', /"metered\.daily"; r=0; t=(29|30)$/);
      // Another client's quota is its own.
      await request(app).get(ORDERS).set('X-Test-Client', 'globex').set('X-Test-Plan', 'metered').expect(200);
      now += 31_000; // 00:00:01 on 1 July: a new day, a new quota
      const nextDay = await call().expect(200);
      assert.match(nextDay.headers['ratelimit'] ?? '', /"metered\.daily"; r=2; t=86399$/);
    });

    it('counts every client on its own', async () => {
      const { app } = await setup();
      for (let index = 0; index < 5; index += 1) await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(200);
      await request(app).get(ORDERS).set('X-Test-Client', 'acme').expect(429);
      for (let index = 0; index < 5; index += 1) await request(app).get(ORDERS).set('X-Test-Client', 'shopco').expect(200);
      await request(app).get(ORDERS).set('X-Test-Client', 'shopco').expect(429);
    });

    it('opens a new window once the old one has passed', async () => {
      const { app } = await setup();
      const call = () => request(app).get(ORDERS).set('X-Test-Client', 'acme').set('X-Test-Plan', 'brief');
      await call().expect(200);
      await call().expect(200);
      const refused = await call().expect(429);
      assert.equal(refused.headers['retry-after'], '1');
      await sleep(1100);
      await call().expect(200);
    });

    it('gives a client whose plan is not configured the strictest plan, and says so once', async () => {
      const { app, log } = await setup();
      // Strictest = fewest requests a day: metered (3 a day).
      for (let index = 0; index < 3; index += 1) {
        const response = await request(app).get(ORDERS).set('X-Test-Client', 'stranger').set('X-Test-Plan', 'platinum').expect(200);
        assert.match(response.headers['ratelimit-policy'] ?? '', /"metered\.daily"; q=3;/);
      }
      const refused = await request(app).get(ORDERS).set('X-Test-Client', 'stranger').set('X-Test-Plan', 'platinum').expect(429);
      assert.equal(refused.body.policy, 'metered.daily');
      const notices = log.lines().filter((line) => String(line.message).includes('plan that is not configured'));
      assert.equal(notices.length, 1);
      assert.equal(notices[0]?.plan, 'platinum');
      assert.equal(notices[0]?.appliedPlan, 'metered');
    });

    it('refuses a request without a verified caller (401), counting nothing', async () => {
      const { app } = await setup();
      const response = await request(app).get(ORDERS).expect(401);
      assert.equal(response.body.code, 'ERR_UNAUTHENTICATED');
      assert.equal(response.headers['ratelimit'], undefined);
    });

    it('reports healthy while its store answers', async () => {
      const { throttling } = await setup();
      assert.equal(throttling.health.name, 'throttling');
      await throttling.health.check();
    });
  });
}

throttlingSuite('memory');
throttlingSuite('redis');
