import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import Redis from 'ioredis';
import request from 'supertest';
import winston from 'winston';
import { createAuthorizationServer, type AuthorizationServer, type AuthorizationServerOptions } from '../../../gateway/auth/authorization-server';
import { hashSecret, verifySecret } from '../../../gateway/auth/client-secrets';
import { loadOrCreateSigningKey, type SigningKey } from '../../../gateway/auth/signing-key';
import { authSchema, type ClientConfig } from '../../../gateway/config/auth-schema';
import type { Logger } from '../../../gateway/logger';
import { createProblemHandler, routeNotFound } from '../../../gateway/problem-handler';
import { createRedisClient, waitUntilReady } from '../../../gateway/state/redis';
import { freePort, testRedis, type TestRedis } from '../../support/redis';

const CHEAP = { N: 1024, r: 8, p: 1 };
const SECRETS = { alpha: 'alpha-secret-0123456789', beta: 'beta-secret-0123456789' } as const;

function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: winston.createLogger({ level: 'debug', format: winston.format.json(), transports: [new winston.transports.Stream({ stream })] }), lines };
}

/** The real scrypt verification, counted: proves which requests reach it without measuring time. */
function countingVerifier() {
  const spy = { calls: 0, verify: async (secret: string, stored: string) => {
    spy.calls += 1;
    return verifySecret(secret, stored);
  } };
  return spy;
}

function tokenRequest(app: express.Express, clientId: string, secret: string) {
  return request(app).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
}

