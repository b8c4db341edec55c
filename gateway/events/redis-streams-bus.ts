/**
 * The event bus on Redis Streams with consumer groups: several gateway instances share a group's work (each message
 * is handled by one consumer of the group) and every group gets every message. Same contract as the memory bus
 * (test/state/event-bus.test.ts). At least once: see ports.ts.
 *
 * Keys, for topic T and group G (both escaped with keyPart; the braces are a cluster hash tag, so every key of a
 * topic lives in one slot and the scripts below may touch several of them):
 *
 * - `${keyPrefix}bus:{T}`: the topic's stream; one field `m`, the envelope JSON (envelope.ts). Groups are created
 *   on it at `0` with MKSTREAM, so a message published before a group first subscribes still reaches it.
 * - `${keyPrefix}bus:{T}:delayed`: sorted set of delayed publishes (score: due time, Redis clock), moved into the
 *   stream by any subscriber's poller with one script (ZRANGEBYSCORE LIMIT + ZREM + XADD): two instances never
 *   both move one message.
 * - `${keyPrefix}bus:{T}:backoff:G`: sorted set of G's failed messages waiting for their backoff; due ones move
 *   into `${keyPrefix}bus:{T}:retries:G`, a stream only group G reads (in the same XREADGROUP as the topic's).
 *   A retry cannot go back into the topic's stream: every other group would get it again.
 * - `${keyPrefix}bus:{T}:dead`: list of dead letters (JSON, newest first), capped at `maxDeadLetters`;
 *   `${keyPrefix}bus:{T}:dead-count`: hash, group → dead letters so far (the counter the cap does not bound).
 *
 * A failed handler: its message is acknowledged and a copy with `delivered` + 1 is scheduled in the group's backoff
 * set, in one script that does both only when the XACK took (so a message another consumer reclaimed meanwhile is
 * not retried twice). The entry leaves the pending list at once, so a poison message never blocks the group: there
 * is no per-entry ordering to wait for. After `maxDeliveries` it goes to the dead letters the same way.
 *
 * A consumer that dies leaves its entries pending; every subscription periodically XAUTOCLAIMs entries idle for more
 * than `claimIdleMs` (the delivery count comes from XPENDING plus the envelope's `delivered`). A live consumer whose
 * handler runs longer re-claims its own entries every `claimIdleMs / 3` (XCLAIM JUSTID, which resets the idle time
 * without counting a delivery), so a slow handler is not mistaken for a dead one. An entry whose deliveries exceed
 * `maxDeliveries` because its consumers kept dying is dead-lettered without calling the handler again.
 *
 * Trimming: every XADD carries `MAXLEN ~ maxLength` (default 100,000). Deleting entries once every group acked them
 * (XDEL) would need the list of groups and their pending lists on every ack (racy and costly), would break replay by a
 * new group, and tombstones make XINFO's `lag` unknown; a cap bounds memory with one cheap, approximate trim. The cost:
 * a group more than `maxLength` messages behind loses the oldest ones, so size it for the longest outage of a
 * consumer group (stats() shows the backlog).
 *
 * Connections: `client` (a `background`-role client: commands wait for Redis instead of failing) runs publishes,
 * acks, scripts and the pollers; each subscription gets its own `createBlockingClient()` connection for XREADGROUP
 * BLOCK, which no command timeout may cut short. With Redis down, publish() waits for it (a resolved publish is in
 * Redis); the loops log the outage once, pause, and resume when the clients reconnect. A Lua script survives a Redis
 * restart (LuaScript re-sends it); a consumer group lost with the data (NOGROUP) is created again.
 *
 * Needs Redis >= 6.2 (XAUTOCLAIM, exclusive XRANGE bounds); >= 7.0 for an exact `pending` in stats() cheaply (XINFO
 * GROUPS `lag`; without it the backlog is counted with XRANGE).
 */
import type Redis from 'ioredis';
import type { Logger } from '../logger';
import { keyPart } from '../state/redis/key-part';
import { LuaScript, stateCall } from '../state/redis/lua-script';
import { DEFAULT_MAX_DEAD_LETTERS, RETRY_DEFAULTS, checkDurationMs, checkName, checkOptionKeys, checkPositiveInteger, errorText, parsePublishOptions, parseSubscribeOptions, retryDelay, type SubscribeConfig } from './bus-options';
import { decodeEnvelope, encodeEnvelope, newEnvelope, toMessage, type Envelope } from './envelope';
import type { BusMessage, BusStats, DeadLetter, EventBus, MessageHandler, SubscribeOptions, Subscription } from './ports';

