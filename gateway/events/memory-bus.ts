/**
 * The event bus in process memory: the embedded single-instance default. Same contract as the Redis Streams bus
 * (one shared suite, test/state/event-bus.test.ts), modelled on it so behaviour does not change with the deployment:
 *
 * - a topic retains its last `maxLength` messages; a group created later starts with them (as a Redis group created
 *   at `0`), and each group has its own queue, capped the same way (the oldest waiting message is dropped, as
 *   MAXLEN trimming would);
 * - a failed message leaves its subscriber's slot at once and comes back to the end of its group's queue after the
 *   backoff, so it never holds up the messages behind it;
 * - delays and backoffs are timers, unref'd (they never keep the process alive) and cleared by close().
 *
 * Not durable: whatever is queued, delayed or waiting for a retry is lost when the process stops. Payloads go
 * through JSON on publish and are parsed per delivery, as in Redis.
 */
import type { Logger } from '../logger';
import { DEFAULT_MAX_DEAD_LETTERS, RETRY_DEFAULTS, checkDurationMs, checkName, checkOptionKeys, checkPositiveInteger, errorText, parsePublishOptions, parseSubscribeOptions, retryDelay, type SubscribeConfig } from './bus-options';
import { decodeEnvelope, encodeEnvelope, newEnvelope, toMessage, type Envelope } from './envelope';
import type { BusMessage, BusStats, DeadLetter, EventBus, MessageHandler, SubscribeOptions, Subscription } from './ports';

export interface MemoryEventBusOptions {
  /** Backoff before the second delivery of a failed message, in milliseconds; doubles per failure. Default 100. */
  retryBaseDelayMs?: number;
  /** Longest backoff, in milliseconds. Default 5000. */
  retryMaxDelayMs?: number;
  /** Messages a topic retains for groups that subscribe later, and most messages waiting per group. Default 10,000. */
  maxLength?: number;
  /** Dead letters kept per topic, newest first. Default 1000. */
  maxDeadLetters?: number;
  /** Where the failures of `onDeadLetter` callbacks and dropped messages are reported. */
  logger?: Logger;
}

export const MEMORY_BUS_DEFAULTS = Object.freeze({ ...RETRY_DEFAULTS, maxLength: 10_000, maxDeadLetters: DEFAULT_MAX_DEAD_LETTERS });

const OWNER = 'MemoryEventBus';
const OPTION_KEYS = new Set(['retryBaseDelayMs', 'retryMaxDelayMs', 'maxLength', 'maxDeadLetters', 'logger']);

interface GroupState {
  readonly name: string;
  readonly topic: TopicState;
  /** Envelope texts ready for delivery, oldest first. */
  readonly queue: string[];
  readonly subscriptions: MemorySubscription[];
  /** Where the round robin over subscriptions resumes. */
  next: number;
  /** Messages handed to a handler that has not settled yet. */
  handling: number;
  /** Failed messages waiting for their backoff. */
  retrying: number;
  deadLettered: number;
  pumpScheduled: boolean;
}

interface TopicState {
  readonly name: string;
  /** The last `maxLength` envelope texts, for groups that subscribe later. */
  readonly retained: string[];
  readonly groups: Map<string, GroupState>;
  /** Delayed publishes not due yet. */
  delayed: number;
  /** Dead letters as JSON text, newest first. */
  readonly dead: string[];
}

export class MemoryEventBus implements EventBus {
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly maxLength: number;
  private readonly maxDeadLetters: number;
  private readonly logger: Logger | undefined;
  private readonly topics = new Map<string, TopicState>();
  private readonly subscriptions = new Set<MemorySubscription>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly immediates = new Set<NodeJS.Immediate>();
  private closed = false;

  constructor(options: MemoryEventBusOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError(`${OWNER}: options must be an object`);
    checkOptionKeys(OWNER, options, OPTION_KEYS);
    checkDurationMs(OWNER, 'retryBaseDelayMs', options.retryBaseDelayMs);
    checkDurationMs(OWNER, 'retryMaxDelayMs', options.retryMaxDelayMs);
    checkPositiveInteger(OWNER, 'maxLength', options.maxLength);
    checkPositiveInteger(OWNER, 'maxDeadLetters', options.maxDeadLetters);
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? MEMORY_BUS_DEFAULTS.retryBaseDelayMs;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? MEMORY_BUS_DEFAULTS.retryMaxDelayMs;
    if (this.retryMaxDelayMs < this.retryBaseDelayMs) throw new TypeError(`${OWNER}: "retryMaxDelayMs" must be >= "retryBaseDelayMs"`);
    this.maxLength = options.maxLength ?? MEMORY_BUS_DEFAULTS.maxLength;
    this.maxDeadLetters = options.maxDeadLetters ?? MEMORY_BUS_DEFAULTS.maxDeadLetters;
    this.logger = options.logger;
  }

