import assert from 'node:assert/strict';
import type Redis from 'ioredis';
import { MemoryEventBus } from '../../gateway/events/memory-bus';
import type { BusMessage, EventBus } from '../../gateway/events/ports';
import { RedisStreamsEventBus, type RedisStreamsEventBusOptions } from '../../gateway/events/redis-streams-bus';
import { createLogger } from '../../gateway/logger';
import { createRedisClient } from '../../gateway/state/redis';
import { useRedisSuite } from '../support/redis-suite';

/** Options a shared test may change for one bus (the rest are the suite's short test timings). */
interface BusTuning {
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
}

/** What the shared behaviour needs from an implementation: a new bus, as one gateway instance would have it. */
interface Harness {
  bus(tuning?: BusTuning): EventBus;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds, polling every 10 ms; fails naming `what` after `timeoutMs`. */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** A promise with its resolve, to hold handlers until a test lets them go. */
function gate(): { promise: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

let topicCounter = 0;
/** A topic no other test uses (the Redis suites share one key prefix per file). */
const freshTopic = (name: string) => `${name}.${process.pid}.${Date.now()}.${(topicCounter += 1)}`;

/** Test timings: fast polling, short backoffs (each test stays well under a second or two). */
const TIMINGS = { retryBaseDelayMs: 40, retryMaxDelayMs: 200 };

function countBy<T>(items: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function eventBusBehaviour(harness: () => Harness): void {
  let h: Harness;
  const buses: EventBus[] = [];
  const bus = (tuning?: BusTuning): EventBus => {
    const made = h.bus(tuning);
    buses.push(made);
    return made;
  };
  beforeEach(() => {
    h = harness();
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((made) => made.close()));
  });

  it('delivers a published message once, with its id, topic, payload (through JSON), publish time and deliveries 1', async () => {
    const b = bus();
    const topic = freshTopic('orders');
    const seen: BusMessage[] = [];
    b.subscribe(topic, 'g', async (message) => {
      seen.push(message);
    });
    const before = Date.now();
    const id = await b.publish(topic, { orderId: '42', lines: [1, 2], at: new Date(0) });
    await until(() => seen.length === 1, 'the delivery');
    const [message] = seen as [BusMessage];
    assert.deepEqual(message, { id, topic, payload: { orderId: '42', lines: [1, 2], at: '1970-01-01T00:00:00.000Z' }, publishedAt: message.publishedAt, deliveries: 1 });
    const publishedAt = Date.parse(message.publishedAt);
    assert.ok(publishedAt >= before - 5 && publishedAt <= Date.now(), message.publishedAt);
    await sleep(150);
    assert.equal(seen.length, 1, 'an acknowledged message is not delivered again');
  });

  it('a group that subscribes after the publish still gets the message (groups start at what the topic retains)', async () => {
    const b = bus();
    const topic = freshTopic('early');
    const id = await b.publish(topic, { n: 1 });
    const seen: string[] = [];
    b.subscribe(topic, 'late', async (message) => {
      seen.push(message.id);
    });
    await until(() => seen.length === 1, 'the delivery');
    assert.deepEqual(seen, [id]);
  });

  it('two groups each get every message', async () => {
    const b = bus();
    const topic = freshTopic('fanout');
    const byGroup: Record<string, string[]> = { billing: [], shipping: [] };
    for (const group of Object.keys(byGroup)) {
      b.subscribe(topic, group, async (message) => {
        byGroup[group]?.push(message.id);
      });
    }
    const ids: string[] = [];
    for (let n = 0; n < 5; n += 1) ids.push(await b.publish(topic, { n }));
    await until(() => byGroup.billing?.length === 5 && byGroup.shipping?.length === 5, 'both groups');
    await sleep(100);
    assert.deepEqual([...(byGroup.billing ?? [])].sort(), [...ids].sort());
    assert.deepEqual([...(byGroup.shipping ?? [])].sort(), [...ids].sort());
  });

  it('within one group, each message is handled exactly once, the subscribers sharing the work', async () => {
    const b = bus();
    const topic = freshTopic('shared');
    const handled: Record<'first' | 'second', string[]> = { first: [], second: [] };
    for (const name of ['first', 'second'] as const) {
      b.subscribe(
        topic,
        'workers',
        async (message) => {
          handled[name].push(message.id);
          await sleep(10);
        },
        { concurrency: 2 },
      );
    }
    const ids: string[] = [];
    for (let n = 0; n < 20; n += 1) ids.push(await b.publish(topic, { n }));
    await until(() => handled.first.length + handled.second.length === 20, '20 handled messages');
    await sleep(200);
    const all = [...handled.first, ...handled.second];
    assert.equal(all.length, 20);
    assert.deepEqual([...countBy(all).values()], Array(20).fill(1));
    assert.deepEqual([...all].sort(), [...ids].sort());
    assert.ok(handled.first.length > 0 && handled.second.length > 0, `shared: ${handled.first.length} + ${handled.second.length}`);
  });

  it('a delayed message is not delivered before its delay, and is after it', async () => {
    const b = bus();
    const topic = freshTopic('delayed');
    const seen = new Map<string, number>();
    b.subscribe(topic, 'g', async (message) => {
      seen.set(message.id, Date.now());
    });
    const publishedAt = Date.now();
    const delayed = await b.publish(topic, { later: true }, { delayMs: 400 });
    const immediate = await b.publish(topic, { later: false });
    await until(() => seen.has(immediate), 'the immediate message');
    await sleep(Math.max(0, 250 - (Date.now() - publishedAt)));
    assert.equal(seen.has(delayed), false, 'delivered before its delay');
    assert.equal((await b.stats(topic, 'g')).scheduled, 1);
    await until(() => seen.has(delayed), 'the delayed message', 3000);
    assert.ok((seen.get(delayed) as number) - publishedAt >= 390, `delivered after ${(seen.get(delayed) as number) - publishedAt} ms`);
    assert.equal((await b.stats(topic, 'g')).scheduled, 0);
  });

  it('a throwing handler gets the message again (same id, deliveries +1, after a backoff), then it is dead-lettered once after maxDeliveries', async () => {
    const b = bus();
    const topic = freshTopic('poison');
    const deliveries: Array<{ id: string; deliveries: number; at: number }> = [];
    const deadCalls: Array<{ message: BusMessage; error: unknown }> = [];
    b.subscribe(
      topic,
      'g',
      async (message) => {
        deliveries.push({ id: message.id, deliveries: message.deliveries, at: Date.now() });
        throw new Error(`boom ${message.deliveries}`);
      },
      { maxDeliveries: 3, onDeadLetter: (message, error) => void deadCalls.push({ message, error }) },
    );
    const id = await b.publish(topic, { sku: 'X-1' });
    await until(async () => (await b.stats(topic, 'g')).deadLettered === 1, 'the dead letter');
    await sleep(300);
    assert.deepEqual(
      deliveries.map((delivery) => [delivery.id, delivery.deliveries]),
      [
        [id, 1],
        [id, 2],
        [id, 3],
      ],
    );
    // Backoff: 40 ms nominal before the 2nd delivery, 80 ms before the 3rd, each jittered within its upper half.
    const [first, second, third] = deliveries as [(typeof deliveries)[0], (typeof deliveries)[0], (typeof deliveries)[0]];
    assert.ok(second.at - first.at >= 15, `2nd delivery after ${second.at - first.at} ms`);
    assert.ok(third.at - second.at >= 35, `3rd delivery after ${third.at - second.at} ms`);
    assert.equal(deadCalls.length, 1);
    assert.equal(deadCalls[0]?.message.id, id);
    assert.equal(deadCalls[0]?.message.deliveries, 3);
    assert.equal((deadCalls[0]?.error as Error).message, 'boom 3');
    const dead = await b.deadLetters(topic);
    assert.equal(dead.length, 1);
    assert.deepEqual({ ...dead[0], deadLetteredAt: undefined }, { id, topic, payload: { sku: 'X-1' }, publishedAt: dead[0]?.publishedAt, deliveries: 3, group: 'g', error: 'Error: boom 3', deadLetteredAt: undefined });
    assert.ok(Number.isFinite(Date.parse(dead[0]?.deadLetteredAt as string)));
    assert.deepEqual(await b.stats(topic, 'g'), { pending: 0, scheduled: 0, deadLettered: 1 });
  });

  it('a handler that fails and then succeeds: delivered again, acknowledged, never dead-lettered', async () => {
    const b = bus();
    const topic = freshTopic('flaky');
    const deliveries: number[] = [];
    let deadCalls = 0;
    b.subscribe(
      topic,
      'g',
      async (message) => {
        deliveries.push(message.deliveries);
        if (message.deliveries < 3) throw new Error('not yet');
      },
      { maxDeliveries: 3, onDeadLetter: () => void (deadCalls += 1) },
    );
    await b.publish(topic, { n: 1 });
    await until(() => deliveries.length === 3, 'three deliveries');
    await until(async () => (await b.stats(topic, 'g')).pending === 0, 'the acknowledgement');
    await sleep(200);
    assert.deepEqual(deliveries, [1, 2, 3]);
    assert.equal(deadCalls, 0);
    assert.deepEqual(await b.stats(topic, 'g'), { pending: 0, scheduled: 0, deadLettered: 0 });
    assert.deepEqual(await b.deadLetters(topic), []);
  });

  it('a poison message does not hold up the messages published after it: they are handled at once, while it waits for its retries', async () => {
    // Backoffs of 150-300 ms: far longer than handling the good messages takes.
    const b = bus({ retryBaseDelayMs: 300, retryMaxDelayMs: 300 });
    const topic = freshTopic('not-blocking');
    let poisonDeliveries = 0;
    let deadLettered = false;
    const good: string[] = [];
    b.subscribe<{ poison: boolean }>(
      topic,
      'g',
      async (message) => {
        if (message.payload.poison) {
          poisonDeliveries += 1;
          throw new Error('poison');
        }
        good.push(message.id);
      },
      { concurrency: 1, maxDeliveries: 3, onDeadLetter: () => void (deadLettered = true) },
    );
    await b.publish(topic, { poison: true });
    await until(() => poisonDeliveries === 1, 'the first poison delivery');
    const publishedAt = Date.now();
    for (let n = 0; n < 5; n += 1) await b.publish(topic, { poison: false });
    await until(() => good.length === 5, 'the good messages');
    const tookMs = Date.now() - publishedAt;
    assert.ok(tookMs < 120, `the good messages took ${tookMs} ms: they waited for the poison message's backoff`);
    assert.equal(poisonDeliveries, 1, 'the good messages waited for a retry of the poison one');
    assert.equal(deadLettered, false);
    await until(() => deadLettered, 'the poison message to be dead-lettered');
    assert.equal(poisonDeliveries, 3);
  });

  it('respects the concurrency limit of a subscription', async () => {
    const b = bus();
    const topic = freshTopic('concurrency');
    let active = 0;
    let most = 0;
    let handled = 0;
    b.subscribe(
      topic,
      'g',
      async () => {
        active += 1;
        most = Math.max(most, active);
        await sleep(40);
        active -= 1;
        handled += 1;
      },
      { concurrency: 3 },
    );
    for (let n = 0; n < 12; n += 1) await b.publish(topic, { n });
    await until(() => handled === 12, '12 handled messages');
    assert.equal(most, 3);
  });

  it('close() waits for the handlers in flight (their messages get acknowledged) and takes no new messages', async () => {
    const b = bus();
    const topic = freshTopic('closing');
    const started = gate();
    let finished = false;
    const handled: string[] = [];
    const subscription = b.subscribe(topic, 'g', async (message) => {
      started.open();
      await sleep(300);
      finished = true;
      handled.push(message.id);
    });
    const first = await b.publish(topic, { n: 1 });
    await started.promise;
    const closing = subscription.close();
    await sleep(50);
    assert.equal(finished, false);
    await closing;
    assert.equal(finished, true, 'close() resolved before the handler finished');
    const second = await b.publish(topic, { n: 2 });
    await sleep(150);
    assert.deepEqual(handled, [first]);
    assert.equal((await b.stats(topic, 'g')).pending, 1, 'the first message was acknowledged, the second waits');
    const later: string[] = [];
    b.subscribe(topic, 'g', async (message) => {
      later.push(message.id);
    });
    await until(() => later.length === 1, 'the next subscriber');
    await sleep(100);
    assert.deepEqual(later, [second]);
  });

  it('stats: waiting and in-flight messages, delayed ones and retries waiting for their backoff, per group', async () => {
    const b = bus({ retryBaseDelayMs: 5000, retryMaxDelayMs: 5000 });
    const topic = freshTopic('stats');
    for (const kind of ['ok', 'ok', 'retry']) await b.publish(topic, { kind });
    await b.publish(topic, { kind: 'ok' }, { delayMs: 60_000 });
    await b.publish(topic, { kind: 'ok' }, { delayMs: 60_000 });
    assert.deepEqual(await b.stats(topic, 'g'), { pending: 3, scheduled: 2, deadLettered: 0 }, 'a group not subscribed yet: what it will get');

    const hold = gate();
    let started = 0;
    b.subscribe<{ kind: string }>(
      topic,
      'g',
      async (message) => {
        started += 1;
        await hold.promise;
        if (message.payload.kind === 'retry') throw new Error('later');
      },
      { concurrency: 1 },
    );
    await until(() => started === 1, 'the first delivery');
    assert.deepEqual(await b.stats(topic, 'g'), { pending: 3, scheduled: 2, deadLettered: 0 }, 'one in flight, two waiting');
    hold.open();
    await until(async () => (await b.stats(topic, 'g')).scheduled === 3, 'the retry to be scheduled');
    assert.deepEqual(await b.stats(topic, 'g'), { pending: 0, scheduled: 3, deadLettered: 0 }, 'two acknowledged, one waiting 5 s for its retry');
    assert.deepEqual(await b.stats(topic, 'other'), { pending: 3, scheduled: 2, deadLettered: 0 }, 'another group is not affected');
  });

  it('stats and dead letters: counted per group, listed newest first, bounded by limit', async () => {
    const b = bus();
    const topic = freshTopic('dead');
    b.subscribe(
      topic,
      'g',
      async () => {
        throw new Error('always');
      },
      { concurrency: 1, maxDeliveries: 1 },
    );
    const ids: string[] = [];
    for (let n = 0; n < 3; n += 1) ids.push(await b.publish(topic, { n }));
    await until(async () => (await b.stats(topic, 'g')).deadLettered === 3, 'three dead letters');
    const dead = await b.deadLetters(topic, 2);
    assert.deepEqual(
      dead.map((letter) => letter.id),
      [ids[2], ids[1]],
    );
    assert.equal((await b.deadLetters(topic)).length, 3);
    assert.deepEqual(await b.stats(topic, 'g'), { pending: 0, scheduled: 0, deadLettered: 3 });
    assert.equal((await b.stats(topic, 'h')).deadLettered, 0);
  });

  it('refuses payloads without a JSON form, bad delays, bad names and unknown or invalid options', async () => {
    const b = bus();
    const topic = freshTopic('invalid');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await assert.rejects(b.publish(topic, undefined), TypeError);
    await assert.rejects(b.publish(topic, 10n), TypeError);
    await assert.rejects(b.publish(topic, cyclic), TypeError);
    await assert.rejects(b.publish(topic, {}, { delayMs: -1 }), TypeError);
    await assert.rejects(b.publish(topic, {}, { delayMs: Number.NaN }), TypeError);
    await assert.rejects(b.publish(topic, {}, { delay: 5 } as never), /unknown option "delay"/);
    await assert.rejects(b.publish('', {}), TypeError);
    const handler = async () => undefined;
    assert.throws(() => b.subscribe(topic, 'g', handler, { concurrency: 0 }), /concurrency/);
    assert.throws(() => b.subscribe(topic, 'g', handler, { maxDeliveries: 1.5 }), /maxDeliveries/);
    assert.throws(() => b.subscribe(topic, 'g', handler, { maxDelivery: 3 } as never), /unknown option "maxDelivery"/);
    assert.throws(() => b.subscribe(topic, '', handler), TypeError);
    assert.throws(() => b.subscribe(topic, 'g', 'not a function' as never), TypeError);
  });

  it('close() of the bus closes its subscriptions (waiting for their handlers) and refuses publishes', async () => {
    const b = bus();
    const topic = freshTopic('bus-close');
    const started = gate();
    let finished = false;
    b.subscribe(topic, 'g', async () => {
      started.open();
      await sleep(200);
      finished = true;
    });
    await b.publish(topic, {});
    await started.promise;
    await b.close();
    assert.equal(finished, true);
    await assert.rejects(b.publish(topic, {}), /closed/);
    assert.throws(() => b.subscribe(topic, 'g', async () => undefined), /closed/);
  });
}

describe('event bus: memory', () => {
  eventBusBehaviour(() => ({
    bus: (tuning) => new MemoryEventBus({ ...TIMINGS, ...tuning }),
  }));

  it('rejects unknown and invalid options', () => {
    assert.throws(() => new MemoryEventBus({ retryBase: 1 } as never), /unknown option "retryBase"/);
    assert.throws(() => new MemoryEventBus({ retryBaseDelayMs: 500, retryMaxDelayMs: 100 }), /retryMaxDelayMs/);
    assert.throws(() => new MemoryEventBus({ maxLength: 0 }), /maxLength/);
  });

  it('a group that falls more than maxLength behind loses its oldest waiting messages, not the newest', async () => {
    const bus = new MemoryEventBus({ ...TIMINGS, maxLength: 3 });
    try {
      const topic = freshTopic('capped');
      const ids: string[] = [];
      for (let n = 0; n < 5; n += 1) ids.push(await bus.publish(topic, { n }));
      assert.equal((await bus.stats(topic, 'g')).pending, 3);
      const seen: string[] = [];
      bus.subscribe(topic, 'g', async (message) => {
        seen.push(message.id);
      });
      await until(() => seen.length === 3, 'the retained messages');
      assert.deepEqual(seen, ids.slice(2));
    } finally {
      await bus.close();
    }
  });
});

describe('event bus: Redis Streams', function () {
  const suite = useRedisSuite();
  const logger = createLogger({ level: 'silent' });
  const clients: Redis[] = [];
  let instances = 0;

  /** A background-role client, as the gateway gives the bus (commands wait for Redis instead of failing). */
  const backgroundClient = (): Redis => {
    const client = createRedisClient({ redisUrl: suite.redis.url, keyPrefix: suite.redis.keyPrefix, commandTimeoutMs: 1000 }, { role: 'background', logger });
    clients.push(client);
    return client;
  };
  /** A bus as one gateway instance has it: its own command client, its own consumer name. */
  const redisBus = (tuning: Partial<RedisStreamsEventBusOptions> = {}): RedisStreamsEventBus =>
    new RedisStreamsEventBus({
      client: backgroundClient(),
      createBlockingClient: backgroundClient,
      keyPrefix: suite.redis.keyPrefix,
      consumerName: `test-instance-${(instances += 1)}`,
      logger,
      claimIdleMs: 5000,
      pollIntervalMs: 20,
      blockMs: 500,
      errorPauseMs: 100,
      ...TIMINGS,
      ...tuning,
    });

  eventBusBehaviour(() => ({ bus: (tuning) => redisBus(tuning) }));

  describe('several instances', () => {
    const buses: EventBus[] = [];
    /** Handlers of crashed instances still hanging: released before the buses close, even after a failure. */
    const hanging: Array<() => void> = [];
    const instance = (tuning: Partial<RedisStreamsEventBusOptions> = {}) => {
      const made = redisBus(tuning);
      buses.push(made);
      return made;
    };
    afterEach(async () => {
      hanging.splice(0).forEach((release) => release());
      await Promise.all(buses.splice(0).map((made) => made.close()));
    });

    /**
     * An instance that takes `count` messages of `topic` for group `group` and then dies while handling them: its
     * connections drop without any acknowledgement. Returns the messages it got, and `release()` to end its handlers.
     */
    async function crashedInstance(topic: string, group: string, count: number, claimIdleMs: number): Promise<{ got: BusMessage[]; crashedAt: number; release(): void }> {
      const commands = backgroundClient();
      const blocking: Redis[] = [];
      const dying = new RedisStreamsEventBus({
        client: commands,
        createBlockingClient: () => {
          const client = backgroundClient();
          blocking.push(client);
          return client;
        },
        keyPrefix: suite.redis.keyPrefix,
        consumerName: 'dying-instance',
        logger,
        claimIdleMs,
        pollIntervalMs: 20,
        blockMs: 500,
        errorPauseMs: 100,
      });
      buses.push(dying);
      const got: BusMessage[] = [];
      const hang = gate();
      hanging.push(hang.open);
      dying.subscribe(topic, group, async (message) => {
        got.push(message);
        await hang.promise;
      });
      await until(() => got.length === count, 'the dying instance to take its messages');
      commands.disconnect();
      blocking.forEach((client) => client.disconnect());
      return { got, crashedAt: Date.now(), release: hang.open };
    }

    it('two instances share a group: every message handled exactly once, by both', async () => {
      const [a, b] = [instance(), instance()];
      const topic = freshTopic('two-instances');
      const handled: Record<'a' | 'b', string[]> = { a: [], b: [] };
      for (const [name, bus] of [['a', a], ['b', b]] as const) {
        bus.subscribe(
          topic,
          'workers',
          async (message) => {
            handled[name].push(message.id);
            await sleep(15);
          },
          { concurrency: 2 },
        );
      }
      const ids: string[] = [];
      for (let n = 0; n < 30; n += 1) ids.push(await (n % 2 ? a : b).publish(topic, { n }));
      await until(() => handled.a.length + handled.b.length === 30, '30 handled messages');
      await sleep(300);
      const all = [...handled.a, ...handled.b];
      assert.equal(all.length, 30);
      assert.deepEqual([...all].sort(), [...ids].sort());
      assert.ok(handled.a.length > 0 && handled.b.length > 0, `shared: ${handled.a.length} + ${handled.b.length}`);
    });

    it('a consumer that dies holding messages: another instance takes them over once they are idle for claimIdleMs, deliveries 2', async () => {
      const topic = freshTopic('crash');
      const publisher = instance();
      await publisher.publish(topic, { n: 1 });
      await publisher.publish(topic, { n: 2 });
      const crashed = await crashedInstance(topic, 'g', 2, 300);
      const survivor = instance({ claimIdleMs: 300 });
      const taken: Array<{ message: BusMessage; at: number }> = [];
      survivor.subscribe(topic, 'g', async (message) => {
        taken.push({ message, at: Date.now() });
      });
      await until(() => taken.length === 2, 'the take-over', 4000);
      crashed.release();
      assert.deepEqual(
        taken.map(({ message }) => message.id).sort(),
        crashed.got.map((message) => message.id).sort(),
      );
      assert.deepEqual(
        taken.map(({ message }) => message.deliveries),
        [2, 2],
      );
      for (const { at } of taken) assert.ok(at - crashed.crashedAt >= 190, `taken over ${at - crashed.crashedAt} ms after the crash, before claimIdleMs`);
      await until(async () => (await survivor.stats(topic, 'g')).pending === 0, 'the acknowledgements');
    });

    it('a message whose consumers keep dying is dead-lettered after maxDeliveries, without reaching a handler again', async () => {
      const topic = freshTopic('crash-loop');
      const publisher = instance();
      const id = await publisher.publish(topic, { n: 1 });
      const crashed = await crashedInstance(topic, 'g', 1, 200);
      const survivor = instance({ claimIdleMs: 200 });
      let handled = 0;
      const deadCalls: Array<{ message: BusMessage; error: unknown }> = [];
      survivor.subscribe(
        topic,
        'g',
        async () => {
          handled += 1;
        },
        { maxDeliveries: 1, onDeadLetter: (message, error) => void deadCalls.push({ message, error }) },
      );
      await until(async () => (await survivor.stats(topic, 'g')).deadLettered === 1, 'the dead letter', 4000);
      crashed.release();
      assert.equal(handled, 0);
      assert.equal(deadCalls.length, 1);
      assert.equal(deadCalls[0]?.message.id, id);
      assert.equal(deadCalls[0]?.message.deliveries, 1);
      assert.match(String((deadCalls[0]?.error as Error).message), /consumers holding it stopped/);
      assert.equal((await survivor.deadLetters(topic))[0]?.id, id);
    });

    it('a live consumer with a slow handler keeps its message: it is not taken over after claimIdleMs', async () => {
      const topic = freshTopic('slow');
      const [a, b] = [instance({ claimIdleMs: 200 }), instance({ claimIdleMs: 200 })];
      const deliveries: number[] = [];
      for (const bus of [a, b]) {
        bus.subscribe(topic, 'g', async (message) => {
          deliveries.push(message.deliveries);
          await sleep(800);
        });
      }
      await a.publish(topic, { n: 1 });
      await until(() => deliveries.length === 1, 'the delivery');
      await sleep(1000);
      assert.deepEqual(deliveries, [1]);
    });

    it('delayed messages are moved into the stream once, however many instances poll', async () => {
      const topic = freshTopic('delayed-once');
      const [a, b] = [instance(), instance()];
      const byGroup: Record<'x' | 'y', string[]> = { x: [], y: [] };
      for (const bus of [a, b]) {
        for (const group of ['x', 'y'] as const) {
          bus.subscribe(topic, group, async (message) => {
            byGroup[group].push(message.id);
          });
        }
      }
      const ids: string[] = [];
      for (let n = 0; n < 20; n += 1) ids.push(await a.publish(topic, { n }, { delayMs: 100 }));
      await until(() => byGroup.x.length >= 20 && byGroup.y.length >= 20, 'every delayed message in both groups');
      await sleep(300);
      assert.deepEqual([...byGroup.x].sort(), [...ids].sort());
      assert.deepEqual([...byGroup.y].sort(), [...ids].sort());
    });

    it('what an instance published (or scheduled) before it stopped is delivered by another', async () => {
      const topic = freshTopic('durable');
      const gone = redisBus();
      const now = await gone.publish(topic, { n: 1 });
      const later = await gone.publish(topic, { n: 2 }, { delayMs: 150 });
      await gone.close();
      const seen: string[] = [];
      instance().subscribe(topic, 'g', async (message) => {
        seen.push(message.id);
      });
      await until(() => seen.length === 2, 'both messages');
      assert.deepEqual(seen, [now, later]);
    });
  });

  it('keys: the topic escaped inside a hash tag under the prefix; a stream, a delayed set, a dead list', async () => {
    const bus = redisBus();
    try {
      const plain = freshTopic('v1'); // letters, digits and dots: kept as they are
      const topic = `orders:{eu} ${plain}`;
      const stream = `${suite.redis.keyPrefix}bus:{orders%003a%007beu%007d%0020${plain}}`;
      assert.equal(bus.keys(topic).stream, stream);
      await bus.publish(topic, { n: 1 });
      await bus.publish(topic, { n: 2 }, { delayMs: 60_000 });
      bus.subscribe(
        topic,
        'g/1',
        async () => {
          throw new Error('no');
        },
        { maxDeliveries: 1 },
      );
      await until(async () => (await bus.stats(topic, 'g/1')).deadLettered === 1, 'the dead letter');
      const redis = suite.shared;
      assert.equal(await redis.type(stream), 'stream');
      assert.equal(await redis.type(`${stream}:delayed`), 'zset');
      assert.equal(await redis.type(`${stream}:dead`), 'list');
      assert.equal(await redis.hget(`${stream}:dead-count`, 'g/1'), '1');
      assert.equal(await redis.type(`${stream}:retries:g%002f1`), 'stream');
    } finally {
      await bus.close();
    }
  });

  it('streams are trimmed (XADD MAXLEN ~ maxLength)', async () => {
    const bus = redisBus({ maxLength: 50 });
    try {
      const topic = freshTopic('trimmed');
      for (let n = 0; n < 400; n += 1) await bus.publish(topic, { n });
      const length = await suite.shared.xlen(bus.keys(topic).stream);
      assert.ok(length >= 50 && length <= 200, `XLEN ${length}`);
    } finally {
      await bus.close();
    }
  });

  it('a stream deleted under a subscription (Redis restarted empty): the group is created again and consuming goes on', async () => {
    const bus = redisBus();
    try {
      const topic = freshTopic('recreated');
      const seen: string[] = [];
      bus.subscribe(topic, 'g', async (message) => {
        seen.push(message.id);
      });
      await bus.publish(topic, { n: 1 });
      await until(() => seen.length === 1, 'the first message');
      await suite.shared.del(bus.keys(topic).stream, bus.keys(topic).retries('g'));
      const second = await bus.publish(topic, { n: 2 });
      await until(() => seen.includes(second), 'the message after the deletion');
    } finally {
      await bus.close();
    }
  });

  // Registered after the shared suite's hooks: the clients go once every bus of the test was closed.
  afterEach(() => {
    clients.splice(0).forEach((client) => client.disconnect());
  });

  it('rejects unknown and missing options', () => {
    const client = backgroundClient();
    const base = { client, createBlockingClient: backgroundClient, keyPrefix: 'p:', consumerName: 'c', logger };
    assert.throws(() => new RedisStreamsEventBus({ ...base, claimIdle: 1 } as never), /unknown option "claimIdle"/);
    assert.throws(() => new RedisStreamsEventBus({ ...base, consumerName: '' }), /consumerName/);
    assert.throws(() => new RedisStreamsEventBus({ ...base, keyPrefix: undefined } as never), /keyPrefix/);
    assert.throws(() => new RedisStreamsEventBus({ ...base, blockMs: 0 }), /blockMs/);
  });
});