export interface RedisStreamsEventBusOptions {
  /** A `background`-role client (gateway/state/redis.ts) for every command but the blocking reads. Not closed by the bus. */
  client: Redis;
  /** Makes a dedicated connection per subscription for XREADGROUP BLOCK: no command timeout. Closed by the bus. */
  createBlockingClient: () => Redis;
  /** `state.keyPrefix`; keys are `${keyPrefix}bus:{topic}...`. */
  keyPrefix: string;
  /** Unique per gateway instance (e.g. host + pid + random); a subscription's consumer is `${consumerName}#n`. */
  consumerName: string;
  /** Where loop failures (a Redis outage), dropped entries and onDeadLetter failures are reported. */
  logger: Logger;
  /** Pending messages idle longer than this, in milliseconds, are taken over from a dead consumer. Default 30,000. */
  claimIdleMs?: number;
  /** How often due delayed messages and retries are moved into the streams, in milliseconds. Default 500. */
  pollIntervalMs?: number;
  /** How long one XREADGROUP blocks, in milliseconds (close() interrupts it with CLIENT UNBLOCK). Default 2000. */
  blockMs?: number;
  /** Backoff before the second delivery of a failed message, in milliseconds; doubles per failure. Default 100. */
  retryBaseDelayMs?: number;
  /** Longest backoff, in milliseconds. Default 5000. */
  retryMaxDelayMs?: number;
  /** Approximate cap of each stream (XADD MAXLEN ~). Default 100,000. */
  maxLength?: number;
  /** Dead letters kept per topic, newest first. Default 1000. */
  maxDeadLetters?: number;
  /** Pause after a failed loop iteration (Redis down), in milliseconds. Default 1000. */
  errorPauseMs?: number;
}

export const REDIS_BUS_DEFAULTS = Object.freeze({
  ...RETRY_DEFAULTS,
  claimIdleMs: 30_000,
  pollIntervalMs: 500,
  blockMs: 2000,
  maxLength: 100_000,
  maxDeadLetters: DEFAULT_MAX_DEAD_LETTERS,
  errorPauseMs: 1000,
});

/** How long close() waits for the outcomes (XACK...) of handled messages once handlers are done, in milliseconds. */
const SETTLE_GRACE_MS = 5000;
/** Bound of close()'s own Redis calls (CLIENT UNBLOCK, the consumer's removal), in milliseconds. */
const CLOSE_CALL_MS = 1000;
/** Due messages moved per script call; the poller calls again while a call moves a full batch (up to MOVE_ROUNDS). */
const MOVE_BATCH = 100;
const MOVE_ROUNDS = 10;

const OWNER = 'RedisStreamsEventBus';
const OPTION_KEYS = new Set(['client', 'createBlockingClient', 'keyPrefix', 'consumerName', 'logger', 'claimIdleMs', 'pollIntervalMs', 'blockMs', 'retryBaseDelayMs', 'retryMaxDelayMs', 'maxLength', 'maxDeadLetters', 'errorPauseMs']);

/** Milliseconds on the Redis clock, so instances' clocks never matter for delays. */
const REDIS_NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: delayed set. ARGV: delay ms, envelope. */
const SCHEDULE = new LuaScript(
  `${REDIS_NOW}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
return 1`,
  1,
);

/** KEYS: a delayed or backoff set, the stream its due members go to. ARGV: batch size, MAXLEN. Moved count. */
const MOVE_DUE = new LuaScript(
  `${REDIS_NOW}
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'm', member)
end
return #due`,
  2,
);

/** KEYS: the stream read from, the group's backoff set. ARGV: group, entry id, delay ms, next envelope. 1, or 0 when the entry was not pending. */
const RETRY = new LuaScript(
  `if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
${REDIS_NOW}
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[4])
return 1`,
  2,
);

/** KEYS: the stream read from, dead list, dead counters. ARGV: group, entry id, dead letter JSON, cap. 1, or 0 when the entry was not pending. */
const DEAD_LETTER = new LuaScript(
  `if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[3])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
return 1`,
  3,
);

interface Config {
  readonly client: Redis;
  readonly createBlockingClient: () => Redis;
  readonly keyPrefix: string;
  readonly consumerName: string;
  readonly logger: Logger;
  readonly claimIdleMs: number;
  readonly pollIntervalMs: number;
  readonly blockMs: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly maxLength: number;
  readonly maxDeadLetters: number;
  readonly errorPauseMs: number;
}