  async publish<T>(topic: string, payload: T, options?: { delayMs?: number }): Promise<string> {
    this.checkOpen();
    checkName(OWNER, 'the topic', topic);
    const delayMs = parsePublishOptions(OWNER, options);
    const { id, text } = newEnvelope(OWNER, topic, payload, new Date());
    const state = this.topic(topic);
    if (delayMs > 0) {
      state.delayed += 1;
      this.after(delayMs, () => {
        state.delayed -= 1;
        this.append(state, text);
      });
    } else {
      this.append(state, text);
    }
    return id;
  }

  subscribe<T>(topic: string, group: string, handler: MessageHandler<T>, options?: SubscribeOptions<T>): Subscription {
    this.checkOpen();
    checkName(OWNER, 'the topic', topic);
    checkName(OWNER, 'the group', group);
    const config = parseSubscribeOptions(OWNER, handler, options);
    const state = this.group(this.topic(topic), group, true) as GroupState;
    const subscription = new MemorySubscription(handler as MessageHandler, config as SubscribeConfig<unknown>, (closing) => this.detach(state, closing));
    state.subscriptions.push(subscription);
    this.subscriptions.add(subscription);
    subscription.onSlotFree = () => this.schedulePump(state);
    subscription.deliver = (text) => this.deliver(state, subscription, text);
    this.schedulePump(state);
    return subscription;
  }

  async stats(topic: string, group: string): Promise<BusStats> {
    checkName(OWNER, 'the topic', topic);
    checkName(OWNER, 'the group', group);
    const state = this.topics.get(topic);
    if (!state) return { pending: 0, scheduled: 0, deadLettered: 0 };
    const groupState = state.groups.get(group);
    if (!groupState) return { pending: state.retained.length, scheduled: state.delayed, deadLettered: 0 };
    return { pending: groupState.queue.length + groupState.handling, scheduled: state.delayed + groupState.retrying, deadLettered: groupState.deadLettered };
  }

