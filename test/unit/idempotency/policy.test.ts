import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import express, { type Express } from 'express';
import type Redis from 'ioredis';
import request from 'supertest';
import type { FailMode } from '../../../gateway/config';
import { createLogger, type Logger } from '../../../gateway/logger';
import { createProblemHandler } from '../../../gateway/problem-handler';
import { MemoryIdempotencyStore } from '../../../gateway/state/memory/idempotency-store';
import type { IdempotencyStore } from '../../../gateway/state/ports';
import { createRedisClient, waitUntilReady } from '../../../gateway/state/redis';
import { RedisIdempotencyStore } from '../../../gateway/state/redis/idempotency-store';
import { canonicalJson, createIdempotency, parseIdempotencyKey, requestFingerprint } from '../../../policies/idempotency';
import { startDedicatedRedis, testRedis, type DedicatedRedis, type TestRedis } from '../../support/redis';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function capturedLog(): { logger: Logger; lines(): Array<Record<string, unknown>> } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return {
    logger: createLogger({ level: 'debug', stream }),
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

interface TestApp {
  app: Express;
  /** How many times the route created something. */
  created(): number;
  /** Makes the route's next call answer 500 (after "creating" nothing). */
  failNext(): void;
}

/**
 * A gateway-shaped app: JSON body parsing, a stand-in for authentication (the caller from `X-Test-Client`), the
 * policy, routes that count what they create, and the gateway's problem handler.
 */
function testApp(store: IdempotencyStore, options: { failMode?: FailMode; ttlSeconds?: number; logger?: Logger; maxBodyBytes?: number } = {}): TestApp {
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const app = express();
  let created = 0;
  let failNext = false;
  app.use(express.json());
  app.use((request, response, next) => {
    const onBehalfOf = request.get('x-test-on-behalf-of');
    response.locals.caller = { clientId: request.get('x-test-client') ?? 'acme-app', plan: 'x', scopes: new Set(), ...(onBehalfOf ? { onBehalfOf: { clientId: onBehalfOf } } : {}) };
    next();
  });
  app.use(
    createIdempotency({
      store,
      ttlSeconds: options.ttlSeconds ?? 3600,
      failMode: options.failMode ?? 'closed',
      logger,
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    }),
  );
  const create: express.RequestHandler = async (request, response, next) => {
    const body = (request.body ?? {}) as { delayMs?: number; reject?: boolean };
    if (body.delayMs) await sleep(body.delayMs);
    if (failNext) {
      failNext = false;
      next(new Error('the platform fell over'));
      return;
    }
    if (body.reject) {
      response.status(422).json({ reason: 'credit limit exceeded' });
      return;
    }
    created += 1;
    response.status(201).location(`/orders/${created}`).set('X-Hop-Header', `hop-${created}`).json({ orderId: String(created), received: request.body });
  };
  app.post('/orders', create);
  app.patch('/orders/:id', create);
  app.post('/exports', (_request, response) => {
    created += 1;
    response.status(200).type('text/plain; charset=utf-8');
    response.write('abc');
    response.write(Buffer.from([0x2d]));
    response.end('défg', 'utf8');
  });
  app.get('/orders', (_request, response) => {
    created += 1;
    response.json({ created });
  });
  app.use(createProblemHandler(logger));
  return { app, created: () => created, failNext: () => (failNext = true) };
}

let keyCounter = 0;
const freshKey = () => `k-${Date.now()}-${(keyCounter += 1)}`;

function policyBehaviour(makeStore: () => IdempotencyStore): void {
  it('replays the first answer: same status, body and Location, marked Idempotent-Replayed; the route ran once', async () => {
    const { app, created } = testApp(makeStore());
    const key = freshKey();
    const first = await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1', quantity: 2 }).expect(201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    const again = await request(app).post('/orders').set('Idempotency-Key', key).send({ quantity: 2, sku: 'A-1' }).expect(201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.body, first.body);
    assert.equal(again.text, first.text);
    assert.equal(again.headers.location, first.headers.location);
    assert.equal(again.headers['content-type'], first.headers['content-type']);
    assert.equal(again.headers['x-hop-header'], undefined, 'headers of this hop are not replayed');
    assert.equal(created(), 1);
  });

  it('the same key with a different body is refused: 422 ERR_IDEMPOTENCY_MISMATCH', async () => {
    const { app, created } = testApp(makeStore());
    const key = freshKey();
    await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1', quantity: 2 }).expect(201);
    const reused = await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1', quantity: 3 }).expect(422);
    assert.equal(reused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(reused.body.code, 'ERR_IDEMPOTENCY_MISMATCH');
    await request(app).post('/orders?dryRun=true').set('Idempotency-Key', key).send({ sku: 'A-1', quantity: 2 }).expect(422);
    assert.equal(created(), 1);
  });

  it('a retry while the first request runs gets 409 ERR_IDEMPOTENCY_IN_FLIGHT with Retry-After; later it gets the replay', async () => {
    const { app, created } = testApp(makeStore());
    const key = freshKey();
    const slow = request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1', delayMs: 400 }).then((response) => response);
    await sleep(100);
    const concurrent = await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1', delayMs: 400 }).expect(409);
    assert.equal(concurrent.body.code, 'ERR_IDEMPOTENCY_IN_FLIGHT');
    assert.equal(concurrent.headers['retry-after'], '1');
    const first = await slow;
    assert.equal(first.status, 201);
    const later = await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1', delayMs: 400 }).expect(201);
    assert.equal(later.headers['idempotent-replayed'], 'true');
    assert.equal(created(), 1);
  });

  it('keys are per client: two clients with the same key both run', async () => {
    const { app, created } = testApp(makeStore());
    const key = freshKey();
    await request(app).post('/orders').set('X-Test-Client', 'acme-app').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    const other = await request(app).post('/orders').set('X-Test-Client', 'globex-app').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    assert.equal(other.headers['idempotent-replayed'], undefined);
    assert.equal(created(), 2);
  });

  it('through a tier, keys are per original caller: two partners\' requests with one key both run', async () => {
    const { app, created } = testApp(makeStore());
    const key = freshKey();
    const via = (onBehalfOf: string) => request(app).post('/orders').set('X-Test-Client', 'gateway-partner-tier').set('X-Test-On-Behalf-Of', onBehalfOf).set('Idempotency-Key', key).send({ sku: 'A-1' });
    await via('acme-app').expect(201);
    const other = await via('globex-app').expect(201);
    assert.equal(other.headers['idempotent-replayed'], undefined);
    await via('acme-app').expect(201).expect('Idempotent-Replayed', 'true');
    assert.equal(created(), 2);
  });

  it('keys are per path and method', async () => {
    const { app, created } = testApp(makeStore());
    const key = freshKey();
    await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    await request(app).patch('/orders/1').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    const replay = await request(app).patch('/orders/1').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(created(), 2);
  });

  it('after the key\'s TTL the same request runs again', async () => {
    const { app, created } = testApp(makeStore(), { ttlSeconds: 0.3 });
    const key = freshKey();
    await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201).expect('Idempotent-Replayed', 'true');
    await sleep(450);
    const fresh = await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    assert.equal(fresh.headers['idempotent-replayed'], undefined);
    assert.equal(created(), 2);
  });

  it('a 500 from the route releases the key: the retry runs', async () => {
    const test = testApp(makeStore());
    const key = freshKey();
    test.failNext();
    const failed = await request(test.app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(500);
    assert.equal(failed.body.code, 'ERR_INTERNAL');
    const retried = await request(test.app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    assert.equal(retried.headers['idempotent-replayed'], undefined);
    assert.equal(test.created(), 1);
  });

  it('a 4xx answer from the route is stored and replayed like any final answer', async () => {
    const { app } = testApp(makeStore());
    const key = freshKey();
    const first = await request(app).post('/orders').set('Idempotency-Key', key).send({ reject: true }).expect(422);
    const again = await request(app).post('/orders').set('Idempotency-Key', key).send({ reject: true }).expect(422).expect('Idempotent-Replayed', 'true');
    assert.deepEqual(again.body, first.body);
  });

  it('a client gone before the answer keeps the key: a retry meanwhile is 409, after the route ends it is the replay', async () => {
    const { app, created } = testApp(makeStore());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const key = freshKey();
      const { port } = server.address() as AddressInfo;
      const gone = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/orders', headers: { 'content-type': 'application/json', 'idempotency-key': key } });
      gone.on('error', () => undefined);
      gone.end(JSON.stringify({ sku: 'A-1', delayMs: 300 }));
      await sleep(100);
      gone.destroy();
      await sleep(50);
      const meanwhile = await request(server).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1', delayMs: 300 }).expect(409);
      assert.equal(meanwhile.body.code, 'ERR_IDEMPOTENCY_IN_FLIGHT');
      await sleep(350);
      const after = await request(server).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1', delayMs: 300 }).expect(201);
      assert.equal(after.headers['idempotent-replayed'], 'true');
      assert.equal(created(), 1, 'the route ran once: the key stayed claimed while it ran');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a malformed key is 400 ERR_VALIDATION naming the header; nothing runs', async () => {
    const { app, created } = testApp(makeStore());
    for (const bad of ['k'.repeat(256), 'two words', 'tab\there', '']) {
      const response = await request(app).post('/orders').set('Idempotency-Key', bad).send({ sku: 'A-1' }).expect(400);
      assert.equal(response.body.code, 'ERR_VALIDATION');
      assert.equal(response.body.errors[0].name, 'Idempotency-Key');
    }
    assert.equal(created(), 0);
  });

  it('without a key, or on a GET, the policy does nothing', async () => {
    const { app, created } = testApp(makeStore());
    await request(app).post('/orders').send({ sku: 'A-1' }).expect(201);
    const second = await request(app).post('/orders').send({ sku: 'A-1' }).expect(201);
    assert.equal(second.headers['idempotent-replayed'], undefined);
    const key = freshKey();
    await request(app).get('/orders').set('Idempotency-Key', key).expect(200);
    await request(app).get('/orders').set('Idempotency-Key', key).expect(200);
    assert.equal(created(), 4);
  });

  it('captures answers written in pieces (write, then end) and replays the same bytes', async () => {
    const { app, created } = testApp(makeStore());
    const key = freshKey();
    const first = await request(app).post('/exports').set('Idempotency-Key', key).expect(200);
    assert.equal(first.text, 'abc-défg');
    const again = await request(app).post('/exports').set('Idempotency-Key', key).expect(200).expect('Idempotent-Replayed', 'true');
    assert.equal(again.text, 'abc-défg');
    assert.equal(again.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(again.headers['content-length'], String(Buffer.byteLength('abc-défg')));
    assert.equal(created(), 1);
  });

  it('the quoted form of the draft ("key") names the same key as the bare one', async () => {
    const { app, created } = testApp(makeStore());
    const key = freshKey();
    await request(app).post('/orders').set('Idempotency-Key', `"${key}"`).send({ sku: 'A-1' }).expect(201);
    await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201).expect('Idempotent-Replayed', 'true');
    assert.equal(created(), 1);
  });
}

describe('idempotency policy: pure parts', () => {
  it('canonical JSON sorts keys at every depth and keeps array order', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: null }, 'x'] }), '{"a":[{"c":null,"d":2},"x"],"b":1}');
  });

  it('the fingerprint ignores key order and query order, not content', () => {
    const base = { method: 'POST', originalUrl: '/orders?a=1&b=2', body: { sku: 'A-1', quantity: 2 } };
    assert.equal(requestFingerprint(base), requestFingerprint({ ...base, originalUrl: '/orders?b=2&a=1', body: { quantity: 2, sku: 'A-1' } }));
    assert.notEqual(requestFingerprint(base), requestFingerprint({ ...base, body: { sku: 'A-1', quantity: 3 } }));
    assert.notEqual(requestFingerprint(base), requestFingerprint({ ...base, originalUrl: '/orders?a=1' }));
    assert.notEqual(requestFingerprint(base), requestFingerprint({ ...base, method: 'PATCH' }));
  });

  it('parses keys: 1 to 255 visible ASCII characters, one header', () => {
    assert.equal(parseIdempotencyKey(undefined), undefined);
    assert.equal(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324'), '8e03978e-40d5-43e8-bc93-6894a57f9324');
    assert.equal(parseIdempotencyKey('"abc"'), 'abc');
    assert.equal(parseIdempotencyKey('k'.repeat(255)), 'k'.repeat(255));
    for (const bad of ['', 'k'.repeat(256), 'a b', 'a, b', 'é', ['a', 'b']]) assert.throws(() => parseIdempotencyKey(bad), /Idempotency-Key/);
  });

  it('rejects unknown and invalid options at start-up', () => {
    const base = { store: new MemoryIdempotencyStore({ sweepIntervalMs: 0 }), ttlSeconds: 60, failMode: 'closed' as const, logger: createLogger({ level: 'silent' }) };
    assert.throws(() => createIdempotency({ ...base, ttl: 5 } as never), /unknown option "ttl"/);
    assert.throws(() => createIdempotency({ ...base, ttlSeconds: 0 }), /ttlSeconds/);
    assert.throws(() => createIdempotency({ ...base, failMode: 'maybe' as never }), /failMode/);
  });
});