function parseOptions(options: RedisStreamsEventBusOptions): Config {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${OWNER}: options are required`);
  checkOptionKeys(OWNER, options, OPTION_KEYS);
  if (!options.client || typeof options.client.call !== 'function') throw new TypeError(`${OWNER}: "client" must be an ioredis client`);
  if (typeof options.createBlockingClient !== 'function') throw new TypeError(`${OWNER}: "createBlockingClient" must be a function`);
  checkName(OWNER, '"keyPrefix"', options.keyPrefix);
  checkName(OWNER, '"consumerName"', options.consumerName);
  if (!options.logger || typeof options.logger.error !== 'function') throw new TypeError(`${OWNER}: "logger" is required`);
  for (const key of ['claimIdleMs', 'pollIntervalMs', 'blockMs', 'retryBaseDelayMs', 'retryMaxDelayMs', 'errorPauseMs'] as const) checkDurationMs(OWNER, key, options[key]);
  checkPositiveInteger(OWNER, 'maxLength', options.maxLength);
  checkPositiveInteger(OWNER, 'maxDeadLetters', options.maxDeadLetters);
  const config: Config = {
    client: options.client,
    createBlockingClient: options.createBlockingClient,
    keyPrefix: options.keyPrefix,
    consumerName: options.consumerName,
    logger: options.logger,
    claimIdleMs: Math.ceil(options.claimIdleMs ?? REDIS_BUS_DEFAULTS.claimIdleMs),
    pollIntervalMs: options.pollIntervalMs ?? REDIS_BUS_DEFAULTS.pollIntervalMs,
    blockMs: Math.ceil(options.blockMs ?? REDIS_BUS_DEFAULTS.blockMs),
    retryBaseDelayMs: options.retryBaseDelayMs ?? REDIS_BUS_DEFAULTS.retryBaseDelayMs,
    retryMaxDelayMs: options.retryMaxDelayMs ?? REDIS_BUS_DEFAULTS.retryMaxDelayMs,
    maxLength: options.maxLength ?? REDIS_BUS_DEFAULTS.maxLength,
    maxDeadLetters: options.maxDeadLetters ?? REDIS_BUS_DEFAULTS.maxDeadLetters,
    errorPauseMs: options.errorPauseMs ?? REDIS_BUS_DEFAULTS.errorPauseMs,
  };
  if (config.retryMaxDelayMs < config.retryBaseDelayMs) throw new TypeError(`${OWNER}: "retryMaxDelayMs" must be >= "retryBaseDelayMs"`);
  return Object.freeze(config);
}

/** The keys of one topic (see the module comment). */
export class TopicKeys {
  readonly stream: string;
  readonly delayed: string;
  readonly dead: string;
  readonly deadCount: string;

  constructor(keyPrefix: string, topic: string) {
    this.stream = `${keyPrefix}bus:{${keyPart(topic)}}`;
    this.delayed = `${this.stream}:delayed`;
    this.dead = `${this.stream}:dead`;
    this.deadCount = `${this.stream}:dead-count`;
  }

  /** The stream of group `group`'s retries. */
  retries(group: string): string {
    return `${this.stream}:retries:${keyPart(group)}`;
  }

  /** The sorted set of group `group`'s failed messages waiting for their backoff. */
  backoff(group: string): string {
    return `${this.stream}:backoff:${keyPart(group)}`;
  }
}

export class RedisStreamsEventBus implements EventBus {
  private readonly config: Config;
  private readonly subscriptions = new Set<RedisSubscription>();
  private sequence = 0;
  private closed = false;

  constructor(options: RedisStreamsEventBusOptions) {
    this.config = parseOptions(options);
  }

  keys(topic: string): TopicKeys {
    return new TopicKeys(this.config.keyPrefix, topic);
  }

  async publish<T>(topic: string, payload: T, options?: { delayMs?: number }): Promise<string> {
    this.checkOpen();
    checkName(OWNER, 'the topic', topic);
    const delayMs = parsePublishOptions(OWNER, options);
    const { id, text } = newEnvelope(OWNER, topic, payload, new Date());
    const keys = this.keys(topic);
    const { client, maxLength } = this.config;
    if (delayMs > 0) await SCHEDULE.run(client, [keys.delayed], [delayMs, text]);
    else await stateCall(() => client.call('XADD', keys.stream, 'MAXLEN', '~', String(maxLength), '*', 'm', text));
    return id;
  }

  subscribe<T>(topic: string, group: string, handler: MessageHandler<T>, options?: SubscribeOptions<T>): Subscription {
    this.checkOpen();
    checkName(OWNER, 'the topic', topic);
    checkName(OWNER, 'the group', group);
    const subscribeConfig = parseSubscribeOptions(OWNER, handler, options);
    this.sequence += 1;
    const subscription = new RedisSubscription(this.config, this.keys(topic), topic, group, `${this.config.consumerName}#${this.sequence}`, handler as MessageHandler, subscribeConfig as SubscribeConfig<unknown>, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async stats(topic: string, group: string): Promise<BusStats> {
    checkName(OWNER, 'the topic', topic);
    checkName(OWNER, 'the group', group);
    const keys = this.keys(topic);
    const { client } = this.config;
    const [main, retries, delayed, backoff, dead] = await Promise.all([
      this.backlog(keys.stream, group, true),
      this.backlog(keys.retries(group), group, false),
      stateCall(() => client.zcard(keys.delayed)),
      stateCall(() => client.zcard(keys.backoff(group))),
      stateCall(() => client.hget(keys.deadCount, group)),
    ]);
    return { pending: main + retries, scheduled: delayed + backoff, deadLettered: Number(dead ?? 0) };
  }

  async deadLetters(topic: string, limit = 50): Promise<DeadLetter[]> {
    checkName(OWNER, 'the topic', topic);
    checkPositiveInteger(OWNER, 'limit', limit);
    const texts = await stateCall(() => this.config.client.lrange(this.keys(topic).dead, 0, limit - 1));
    return texts.map((text) => JSON.parse(text) as DeadLetter);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

  /**
   * Entries of `stream` waiting for `group` or in flight in it: the group's pending list plus its lag (XINFO GROUPS;
   * counted with XRANGE when Redis cannot tell the lag). Without the group: the stream's length when `wholeIfNoGroup`
   * (the group will start at 0), else 0.
   */
  private async backlog(stream: string, group: string, wholeIfNoGroup: boolean): Promise<number> {
    const { client, maxLength } = this.config;
    let groups: Array<Record<string, unknown>>;
    try {
      groups = parseInfoGroups(await stateCall(() => client.call('XINFO', 'GROUPS', stream)));
    } catch (error) {
      if (redisMessage(error).includes('no such key')) return 0;
      throw error;
    }
    const info = groups.find((candidate) => candidate.name === group);
    if (!info) return wholeIfNoGroup ? stateCall(() => client.xlen(stream)) : 0;
    const pending = Number(info.pending ?? 0);
    if (typeof info.lag === 'number') return pending + info.lag;
    const after = `(${String(info['last-delivered-id'] ?? '0-0')}`;
    const waiting = await stateCall(() => client.call('XRANGE', stream, after, '+', 'COUNT', String(maxLength)));
    return pending + (Array.isArray(waiting) ? waiting.length : 0);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`${OWNER}: the bus is closed`);
  }
}

