import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type Redis from 'ioredis';
import { GatewayError } from '../../gateway/errors';
import { createLogger, type Logger } from '../../gateway/logger';
import { createRedisClient, redisHealth, waitUntilReady } from '../../gateway/state/redis';
import { RedisIdempotencyStore } from '../../gateway/state/redis/idempotency-store';
import { RedisUsageStore } from '../../gateway/state/redis/usage-store';
import { startDedicatedRedis, type DedicatedRedis } from '../support/redis';

const COMMAND_TIMEOUT_MS = 300;
/** Scheduling slack on a shared 2-core machine. */
const SLACK_MS = 250;

function capturedLog(): { logger: Logger; messages(): string[]; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const messages = () =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => String((JSON.parse(line) as { message: unknown }).message));
  return { logger: createLogger({ level: 'debug', stream }), messages, text: () => text };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await work();
    return { ms: performance.now() - started, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis outage (a dedicated redis-server, stopped and restarted)', function () {
  this.timeout(30_000);
  let server: DedicatedRedis | undefined;
  let client: Redis;
  let log: ReturnType<typeof capturedLog>;
  const keyPrefix = 'outage:';

  before(async function () {
    server = await startDedicatedRedis();
    if (!server) {
      if (process.env.REQUIRE_REDIS === '1') throw new Error('NO redis-server ON PATH, and REQUIRE_REDIS=1');
      console.warn('\n  !!! NO redis-server ON PATH: the Redis outage suite is SKIPPED !!!\n');
      this.skip();
    }
    log = capturedLog();
    client = createRedisClient({ redisUrl: server.url, keyPrefix, commandTimeoutMs: COMMAND_TIMEOUT_MS }, { role: 'request', logger: log.logger });
    await waitUntilReady(client, 5000);
  });
  after(async () => {
    client?.disconnect();
    await server?.stop();
  });

  it('while Redis is down, commands, stores and the health check fail within the command timeout; after a restart the same client works again', async () => {
    const health = redisHealth(client, 'state');
    const idempotency = new RedisIdempotencyStore({ client, keyPrefix });
    const usage = new RedisUsageStore({ client, keyPrefix });
    await health.check();
    assert.equal((await idempotency.begin('before', 'fp', 60_000)).outcome, 'acquired'); // the script is now cached
    await usage.record('partner/customers/v1', 'acme-app', new Date());

    await server!.stop();
    await sleep(50); // let the client notice the closed socket

    for (const [what, work] of [
      ['GET', () => client.get(`${keyPrefix}x`)],
      ['health', () => health.check()],
      ['begin', () => idempotency.begin('during', 'fp', 60_000)],
      ['record', () => usage.record('partner/customers/v1', 'acme-app', new Date())],
    ] as const) {
      const { ms, error } = await timed(work as () => Promise<unknown>);
      assert.ok(error, `${what} failed`);
      assert.ok(ms < COMMAND_TIMEOUT_MS + SLACK_MS, `${what} failed after ${Math.round(ms)} ms`);
      if (what !== 'GET') assert.equal((error as GatewayError).code, 'ERR_STATE_UNAVAILABLE', what);
    }
    await assert.rejects(waitUntilReady(client, 200), /not ready within 200 ms/);

    await sleep(600); // several failed reconnection attempts
    await server!.start(); // empty, with no scripts cached
    await waitUntilReady(client, 5000);
    await health.check();
    assert.equal(await client.set(`${keyPrefix}x`, '1'), 'OK');
    assert.equal((await idempotency.begin('after', 'fp', 60_000)).outcome, 'acquired'); // NOSCRIPT → EVAL
    await usage.record('partner/customers/v1', 'acme-app', new Date());
    assert.equal((await usage.report())[0]?.calls, 1);

    const messages = log.messages();
    assert.equal(messages.filter((message) => message === 'redis unavailable').length, 1, messages.join(', '));
    assert.equal(messages.filter((message) => message === 'redis available again').length, 1, messages.join(', '));
  });

  it('a server that accepts but does not answer: commands fail after the command timeout, not ioredis\' ~73 s', async () => {
    await waitUntilReady(client, 5000);
    const pauser = createRedisClient({ redisUrl: server!.url, keyPrefix, commandTimeoutMs: 1000 }, { role: 'request', logger: log.logger });
    try {
      await waitUntilReady(pauser, 5000);
      await pauser.call('CLIENT', 'PAUSE', '1500', 'ALL');
      const { ms, error } = await timed(() => client.get(`${keyPrefix}x`));
      assert.match(String((error as Error | undefined)?.message), /timed out/i);
      assert.ok(ms >= COMMAND_TIMEOUT_MS - 20 && ms < COMMAND_TIMEOUT_MS + SLACK_MS, `failed after ${Math.round(ms)} ms`);
      const check = await timed(() => redisHealth(client, 'state').check());
      assert.equal((check.error as GatewayError).code, 'ERR_STATE_UNAVAILABLE');
    } finally {
      await sleep(1500);
      pauser.disconnect();
    }
    assert.equal(await client.get(`${keyPrefix}x`), '1');
  });

  it('a background client waits for Redis to come back instead of failing', async () => {
    const background = createRedisClient({ redisUrl: server!.url, keyPrefix, commandTimeoutMs: COMMAND_TIMEOUT_MS }, { role: 'background', logger: log.logger });
    try {
      await waitUntilReady(background, 5000);
      await server!.stop();
      await sleep(50);
      const pending = background.set(`${keyPrefix}queued`, 'yes');
      await sleep(COMMAND_TIMEOUT_MS * 2);
      await server!.start();
      assert.equal(await pending, 'OK');
      await waitUntilReady(client, 5000);
      assert.equal(await client.get(`${keyPrefix}queued`), 'yes');
    } finally {
      background.disconnect();
    }
  });

  it('logs the outage with the server\'s address, never the URL\'s password', async () => {
    const own = capturedLog();
    const made = createRedisClient({ redisUrl: 'redis://:s3cret@127.0.0.1:1/0', keyPrefix, commandTimeoutMs: 100 }, { role: 'request', logger: own.logger });
    try {
      for (let i = 0; i < 100 && !own.text().includes('redis unavailable'); i += 1) await sleep(10);
      assert.match(own.text(), /"redis":"redis:\/\/127\.0\.0\.1:1\/0"/);
      assert.ok(!own.text().includes('s3cret'));
    } finally {
      made.disconnect();
    }
  });
});
