/**
 * The event bus of the process tier: topics, consumer groups, delayed messages, retries and dead letters, behind
 * one interface with two implementations that pass one test suite (test/state/event-bus.test.ts):
 *
 * - `MemoryEventBus` (memory-bus.ts): in process, the embedded single-instance default. Not durable: a restart loses
 *   what was not handled yet.
 * - `RedisStreamsEventBus` (redis-streams-bus.ts): Redis Streams with consumer groups, so several gateway instances
 *   share the work and a message survives the instance that published it.
 *
 * Delivery is AT LEAST ONCE, never exactly once: a handler may see a message again when its consumer died (or lost
 * Redis) after handling it and before acknowledging it, and `onDeadLetter` may run twice for the same reason. Handlers
 * must therefore be idempotent (key the side effect by `message.id`, which stays the same across redeliveries).
 * Ordering is not guaranteed either: concurrency, retries and reclaimed messages all reorder.
 */

/** One message as a handler receives it. */
export interface BusMessage<T = unknown> {
  /** Unique per published message, and the same on every redelivery: the key for idempotent handlers. */
  id: string;
  topic: string;
  /** As published, through JSON (a Date arrives as its ISO string; both implementations serialise the same way). */
  payload: T;
  /** ISO date-time of the publish() call (not of the delivery, nor of the end of a delay). */
  publishedAt: string;
  /**
   * 1 on the first delivery, +1 per redelivery after a handler failure or a consumer that stopped (crashed, lost
   * Redis) while holding the message. Compare it with `maxDeliveries` to know a last attempt.
   */
  deliveries: number;
}

/** Resolving acknowledges the message; throwing (or rejecting) asks for a redelivery after a backoff. */
export type MessageHandler<T = unknown> = (message: BusMessage<T>) => Promise<void>;

export interface SubscribeOptions<T = unknown> {
  /** Messages handled at once by this subscription (default 4). Bounds the work one instance takes from the group. */
  concurrency?: number;
  /**
   * After this many failed deliveries a message is dead-lettered (default 5). A delivery fails when the handler
   * throws, or when its consumer stopped without an outcome (Redis: the message was reclaimed from a dead consumer).
   */
  maxDeliveries?: number;
  /**
   * Called once when a message is dead-lettered, with the last error; the message is then acknowledged (and kept in
   * the topic's dead letters). Its own failure is logged and changes nothing: a dead letter is not retried. At least
   * once, like deliveries.
   */
  onDeadLetter?: (message: BusMessage<T>, error: unknown) => Promise<void> | void;
}

/** A subscriber's handle. */
export interface Subscription {
  /**
   * Stops taking new messages and resolves once the handlers in flight have finished (and their outcome was
   * recorded). It does not bound the handlers: a handler that never settles keeps close() pending.
   */
  close(): Promise<void>;
}

/** A dead-lettered message: the message as last delivered, why and when it was given up, and by which group. */
export type DeadLetter = BusMessage & {
  /** The consumer group whose deliveries failed (other groups may have handled the same message fine). */
  group: string;
  /** The last error's message (bounded in length). */
  error: string;
  /** ISO date-time. */
  deadLetteredAt: string;
};

/** Operational counts of one group on one topic (KPIs, metrics, /operations pages). */
export interface BusStats {
  /**
   * Messages waiting for the group or in flight in it (retries whose backoff has run out included). For a group
   * that has not subscribed yet: the retained messages it will receive when it does (groups start at the beginning
   * of what the topic retains).
   */
  pending: number;
  /** Messages not deliverable yet: delayed publishes of the topic, plus the group's retries waiting for their backoff. */
  scheduled: number;
  /** Messages the group dead-lettered so far (a counter, which the capped dead-letter list does not bound). */
  deadLettered: number;
}

export interface EventBus {
  /**
   * Durably records the message (in Redis: XADD before resolving) and returns its id. With `delayMs`, the message
   * becomes deliverable only after that delay (durably scheduled: a sorted set in Redis moved into the stream by a
   * poller with a Lua script; a timer in memory), to the precision of the poll interval. The payload must be
   * JSON-serialisable (TypeError otherwise). A message published before a group first subscribes still reaches that
   * group, as long as the topic retains it (groups start at the beginning of the retained messages), so a publish
   * racing a subscription at start-up is never lost.
   */
  publish<T>(topic: string, payload: T, options?: { delayMs?: number }): Promise<string>;
  /**
   * Consumes `topic` as member of consumer group `group`: each message reaches one subscriber of the group; different
   * groups each get every message. A handler that resolves acknowledges the message; one that throws gets it
   * redelivered after a backoff (exponential with jitter, bounded: by default 100 ms doubling up to 5 s), never
   * blocking the messages behind it: the failed message is set aside while the next ones are handled, so a poison
   * message cannot hold up the stream. After `maxDeliveries` failed deliveries it is dead-lettered.
   * Options are checked at once (TypeError on a mistake, unknown keys included).
   */
  subscribe<T>(topic: string, group: string, handler: MessageHandler<T>, options?: SubscribeOptions<T>): Subscription;
  /** Counts for operations (KPIs/metrics): messages waiting or in flight for the group, scheduled (delayed) messages, dead-lettered messages. */
  stats(topic: string, group: string): Promise<BusStats>;
  /** Dead-lettered messages of a topic, every group's, newest first, at most `limit` (default 50; the store keeps a capped number). */
  deadLetters(topic: string, limit?: number): Promise<DeadLetter[]>;
  /**
   * Closes every subscription (waiting for their handlers in flight), and the timers and connections the bus owns (not
   * a Redis client it was given). Publishing afterwards is refused.
   */
  close(): Promise<void>;
}