/** One entry taken by a subscription: where it came from, and its delivery number. */
interface Delivery {
  stream: string;
  entryId: string;
  envelope: Envelope | undefined;
  /** The raw field, for an entry that is not an envelope. */
  raw: string | null;
  deliveries: number;
}

/**
 * Waiters woken together by fire(), or each after its own timeout; no timer survives a wake-up. A latched signal
 * stays fired: later waits resolve at once (the closing signal, so nothing waits or sets a timer after close).
 */
class Signal {
  private readonly waiters = new Set<() => void>();
  private latched = false;

  constructor(private readonly latch = false) {}

  wait(ms?: number): Promise<void> {
    if (this.latched) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  fire(): void {
    if (this.latch) this.latched = true;
    for (const done of [...this.waiters]) done();
  }
}

/** Logs the first failure of a streak and its end, not every attempt in between. */
class FailureLog {
  private readonly streaks = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly context: Record<string, string>,
  ) {}

  failed(what: string, error: unknown): void {
    const count = (this.streaks.get(what) ?? 0) + 1;
    this.streaks.set(what, count);
    if (count === 1) this.logger.error(`event bus: ${what} failed; retrying`, { ...this.context, error: redisMessage(error) });
    else this.logger.debug(`event bus: ${what} failed again`, { ...this.context, attempts: count, error: redisMessage(error) });
  }

