/**
 * The counter stores behind the throttling rules, all express-rate-limit `Store`s, stacked per rule:
 * `ObservedStore` (failures tagged and logged once per outage) over `UtcDayStore` (daily quotas only) over the
 * backend: express-rate-limit's MemoryStore, or `RecoveringRedisStore` (rate-limit-redis, kept working across
 * Redis restarts and failed script loads).
 */
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type Redis from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { FailMode } from '../../gateway/config/traffic-schema';
import type { Logger } from '../../gateway/logger';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * rate-limit-redis 6.0.1's RedisStore, replaced by a fresh one (whose `init` loads the Lua scripts again) when needed.
 *
 * What rate-limit-redis does by itself (checked against 6.0.1 and a real redis-server): on NOSCRIPT (Redis restarted
 * empty, SCRIPT FLUSH, failover) it loads the script again and retries, so a plain restart recovers. But it keeps
 * each script load as a promise: when a load fails (Redis down at start-up, the reload after NOSCRIPT timing out or
 * refused), the rejected promise stays, and every later call fails with that old error, forever, even once Redis is
 * fine: with `passOnStoreError` the limit is then silently off. This class notices that state after a failed call (or
 * in the readiness check) and swaps in a fresh store; it also reloads on every reconnection of the client.
 */
export class RecoveringRedisStore implements Store {
  readonly localKeys = false;
  private current: RedisStore;
  private options: Options | undefined;
  private replacing: Promise<void> | undefined;
  /** The first script load (started by `init`); rejects when it failed. Never left unhandled. */
  loaded: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: Redis,
    readonly prefix: string,
  ) {
    this.current = this.create();
  }

  private create(): RedisStore {
    return new RedisStore({ sendCommand: (command: string, ...args: string[]) => this.client.call(command, ...args) as Promise<RedisReply>, prefix: this.prefix });
  }

  init(options: Options): void {
    this.options = options;
    this.loaded = this.current.init(options);
    this.loaded.catch(() => undefined); // createThrottling reports it; the store repairs itself (see repairIfBroken)
  }

  async increment(key: string): Promise<IncrementResponse> {
    // Right after a reconnection the scripts are being loaded again: use the store that has them.
    if (this.replacing) await this.replacing.catch(() => undefined);
    try {
      return await this.current.increment(key);
    } catch (error) {
      this.repairIfBroken().catch(() => undefined); // still down: the next failure (or 'ready') tries again
      throw error;
    }
  }

  async decrement(key: string): Promise<void> {
    await this.current.decrement(key);
  }

  async resetKey(key: string): Promise<void> {
    await this.current.resetKey(key);
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.current.get(key);
  }

  /** Whether the current store holds a failed script load (and so would fail every call until replaced). */
  async isBroken(): Promise<boolean> {
    const store = this.current;
    return Promise.all([store.incrementScriptSha, store.getScriptSha]).then(
      () => false,
      () => true,
    );
  }

  /** Replaces the store when it holds a failed script load; rejects when the replacement cannot load them either. */
  async repairIfBroken(): Promise<void> {
    if (await this.isBroken()) await this.replace();
  }

  /**
   * Loads the scripts into a fresh RedisStore and swaps it in once that succeeded (the old one serves until then).
   * One replacement at a time; rejects when the load fails.
   */
  replace(): Promise<void> {
    const options = this.options;
    if (!options) return Promise.resolve(); // not initialised yet: init loads the scripts
    this.replacing ??= (async () => {
      try {
        const fresh = this.create();
        await fresh.init(options);
        this.current = fresh;
      } finally {
        this.replacing = undefined;
      }
    })();
    return this.replacing;
  }
}

/** `2025-06-30`: the UTC day of an instant. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The next 00:00:00.000 UTC after `ms`, in milliseconds. */
export function nextUtcMidnight(ms: number): number {
  const at = new Date(ms);
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1);
}

