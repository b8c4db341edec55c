/**
 * An express-rate-limit `Store` on Redis that keeps working across Redis restarts and failed script loads: the
 * token endpoint's failure limits count with it (gateway/auth/authorization-server/failure-limits.ts).
 */
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type Redis from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';

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