  succeeded(what: string): void {
    const count = this.streaks.get(what);
    if (count === undefined) return;
    this.streaks.delete(what);
    this.logger.info(`event bus: ${what} works again`, { ...this.context, failedAttempts: count });
  }
}

class RedisSubscription implements Subscription {
  private readonly blocking: Redis;
  private readonly retriesStream: string;
  private readonly backoffSet: string;
  private readonly failures: FailureLog;
  /** Taken but not started yet (a read or a reclaim brought more than the free slots). */
  private readonly buffer: Delivery[] = [];
  /** Entries this consumer holds (buffered, running or settling), per stream: re-claimed by the heartbeat. */
  private readonly held = new Map<string, Set<string>>();
  private readonly settling = new Set<Promise<void>>();
  /** XAUTOCLAIM cursors, per stream. */
  private readonly cursors = new Map<string, string>();
  /** Fired whenever a slot frees up (and on close): the read loop waits on it when every slot is taken. */
  private readonly slotFreed = new Signal();
  /** Fired once on close: ends every pause of the loops at once, and later pauses return at once. */
  private readonly closingSignal = new Signal(true);
  private running = 0;
  private groupsReady = false;
  private closing = false;
  private finished = false;
  private reading = false;
  private blockingId: number | undefined;
  private readLoop: Promise<void> = Promise.resolve();
  private maintenanceLoop: Promise<void> = Promise.resolve();
  private closed: Promise<void> | undefined;

  constructor(
    private readonly config: Config,
    private readonly keys: TopicKeys,
    private readonly topic: string,
    private readonly group: string,
    private readonly consumer: string,
    private readonly handler: MessageHandler,
    private readonly options: SubscribeConfig<unknown>,
    private readonly forget: () => void,
  ) {
    this.retriesStream = keys.retries(group);
    this.backoffSet = keys.backoff(group);
    this.failures = new FailureLog(config.logger, { topic, group, consumer });
    this.blocking = config.createBlockingClient();
    // A new connection has a new id: CLIENT UNBLOCK must not target a stale one.
    this.blocking.on('close', () => {
      this.blockingId = undefined;
    });
  }

  start(): void {
    this.readLoop = this.read();
    this.maintenanceLoop = this.maintain();
  }

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private get client(): Redis {
    return this.config.client;
  }

  private free(): number {
    return this.options.concurrency - this.running - this.buffer.length;
  }

  private async ensureGroups(): Promise<void> {
    for (const stream of [this.keys.stream, this.retriesStream]) {
      try {
        await this.client.call('XGROUP', 'CREATE', stream, this.group, '0', 'MKSTREAM');
      } catch (error) {
        if (!redisMessage(error).includes('BUSYGROUP')) throw error;
      }
    }
    this.groupsReady = true;
  }

  /** The read loop: XREADGROUP BLOCK on the topic's stream and the group's retries, for as many entries as free slots. */
  private async read(): Promise<void> {
    while (!this.closing) {
      try {
        if (!this.groupsReady) await this.ensureGroups();
        while (!this.closing && this.free() <= 0) await this.slotFreed.wait();
        if (this.closing) break;
        if (this.blockingId === undefined) this.blockingId = Number(await this.blocking.call('CLIENT', 'ID'));
        if (this.closing) break;
        this.reading = true;
        let reply: unknown;
        try {
          reply = await this.blocking.call('XREADGROUP', 'GROUP', this.group, this.consumer, 'COUNT', String(this.free()), 'BLOCK', String(this.config.blockMs), 'STREAMS', this.keys.stream, this.retriesStream, '>', '>');
        } finally {
          this.reading = false;
        }
        for (const { stream, entries } of parseReadReply(reply)) this.accept(stream, entries, () => 1);
        this.failures.succeeded('reading');
      } catch (error) {
        if (this.closing) break;
        if (isNoGroup(error)) {
          // The stream or group is gone (deleted, or Redis restarted empty): create them again after a short pause.
          this.groupsReady = false;
          this.config.logger.warn('event bus: consumer group missing; creating it again', { topic: this.topic, group: this.group });
          await this.closingSignal.wait(this.config.pollIntervalMs);
          continue;
        }
        this.failures.failed('reading', error);
        await this.closingSignal.wait(this.config.errorPauseMs);
      }
    }
  }