describe('idempotency policy: memory store', () => {
  const stores: MemoryIdempotencyStore[] = [];
  after(() => stores.forEach((store) => store.close()));
  policyBehaviour(() => {
    const store = new MemoryIdempotencyStore();
    stores.push(store);
    return store;
  });

  it('a store that throws: closed answers 503 ERR_STATE_UNAVAILABLE, open runs the request and warns', async () => {
    const broken: IdempotencyStore = {
      begin: () => Promise.reject(new Error('down')),
      complete: () => Promise.reject(new Error('down')),
      release: () => Promise.reject(new Error('down')),
    };
    const closed = testApp(broken, { failMode: 'closed' });
    const refused = await request(closed.app).post('/orders').set('Idempotency-Key', 'k1').send({}).expect(503);
    assert.equal(refused.body.code, 'ERR_STATE_UNAVAILABLE');
    assert.equal(closed.created(), 0);
    const log = capturedLog();
    const open = testApp(broken, { failMode: 'open', logger: log.logger });
    await request(open.app).post('/orders').set('Idempotency-Key', 'k1').send({}).expect(201);
    await request(open.app).post('/orders').set('Idempotency-Key', 'k1').send({}).expect(201);
    assert.equal(open.created(), 2);
    const warnings = log.lines().filter((line) => line.level === 'warn');
    assert.equal(warnings.length, 1, 'one warning per interval, not one per request');
    assert.match(String(warnings[0]?.message), /without idempotency/);
  });
});