/**
 * A daily quota over any store: the key carries the UTC day (`<client>:2025-06-30`), so every client's count starts
 * again at 00:00 UTC, on every instance at once, and the reset time reported (RateLimit `t`, Retry-After) is that
 * midnight. The inner store's window (24 h from the day's first call) only decides when a finished day's key is
 * dropped. The day comes from the injected clock; reset times are re-expressed on the real clock, which is what
 * express-rate-limit computes its seconds against.
 */
export class UtcDayStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly clock: () => number,
  ) {}

  get localKeys(): boolean | undefined {
    return this.inner.localKeys;
  }

  init(options: Options): void | Promise<void> {
    return this.inner.init?.(options);
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = this.clock();
    const { totalHits } = await this.inner.increment(`${key}:${utcDay(now)}`);
    return { totalHits, resetTime: new Date(Date.now() + (nextUtcMidnight(now) - now)) };
  }

  async decrement(key: string): Promise<void> {
    await this.inner.decrement(`${key}:${utcDay(this.clock())}`);
  }

  async resetKey(key: string): Promise<void> {
    await this.inner.resetKey(`${key}:${utcDay(this.clock())}`);
  }

  shutdown(): void | Promise<void> {
    return this.inner.shutdown?.();
  }
}

/** A call to the counter store failed (Redis down, timed out, refused); the original failure is the cause. */
export class CounterStoreError extends Error {
  constructor(
    readonly rule: string,
    cause: unknown,
  ) {
    super(`the rate-limit counter store failed for ${rule}: ${describe(cause)}`, { cause });
    this.name = 'CounterStoreError';
  }
}

/**
 * Which rules' counters fail right now. An outage starts when the first rule's store fails and ends when every rule
 * that failed has answered again: one log line for each, however many requests fail in between.
 */
export class OutageLog {
  private readonly failing = new Set<string>();
  private since = 0;
  private failedCalls = 0;

  constructor(
    private readonly logger: Logger,
    private readonly failMode: FailMode,
  ) {}

  get active(): boolean {
    return this.failing.size > 0;
  }

  failed(rule: string, error: unknown): void {
    this.failedCalls += 1;
    if (this.failing.has(rule)) return;
    this.failing.add(rule);
    if (this.failing.size > 1) return;
    this.since = Date.now();
    this.logger.error('throttling: the rate-limit counter store is failing', {
      failMode: this.failMode,
      consequence: this.failMode === 'open' ? 'requests pass unthrottled' : 'requests are refused with 503 ERR_STATE_UNAVAILABLE',
      rule,
      error: describe(error),
    });
  }

  succeeded(rule: string): void {
    if (!this.failing.delete(rule) || this.failing.size > 0) return;
    this.logger.info('throttling: the rate-limit counter store answers again', { outageMs: Date.now() - this.since, failedCalls: this.failedCalls });
    this.failedCalls = 0;
  }
}

/** A rule's store as express-rate-limit sees it: failures become CounterStoreError and feed the outage log. */
export class ObservedStore implements Store {
  constructor(
    readonly rule: string,
    private readonly inner: Store,
    private readonly outages: OutageLog,
  ) {}

  get localKeys(): boolean | undefined {
    return this.inner.localKeys;
  }

  /**
   * express-rate-limit tells shared stores apart by their prefix when it checks that no request is counted twice
   * under one key; rules count the same client key each in their own store, so each answers its own rule name.
   */
  get prefix(): string {
    return `${this.rule}:`;
  }

  init(options: Options): void | Promise<void> {
    return this.inner.init?.(options);
  }

  async increment(key: string): Promise<IncrementResponse> {
    let result: IncrementResponse;
    try {
      result = await this.inner.increment(key);
    } catch (error) {
      this.outages.failed(this.rule, error);
      throw new CounterStoreError(this.rule, error);
    }
    this.outages.succeeded(this.rule);
    return result;
  }

  async decrement(key: string): Promise<void> {
    await this.inner.decrement(key);
  }

  async resetKey(key: string): Promise<void> {
    await this.inner.resetKey(key);
  }

  shutdown(): void | Promise<void> {
    return this.inner.shutdown?.();
  }
}