  /** The poller: moves due delayed messages and retries, reclaims dead consumers' entries, keeps its own alive. */
  private async maintain(): Promise<void> {
    const { claimIdleMs, pollIntervalMs } = this.config;
    const reclaimEveryMs = Math.max(pollIntervalMs, Math.min(claimIdleMs / 2, 5000));
    const heartbeatEveryMs = Math.max(10, claimIdleMs / 3);
    let nextReclaim = Date.now() + reclaimEveryMs;
    let nextHeartbeat = Date.now() + heartbeatEveryMs;
    while (!this.closing) {
      try {
        await this.moveDue(this.keys.delayed, this.keys.stream);
        await this.moveDue(this.backoffSet, this.retriesStream);
        if (this.groupsReady && !this.closing && Date.now() >= nextHeartbeat) {
          await this.heartbeat();
          nextHeartbeat = Date.now() + heartbeatEveryMs;
        }
        if (this.groupsReady && !this.closing && Date.now() >= nextReclaim) {
          await this.reclaim();
          nextReclaim = Date.now() + reclaimEveryMs;
        }
        this.failures.succeeded('polling');
      } catch (error) {
        if (this.closing) break;
        if (isNoGroup(error)) this.groupsReady = false; // the read loop creates it again
        else {
          this.failures.failed('polling', error);
          await this.closingSignal.wait(this.config.errorPauseMs);
        }
      }
      await this.closingSignal.wait(pollIntervalMs);
    }
  }

  private async moveDue(from: string, to: string): Promise<void> {
    for (let round = 0; round < MOVE_ROUNDS && !this.closing; round += 1) {
      const moved = Number(await MOVE_DUE.run(this.client, [from, to], [MOVE_BATCH, this.config.maxLength]));
      if (moved < MOVE_BATCH) return;
    }
  }

  /** Takes over entries idle for more than claimIdleMs (their consumer is presumed dead), up to the free slots. */
  private async reclaim(): Promise<void> {
    for (const stream of [this.keys.stream, this.retriesStream]) {
      const free = this.free();
      if (free <= 0 || this.closing) return;
      const reply = await this.client.call('XAUTOCLAIM', stream, this.group, this.consumer, String(this.config.claimIdleMs), this.cursors.get(stream) ?? '0-0', 'COUNT', String(free));
      const [cursor, entries, deleted] = Array.isArray(reply) ? (reply as [string, RawEntry[], string[] | undefined]) : ['0-0', [], []];
      this.cursors.set(stream, String(cursor));
      if (Array.isArray(deleted) && deleted.length > 0) {
        this.config.logger.warn('event bus: pending entries were trimmed from the stream before being handled; they are lost', { topic: this.topic, group: this.group, entries: deleted.length });
      }
      if (!Array.isArray(entries) || entries.length === 0) continue;
      const first = entries[0]?.[0] as string;
      const last = entries[entries.length - 1]?.[0] as string;
      const counts = new Map<string, number>();
      const pending = await this.client.call('XPENDING', stream, this.group, first, last, String(entries.length + this.heldCount() + 1), this.consumer);
      if (Array.isArray(pending)) for (const row of pending as Array<[string, string, number, number]>) counts.set(String(row[0]), Number(row[3]));
      this.config.logger.info('event bus: took over messages of a stopped consumer', { topic: this.topic, group: this.group, consumer: this.consumer, count: entries.length });
      // Not found in XPENDING (a race): it was delivered at least once before, and once now.
      this.accept(stream, entries, (entryId) => counts.get(entryId) ?? 2);
    }
  }

  /** Resets the idle time of every entry this consumer holds, so a slow handler is not taken for a dead one. */
  private async heartbeat(): Promise<void> {
    for (const [stream, ids] of this.held) {
      if (ids.size === 0) continue;
      await this.client.call('XCLAIM', stream, this.group, this.consumer, '0', ...ids, 'JUSTID');
    }
  }

  private heldCount(): number {
    let count = 0;
    for (const ids of this.held.values()) count += ids.size;
    return count;
  }

  private hold(stream: string, entryId: string): void {
    let ids = this.held.get(stream);
    if (!ids) {
      ids = new Set();
      this.held.set(stream, ids);
    }
    ids.add(entryId);
  }

  private release(stream: string, entryId: string): void {
    this.held.get(stream)?.delete(entryId);
  }

