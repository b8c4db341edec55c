/**
 * Real Redis for tests, never a mock. `REDIS_URL` when set, else the machine's Redis on 127.0.0.1:6379, else a
 * `redis-server` from PATH started on a free port for this run. Every suite gets its own key prefix (and database
 * 15 on a shared server) and removes its keys afterwards. With no Redis at all the Redis suites are skipped with a
 * loud notice, unless `REQUIRE_REDIS=1` (set by .ci/run), which makes that a failure.
 *
 * `startDedicatedRedis()` starts a private redis-server the test may stop and restart (outage tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import Redis from 'ioredis';

const SHARED_DB = 15;

export interface TestRedis {
  /** URL with the test database selected. */
  url: string;
  /** A prefix unique to this suite; every key the suite writes starts with it. */
  keyPrefix: string;
  /** Deletes every key under the prefix. */
  cleanup(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 500, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined); // a probe: refusal is an answer, not an event to report
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface DedicatedRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port: empty, unless started with `persistDir` (then with what the AOF kept). */
  start(): Promise<void>;
}

export interface DedicatedRedisOptions {
  /**
   * A directory for an append-only file (`appendonly yes`, `appendfsync everysec`, as a production Redis runs), so a
   * restart after SIGKILL comes back with its data. Absent: no persistence, a restart starts empty.
   */
  persistDir?: string;
}

/** A redis-server of the test's own (no persistence unless `persistDir`), or undefined when none is on PATH. */
export async function startDedicatedRedis(options: DedicatedRedisOptions = {}): Promise<DedicatedRedis | undefined> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const persistence = options.persistDir
    ? ['--dir', options.persistDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec']
    : ['--save', '', '--appendonly', 'no'];
  const start = async (): Promise<void> => {
    const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...persistence], { stdio: 'ignore' });
    const failed = once(started, 'error').then(() => false);
    child = started;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (await Promise.race([answers(url), failed])) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };
  try {
    await start();
  } catch {
    await stop();
    return undefined;
  }
  process.once('exit', () => child?.kill('SIGKILL'));
  return { url, port, start, stop };
}

let shared: Promise<string | undefined> | undefined;

/** The Redis server the test run uses, found or started once per run. */
function sharedServer(): Promise<string | undefined> {
  shared ??= (async () => {
    for (const candidate of [process.env.REDIS_URL, 'redis://127.0.0.1:6379'].filter(Boolean) as string[]) {
      if (await answers(candidate)) return candidate;
    }
    return (await startDedicatedRedis())?.url;
  })();
  return shared;
}

function withDatabase(url: string, db: number): string {
  const parsed = new URL(url);
  if (!parsed.pathname || parsed.pathname === '/') parsed.pathname = `/${db}`;
  return parsed.toString();
}

/**
 * Redis for one suite, or undefined after a loud notice when there is none (and REQUIRE_REDIS is not set).
 * Call from a `before` hook and `this.skip()` on undefined.
 */
export async function testRedis(): Promise<TestRedis | undefined> {
  const server = await sharedServer();
  if (!server) {
    const message = 'NO REDIS: no REDIS_URL, nothing on 127.0.0.1:6379 and no redis-server on PATH';
    if (process.env.REQUIRE_REDIS === '1') throw new Error(`${message}, and REQUIRE_REDIS=1`);
    console.warn(`\n  !!! ${message}: the Redis suites are SKIPPED !!!\n`);
    return undefined;
  }
  const url = withDatabase(server, SHARED_DB);
  const keyPrefix = `dgtest:${randomUUID().slice(0, 8)}:`;
  return {
    url,
    keyPrefix,
    async cleanup() {
      const client = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) await client.del(...keys);
        } while (cursor !== '0');
      } finally {
        client.disconnect();
      }
    },
  };
}