describe('idempotency policy: when storing goes wrong', () => {
  it('an answer larger than maxBodyBytes is sent, not stored: the key is released and a warning logged', async () => {
    const log = capturedLog();
    const store = new MemoryIdempotencyStore({ sweepIntervalMs: 0 });
    const { app, created } = testApp(store, { maxBodyBytes: 16, logger: log.logger });
    const key = freshKey();
    const first = await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    assert.equal(first.body.orderId, '1');
    const second = await request(app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    assert.equal(second.headers['idempotent-replayed'], undefined);
    assert.equal(created(), 2);
    assert.ok(log.lines().some((line) => line.level === 'warn' && /too large/.test(String(line.message))));
  });

  it('a store that cannot keep the answer: the client still gets it, and the failure is logged', async () => {
    const log = capturedLog();
    const memory = new MemoryIdempotencyStore({ sweepIntervalMs: 0 });
    const failing: IdempotencyStore = {
      begin: (...args) => memory.begin(...args),
      complete: () => Promise.reject(new Error('write failed')),
      release: () => Promise.reject(new Error('write failed')),
    };
    const test = testApp(failing, { logger: log.logger });
    await request(test.app).post('/orders').set('Idempotency-Key', freshKey()).send({ sku: 'A-1' }).expect(201);
    test.failNext();
    await request(test.app).post('/orders').set('Idempotency-Key', freshKey()).send({ sku: 'A-1' }).expect(500);
    const messages = log.lines().map((line) => `${String(line.level)} ${String(line.message)}`);
    assert.ok(messages.some((message) => /^error idempotent answer not stored/.test(message)), messages.join('\n'));
    assert.ok(messages.some((message) => /^warn idempotency key not released/.test(message)), messages.join('\n'));
  });
});

describe('idempotency policy: Redis store', () => {
  let redis: TestRedis | undefined;
  const clients: Redis[] = [];
  const logger = createLogger({ level: 'silent' });

  async function client(url: string, keyPrefix: string, commandTimeoutMs = 1000): Promise<Redis> {
    const made = createRedisClient({ redisUrl: url, keyPrefix, commandTimeoutMs }, { role: 'request', logger });
    clients.push(made);
    await waitUntilReady(made, 5000);
    return made;
  }

  let shared: Redis | undefined;
  before(async function () {
    redis = await testRedis();
    if (!redis) this.skip();
    shared = await client(redis.url, redis.keyPrefix);
  });
  after(async () => {
    clients.splice(0).forEach((made) => made.disconnect());
    await redis?.cleanup();
  });

  policyBehaviour(() => new RedisIdempotencyStore({ client: shared!, keyPrefix: redis!.keyPrefix }));

  it('across instances: two apps, each with its own client and store on one Redis, replay and refuse concurrent retries', async () => {
    const [one, two] = [
      testApp(new RedisIdempotencyStore({ client: await client(redis!.url, redis!.keyPrefix), keyPrefix: redis!.keyPrefix })),
      testApp(new RedisIdempotencyStore({ client: await client(redis!.url, redis!.keyPrefix), keyPrefix: redis!.keyPrefix })),
    ];
    const key = freshKey();
    const first = await request(one.app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201);
    const replay = await request(two.app).post('/orders').set('Idempotency-Key', key).send({ sku: 'A-1' }).expect(201).expect('Idempotent-Replayed', 'true');
    assert.equal(replay.text, first.text);
    assert.equal(replay.headers.location, first.headers.location);

    const slowKey = freshKey();
    const slow = request(one.app).post('/orders').set('Idempotency-Key', slowKey).send({ sku: 'B-2', delayMs: 400 }).then((response) => response);
    await sleep(100);
    await request(two.app).post('/orders').set('Idempotency-Key', slowKey).send({ sku: 'B-2', delayMs: 400 }).expect(409).expect('Retry-After', '1');
    assert.equal((await slow).status, 201);
    await request(two.app).post('/orders').set('Idempotency-Key', slowKey).send({ sku: 'B-2', delayMs: 400 }).expect(201).expect('Idempotent-Replayed', 'true');
    assert.equal(one.created() + two.created(), 2);
  });
});

describe('idempotency policy: Redis down (a dedicated redis-server, stopped)', function () {
  this.timeout(30_000);
  let server: DedicatedRedis | undefined;
  let client: Redis | undefined;
  const keyPrefix = 'policy-outage:';

  before(async function () {
    server = await startDedicatedRedis();
    if (!server) {
      if (process.env.REQUIRE_REDIS === '1') throw new Error('NO redis-server ON PATH, and REQUIRE_REDIS=1');
      console.warn('\n  !!! NO redis-server ON PATH: the idempotency outage tests are SKIPPED !!!\n');
      this.skip();
    }
    client = createRedisClient({ redisUrl: server.url, keyPrefix, commandTimeoutMs: 300 }, { role: 'request', logger: createLogger({ level: 'silent' }) });
    await waitUntilReady(client, 5000);
    await server.stop();
  });
  after(async () => {
    client?.disconnect();
    await server?.stop();
  });

  it('failMode closed: 503 ERR_STATE_UNAVAILABLE within a second; nothing ran', async () => {
    const { app, created } = testApp(new RedisIdempotencyStore({ client: client!, keyPrefix }), { failMode: 'closed' });
    const started = performance.now();
    const response = await request(app).post('/orders').set('Idempotency-Key', freshKey()).send({ sku: 'A-1' }).expect(503);
    assert.ok(performance.now() - started < 1000, `answered after ${Math.round(performance.now() - started)} ms`);
    assert.equal(response.body.code, 'ERR_STATE_UNAVAILABLE');
    assert.doesNotMatch(JSON.stringify(response.body), /127\.0\.0\.1|ECONNREFUSED|Stream/, 'no internals in the answer');
    assert.equal(created(), 0);
  });

  it('failMode open: the request runs without idempotency, and a warning is logged', async () => {
    const log = capturedLog();
    const { app, created } = testApp(new RedisIdempotencyStore({ client: client!, keyPrefix }), { failMode: 'open', logger: log.logger });
    const started = performance.now();
    await request(app).post('/orders').set('Idempotency-Key', freshKey()).send({ sku: 'A-1' }).expect(201);
    assert.ok(performance.now() - started < 1000);
    assert.equal(created(), 1);
    assert.ok(log.lines().some((line) => line.level === 'warn' && /without idempotency/.test(String(line.message))));
  });
});