  /** Takes entries read or reclaimed: buffered, then started as slots allow. `pelCount` is each one's delivery count in Redis. */
  private accept(stream: string, entries: RawEntry[], pelCount: (entryId: string) => number): void {
    if (this.finished) return; // a late reply after close: the entries stay pending and are reclaimed elsewhere
    for (const [entryId, fields] of entries) {
      const raw = fieldValue(fields, 'm');
      const envelope = raw === null ? undefined : decodeEnvelope(raw);
      this.hold(stream, entryId);
      this.buffer.push({ stream, entryId, envelope, raw, deliveries: (envelope?.delivered ?? 0) + pelCount(entryId) });
    }
    this.drain();
  }

  private drain(): void {
    while (this.running < this.options.concurrency && this.buffer.length > 0) this.handle(this.buffer.shift() as Delivery);
  }

  /** Runs one delivery in a slot, then records its outcome (ack, retry or dead letter) outside the slot. */
  private handle(delivery: Delivery): void {
    this.running += 1;
    const task = (async () => {
      let outcome: () => Promise<void>;
      const { envelope } = delivery;
      try {
        if (!envelope) {
          outcome = () => this.deadLetterRaw(delivery);
        } else if (delivery.deliveries > this.options.maxDeliveries) {
          // Its consumers kept stopping while holding it: give up without calling the handler again.
          const message = toMessage(envelope, delivery.deliveries - 1);
          const error = new Error(`no outcome after ${message.deliveries} deliveries: the consumers holding it stopped`);
          outcome = await this.prepareDeadLetter(delivery, message, error);
        } else {
          const message = toMessage(envelope, delivery.deliveries);
          try {
            await this.handler(message);
            outcome = () => this.ack(delivery);
          } catch (error) {
            outcome = delivery.deliveries >= this.options.maxDeliveries ? await this.prepareDeadLetter(delivery, message, error) : () => this.retry(delivery, envelope);
          }
        }
      } finally {
        this.running -= 1;
        this.slotFreed.fire();
        this.drain();
      }
      await outcome();
    })()
      .catch((error: unknown) => {
        this.config.logger.error('event bus: recording the outcome of a message failed; it will be delivered again', { topic: this.topic, group: this.group, entryId: delivery.entryId, error: redisMessage(error) });
      })
      .finally(() => {
        this.release(delivery.stream, delivery.entryId);
        this.settling.delete(task);
      });
    this.settling.add(task);
  }

  private async ack(delivery: Delivery): Promise<void> {
    await this.client.call('XACK', delivery.stream, this.group, delivery.entryId);
  }

  private async retry(delivery: Delivery, envelope: Envelope): Promise<void> {
    const delayMs = retryDelay(delivery.deliveries, this.config.retryBaseDelayMs, this.config.retryMaxDelayMs);
    const next = encodeEnvelope({ ...envelope, delivered: delivery.deliveries });
    await RETRY.run(this.client, [delivery.stream, this.backoffSet], [this.group, delivery.entryId, delayMs, next]);
  }

  /** Calls onDeadLetter (inside the slot; its failure is logged), and returns the recording of the dead letter. */
  private async prepareDeadLetter(delivery: Delivery, message: BusMessage, error: unknown): Promise<() => Promise<void>> {
    if (this.options.onDeadLetter) {
      try {
        await this.options.onDeadLetter(message, error);
      } catch (callbackError) {
        this.config.logger.error('event bus: onDeadLetter failed; the message is dead-lettered anyway', { topic: this.topic, group: this.group, messageId: message.id, error: errorText(callbackError) });
      }
    }
    const dead: DeadLetter = { ...message, group: this.group, error: errorText(error), deadLetteredAt: new Date().toISOString() };
    return () => this.recordDeadLetter(delivery, dead);
  }

  private async recordDeadLetter(delivery: Delivery, dead: DeadLetter): Promise<void> {
    await DEAD_LETTER.run(this.client, [delivery.stream, this.keys.dead, this.keys.deadCount], [this.group, delivery.entryId, JSON.stringify(dead), this.config.maxDeadLetters]);
  }