describe('token endpoint brute-force protection', () => {
  let root: string;
  let signingKey: SigningKey;
  let clients: ClientConfig[];
  const servers: AuthorizationServer[] = [];

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dg-token-brute-force-'));
    signingKey = await loadOrCreateSigningKey(path.join(root, 'oauth-signing-key.json'));
    clients = [
      { id: 'alpha', name: 'Alpha', scopes: ['system.erp.read'], plan: 'internal', secretHash: await hashSecret(SECRETS.alpha, CHEAP) },
      { id: 'beta', name: 'Beta', scopes: ['system.erp.read'], plan: 'internal', secretHash: await hashSecret(SECRETS.beta, CHEAP) },
    ];
  });
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function appFor(overrides: Partial<AuthorizationServerOptions>, logger: Logger = capturingLogger().logger) {
    const serverOptions: AuthorizationServerOptions = { issuer: 'https://gateway.example.test', audience: 'distribution-gateway', clients, tokenTtlSeconds: 600, signingKey, logger, ...overrides };
    const server = createAuthorizationServer(serverOptions);
    servers.push(server);
    const app = express();
    app.use(server.router);
    app.use(routeNotFound);
    app.use(createProblemHandler(logger));
    return { app, server };
  }

  it('documents its defaults in the configuration schema', () => {
    assert.deepEqual(authSchema.parse({}).tokenEndpoint, {
      maxFailuresPerClient: 10,
      maxFailuresPerAddress: 50,
      failureWindowSeconds: 300,
      maxConcurrentVerifications: 4,
      maxQueuedVerifications: 16,
      failMode: 'open',
    });
  });

  it('after N failures of one client id answers 429 with Retry-After, even to the right secret, without verifying it; other clients go on', async () => {
    const spy = countingVerifier();
    const captured = capturingLogger();
    const { app } = appFor({ verifySecret: spy.verify, tokenEndpoint: { maxFailuresPerClient: 3, failureWindowSeconds: 120 } }, captured.logger);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const refused = await tokenRequest(app, 'alpha', `wrong-${attempt}`).expect(401);
      assert.equal(refused.body.error, 'invalid_client');
    }
    assert.equal(spy.calls, 3);

    const throttled = await tokenRequest(app, 'alpha', SECRETS.alpha).expect(429);
    assert.equal(throttled.body.error, 'too_many_attempts');
    assert.match(throttled.body.error_description, /Too many failed client authentications/);
    const retryAfter = Number(throttled.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 120, `Retry-After ${throttled.headers['retry-after']}`);
    assert.equal(throttled.headers['cache-control'], 'no-store');
    // HTTP Basic is throttled the same way.
    await request(app).post('/oauth/token').auth('alpha', SECRETS.alpha).type('form').send({ grant_type: 'client_credentials' }).expect(429);
    assert.equal(spy.calls, 3, 'a throttled request must not reach the secret verification');

    await tokenRequest(app, 'beta', SECRETS.beta).expect(200);
    assert.equal(spy.calls, 4);

    const logged = captured.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'oauth token request throttled');
    assert.equal(logged.length, 2);
    assert.equal(logged[0]?.clientId, 'alpha');
    assert.equal(logged[0]?.limit, 'client');
    assert.equal(logged[0]?.error, 'too_many_attempts');
    assert.ok(logged[0]?.address);
    assert.ok(!captured.lines.join('\n').includes(SECRETS.alpha), 'the secret never reaches the log');
  });

  it('counts unknown client ids like known ones, and answers them alike', async () => {
    const spy = countingVerifier();
    const { app } = appFor({ verifySecret: spy.verify, tokenEndpoint: { maxFailuresPerClient: 2 } });
    await tokenRequest(app, 'no-such-client', 'x').expect(401);
    await tokenRequest(app, 'no-such-client', 'x').expect(401);
    const throttled = await tokenRequest(app, 'no-such-client', 'x').expect(429);
    assert.equal(throttled.body.error, 'too_many_attempts');
    assert.equal(spy.calls, 2);
  });

  it('stops an address spraying many client ids at its own limit', async () => {
    const spy = countingVerifier();
    const { app } = appFor({ verifySecret: spy.verify, tokenEndpoint: { maxFailuresPerClient: 100, maxFailuresPerAddress: 4 } });
    for (const clientId of ['alpha', 'beta', 'gamma', 'delta']) await tokenRequest(app, clientId, 'guess').expect(401);
    assert.equal(spy.calls, 4);
    // A fifth client id, and even a right secret, from the same address: refused before verification.
    const throttled = await tokenRequest(app, 'epsilon', 'guess').expect(429);
    assert.equal(throttled.body.error, 'too_many_attempts');
    assert.ok(Number(throttled.headers['retry-after']) >= 1);
    await tokenRequest(app, 'beta', SECRETS.beta).expect(429);
    assert.equal(spy.calls, 4);
  });

  it('does not count successful authentications (nor a good secret with a bad scope)', async () => {
    const spy = countingVerifier();
    const { app } = appFor({ verifySecret: spy.verify, tokenEndpoint: { maxFailuresPerClient: 2, maxFailuresPerAddress: 2 } });
    for (let attempt = 0; attempt < 5; attempt += 1) await tokenRequest(app, 'alpha', SECRETS.alpha).expect(200);
    await request(app).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: 'alpha', client_secret: SECRETS.alpha, scope: 'operations.write' }).expect(400);
    await tokenRequest(app, 'alpha', 'wrong').expect(401);
    await tokenRequest(app, 'alpha', SECRETS.alpha).expect(200);
    await tokenRequest(app, 'alpha', 'wrong').expect(401);
    // Two failures: the limit is reached now, and only now.
    await tokenRequest(app, 'alpha', SECRETS.alpha).expect(429);
    assert.equal(spy.calls, 9);
  });

  it('bounds the secret verifications running at once; beyond the queue it answers 503 with Retry-After', async () => {
    let running = 0;
    let most = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const verify = async (secret: string, stored: string) => {
      running += 1;
      most = Math.max(most, running);
      try {
        await gate;
        return await verifySecret(secret, stored);
      } finally {
        running -= 1;
      }
    };
    const { app, server } = appFor({ verifySecret: verify, tokenEndpoint: { maxConcurrentVerifications: 2, maxQueuedVerifications: 3 } });
    const listener = app.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => listener.once('listening', resolve));
      const agent = request(listener);
      const statuses: number[] = [];
      const sent = Array.from({ length: 7 }, () =>
        agent
          .post('/oauth/token')
          .type('form')
          .send({ grant_type: 'client_credentials', client_id: 'alpha', client_secret: SECRETS.alpha })
          .then((response) => {
            statuses.push(response.status);
            return response;
          }),
      );
      // Two verify, three wait, two are refused at once.
      for (let wait = 0; wait < 200 && !(server.verifications.active === 2 && server.verifications.queued === 3 && statuses.length === 2); wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(server.verifications.active, 2);
      assert.equal(server.verifications.queued, 3);
      assert.deepEqual(statuses, [503, 503]);
      const refused = (await Promise.race(sent.map((pending) => pending.then((response) => (response.status === 503 ? response : new Promise<never>(() => undefined)))))) as request.Response;
      assert.equal(refused.body.error, 'temporarily_unavailable');
      assert.equal(refused.headers['retry-after'], '1');
      open();
      const responses = await Promise.all(sent);
      assert.deepEqual(responses.map((response) => response.status).sort(), [200, 200, 200, 200, 200, 503, 503]);
      assert.equal(most, 2, 'never more than maxConcurrentVerifications at once');
      assert.equal(server.verifications.active, 0);
    } finally {
      open();
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  describe('failure counters in Redis', function () {
    let redis: TestRedis | undefined;
    const connections: Redis[] = [];

    before(async function () {
      redis = await testRedis();
      if (!redis) this.skip();
    });
    after(async () => {
      for (const connection of connections) connection.disconnect();
      await redis?.cleanup();
    });

    async function requestClient(url: string): Promise<Redis> {
      const client = createRedisClient({ redisUrl: url, keyPrefix: 'unused:', commandTimeoutMs: 300 } as Parameters<typeof createRedisClient>[0], { role: 'request', logger: capturingLogger().logger });
      connections.push(client);
      await waitUntilReady(client, 5000);
      return client;
    }

    it('shares the counts between two instances on one Redis prefix', async () => {
      const shared = redis as TestRedis;
      const spy = countingVerifier();
      const tokenEndpoint = { maxFailuresPerClient: 3, maxFailuresPerAddress: 100 };
      const first = appFor({ verifySecret: spy.verify, tokenEndpoint, failureStore: { kind: 'redis', client: await requestClient(shared.url), prefix: shared.keyPrefix } }).app;
      const second = appFor({ verifySecret: spy.verify, tokenEndpoint, failureStore: { kind: 'redis', client: await requestClient(shared.url), prefix: shared.keyPrefix } }).app;
      await tokenRequest(first, 'alpha', 'wrong').expect(401);
      await tokenRequest(second, 'alpha', 'wrong').expect(401);
      await tokenRequest(first, 'alpha', 'wrong').expect(401);
      // Neither instance has seen three failures alone.
      const throttled = await tokenRequest(second, 'alpha', SECRETS.alpha).expect(429);
      assert.equal(throttled.body.error, 'too_many_attempts');
      assert.ok(Number(throttled.headers['retry-after']) >= 1);
      await tokenRequest(first, 'alpha', SECRETS.alpha).expect(429);
      assert.equal(spy.calls, 3);
      await tokenRequest(second, 'beta', SECRETS.beta).expect(200);

      const inspect = await requestClient(shared.url);
      const keys = await inspect.keys(`${shared.keyPrefix}oauth-fail:*`);
      assert.ok(keys.includes(`${shared.keyPrefix}oauth-fail:client:alpha`), keys.join(', '));
      assert.ok((await inspect.pttl(`${shared.keyPrefix}oauth-fail:client:alpha`)) > 0, 'the window lives in Redis');
    });

    it('follows the fail mode when Redis cannot be reached: closed answers 503 without verifying, open verifies', async () => {
      const shared = redis as TestRedis;
      const down = `redis://127.0.0.1:${await freePort()}`;
      const unreachable = () => {
        const client = new Redis(down, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => null });
        client.on('error', () => undefined);
        connections.push(client);
        return client;
      };
      const spy = countingVerifier();
      const captured = capturingLogger();
      const closed = appFor({ verifySecret: spy.verify, tokenEndpoint: { failMode: 'closed' }, failureStore: { kind: 'redis', client: unreachable(), prefix: shared.keyPrefix } }, captured.logger).app;
      const refused = await tokenRequest(closed, 'alpha', SECRETS.alpha).expect(503);
      assert.equal(refused.body.error, 'temporarily_unavailable');
      assert.ok(Number(refused.headers['retry-after']) >= 1);
      assert.equal(spy.calls, 0);
      assert.ok(captured.lines.some((line) => line.includes('the failure counters cannot be reached')));

      const open = appFor({ verifySecret: spy.verify, tokenEndpoint: { failMode: 'open' }, failureStore: { kind: 'redis', client: unreachable(), prefix: shared.keyPrefix } }).app;
      await tokenRequest(open, 'alpha', SECRETS.alpha).expect(200);
      await tokenRequest(open, 'alpha', 'wrong').expect(401);
      assert.equal(spy.calls, 2);
    });
  });
});