  async deadLetters(topic: string, limit = 50): Promise<DeadLetter[]> {
    checkName(OWNER, 'the topic', topic);
    checkPositiveInteger(OWNER, 'limit', limit);
    return (this.topics.get(topic)?.dead ?? []).slice(0, limit).map((text) => JSON.parse(text) as DeadLetter);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const immediate of this.immediates) clearImmediate(immediate);
    this.immediates.clear();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`${OWNER}: the bus is closed`);
  }

  private topic(name: string): TopicState {
    let state = this.topics.get(name);
    if (!state) {
      state = { name, retained: [], groups: new Map(), delayed: 0, dead: [] };
      this.topics.set(name, state);
    }
    return state;
  }

  private group(topic: TopicState, name: string, create: boolean): GroupState | undefined {
    let state = topic.groups.get(name);
    if (!state && create) {
      // A new group starts with what the topic retains, as a Redis group created at 0.
      state = { name, topic, queue: [...topic.retained], subscriptions: [], next: 0, handling: 0, retrying: 0, deadLettered: 0, pumpScheduled: false };
      topic.groups.set(name, state);
    }
    return state;
  }

  /** A timer the bus owns: unref'd, forgotten when it fires, cleared by close(). */
  private after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private append(topic: TopicState, text: string): void {
    if (this.closed) return;
    topic.retained.push(text);
    if (topic.retained.length > this.maxLength) topic.retained.shift();
    for (const group of topic.groups.values()) this.enqueue(group, text);
  }

  private enqueue(group: GroupState, text: string): void {
    if (this.closed) return;
    group.queue.push(text);
    if (group.queue.length > this.maxLength) {
      group.queue.shift();
      this.logger?.warn('event bus: a group fell more than maxLength messages behind; its oldest waiting message was dropped', { topic: group.topic.name, group: group.name, maxLength: this.maxLength });
    }
    this.schedulePump(group);
  }

  /** Deliveries start on a later turn of the event loop, never inside publish() or subscribe(). */
  private schedulePump(group: GroupState): void {
    if (group.pumpScheduled || this.closed) return;
    group.pumpScheduled = true;
    const immediate = setImmediate(() => {
      this.immediates.delete(immediate);
      group.pumpScheduled = false;
      this.pump(group);
    });
    this.immediates.add(immediate);
  }

  /** Hands waiting messages to subscriptions with a free slot, round robin. */
  private pump(group: GroupState): void {
    while (group.queue.length > 0) {
      const subscription = this.nextFree(group);
      if (!subscription) return;
      subscription.deliver(group.queue.shift() as string);
    }
  }

  private nextFree(group: GroupState): MemorySubscription | undefined {
    const count = group.subscriptions.length;
    for (let step = 0; step < count; step += 1) {
      const index = (group.next + step) % count;
      const subscription = group.subscriptions[index] as MemorySubscription;
      if (subscription.hasFreeSlot()) {
        group.next = (index + 1) % count;
        return subscription;
      }
    }
    return undefined;
  }

  private deliver(group: GroupState, subscription: MemorySubscription, text: string): void {
    const envelope = decodeEnvelope(text) as Envelope; // written by this bus
    const deliveries = envelope.delivered + 1;
    group.handling += 1;
    void subscription.run(toMessage(envelope, deliveries), async (error) => {
      if (deliveries >= subscription.config.maxDeliveries) {
        await this.deadLetter(group, subscription.config, toMessage(envelope, deliveries), error);
        return;
      }
      group.retrying += 1;
      this.after(retryDelay(deliveries, this.retryBaseDelayMs, this.retryMaxDelayMs), () => {
        group.retrying -= 1;
        this.enqueue(group, encodeEnvelope({ ...envelope, delivered: deliveries }));
      });
    })
      .catch((error: unknown) => this.logger?.error('event bus: settling a failed message failed', { topic: group.topic.name, group: group.name, messageId: envelope.id, error: errorText(error) }))
      .finally(() => {
        group.handling -= 1;
      });
  }

  private async deadLetter(group: GroupState, config: SubscribeConfig<unknown>, message: BusMessage, error: unknown): Promise<void> {
    if (config.onDeadLetter) {
      try {
        await config.onDeadLetter(message, error);
      } catch (callbackError) {
        this.logger?.error('event bus: onDeadLetter failed; the message is dead-lettered anyway', { topic: message.topic, group: group.name, messageId: message.id, error: errorText(callbackError) });
      }
    }
    const dead: DeadLetter = { ...message, group: group.name, error: errorText(error), deadLetteredAt: new Date().toISOString() };
    group.topic.dead.unshift(JSON.stringify(dead));
    if (group.topic.dead.length > this.maxDeadLetters) group.topic.dead.length = this.maxDeadLetters;
    group.deadLettered += 1;
  }

  private detach(group: GroupState, subscription: MemorySubscription): void {
    const index = group.subscriptions.indexOf(subscription);
    if (index >= 0) group.subscriptions.splice(index, 1);
    if (group.next >= group.subscriptions.length) group.next = 0;
    this.subscriptions.delete(subscription);
    this.schedulePump(group); // what it would have taken goes to the others
  }
}

/** One subscriber: its handler, its slots, and close() that waits for what it runs. */
class MemorySubscription implements Subscription {
  /** Set by the bus: called when a slot frees up. */
  onSlotFree: () => void = () => undefined;
  /** Set by the bus: hands this subscription a message. */
  deliver: (text: string) => void = () => undefined;
  private running = 0;
  private closing = false;
  private closed: Promise<void> | undefined;
  private idle: (() => void) | undefined;

  constructor(
    private readonly handler: MessageHandler,
    readonly config: SubscribeConfig<unknown>,
    private readonly detach: (subscription: MemorySubscription) => void,
  ) {}

  hasFreeSlot(): boolean {
    return !this.closing && this.running < this.config.concurrency;
  }

  /** Runs the handler; on failure `failed` decides (retry or dead letter) before the slot is given back. */
  async run(message: BusMessage, failed: (error: unknown) => Promise<void>): Promise<void> {
    this.running += 1;
    try {
      await this.handler(message);
    } catch (error) {
      await failed(error);
    } finally {
      this.running -= 1;
      if (this.running === 0) this.idle?.();
      this.onSlotFree();
    }
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing = true;
      this.detach(this);
      if (this.running > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    })();
    return this.closed;
  }
}