  /** An entry that is not a bus message (written by something else): kept as a dead letter, never handled. */
  private async deadLetterRaw(delivery: Delivery): Promise<void> {
    this.config.logger.warn('event bus: an entry is not a bus message; dead-lettered', { topic: this.topic, group: this.group, entryId: delivery.entryId });
    await this.recordDeadLetter(delivery, { id: delivery.entryId, topic: this.topic, payload: delivery.raw, publishedAt: '', deliveries: delivery.deliveries, group: this.group, error: 'not a bus message envelope', deadLetteredAt: new Date().toISOString() });
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    this.slotFreed.fire();
    this.closingSignal.fire();
    // Interrupt the blocking read (it returns as if timed out); retried briefly in case it reached Redis after UNBLOCK.
    const deadline = Date.now() + this.config.blockMs + CLOSE_CALL_MS;
    const readEnded = this.readLoop.then(() => 'ended' as const);
    while (this.reading && Date.now() < deadline) {
      const id = this.blockingId;
      if (id !== undefined) await withTimeout(this.client.call('CLIENT', 'UNBLOCK', String(id)).catch(() => undefined), CLOSE_CALL_MS);
      if ((await withTimeout(readEnded, 50)) === 'ended') break;
    }
    await withTimeout(readEnded, Math.max(0, deadline - Date.now()));
    // The poller may be waiting for Redis (an outage): not waited for beyond the same bound.
    await withTimeout(this.maintenanceLoop, CLOSE_CALL_MS);
    while (this.running > 0 || this.buffer.length > 0) await this.slotFreed.wait();
    this.finished = true; // from now on a late reply's entries stay pending in Redis, for another consumer
    const settled = await withTimeout(Promise.allSettled([...this.settling]).then(() => 'settled' as const), SETTLE_GRACE_MS);
    if (settled !== 'settled') {
      this.config.logger.warn('event bus: closing with outcomes not recorded (Redis unavailable); those messages will be delivered again', { topic: this.topic, group: this.group, count: this.settling.size });
    } else {
      await withTimeout(this.removeConsumerIfIdle().catch(() => undefined), CLOSE_CALL_MS);
    }
    this.blocking.disconnect();
    this.forget();
  }

  /**
   * Deletes this consumer from the group when it holds nothing, so instances that come and go do not pile up in
   * XINFO CONSUMERS. Never with pending entries: DELCONSUMER would drop them from the pending list, unhandled.
   */
  private async removeConsumerIfIdle(): Promise<void> {
    for (const stream of [this.keys.stream, this.retriesStream]) {
      const pending = await this.client.call('XPENDING', stream, this.group, '-', '+', '1', this.consumer);
      if (Array.isArray(pending) && pending.length > 0) return;
    }
    for (const stream of [this.keys.stream, this.retriesStream]) await this.client.call('XGROUP', 'DELCONSUMER', stream, this.group, this.consumer);
  }
}

type RawEntry = [string, string[] | null];

/** XREADGROUP's reply as (stream, entries) pairs: RESP2 nests pairs, RESP3 (ioredis' legacy mapping) flattens the map. */
function parseReadReply(reply: unknown): Array<{ stream: string; entries: RawEntry[] }> {
  if (reply === null || reply === undefined) return [];
  const pairs: Array<[unknown, unknown]> = [];
  if (Array.isArray(reply)) {
    if (reply.length > 0 && Array.isArray(reply[0])) for (const pair of reply as Array<[unknown, unknown]>) pairs.push(pair);
    else for (let index = 0; index + 1 < reply.length; index += 2) pairs.push([reply[index], reply[index + 1]]);
  } else if (typeof reply === 'object') {
    pairs.push(...Object.entries(reply as Record<string, unknown>));
  }
  return pairs.filter(([, entries]) => Array.isArray(entries)).map(([stream, entries]) => ({ stream: String(stream), entries: entries as RawEntry[] }));
}

/** XINFO GROUPS' reply as objects (flat [key, value...] arrays in RESP2 and ioredis' legacy RESP3 mapping). */
function parseInfoGroups(reply: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(reply)) return [];
  return reply.map((group: unknown) => {
    if (!Array.isArray(group)) return (group ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let index = 0; index + 1 < group.length; index += 2) out[String(group[index])] = group[index + 1];
    return out;
  });
}

function fieldValue(fields: string[] | null, name: string): string | null {
  if (!Array.isArray(fields)) return null;
  for (let index = 0; index + 1 < fields.length; index += 2) if (fields[index] === name) return String(fields[index + 1]);
  return null;
}

/** The messages of an error and its causes (LuaScript and stateCall wrap Redis' reply in a GatewayError). */
function redisMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}

/** The group is gone: NOGROUP, or a blocked read ended because its stream was deleted. */
function isNoGroup(error: unknown): boolean {
  const message = redisMessage(error);
  return message.includes('NOGROUP') || message.includes('no longer exists');
}

/** `promise`'s value, or 'timeout' after `ms`; the timer never outlives the race. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
