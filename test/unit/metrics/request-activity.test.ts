/**
 * The per-minute request activity: latency buckets and percentiles from merged counts, the bounded in-memory ring,
 * and the activity series the operations API answers with (empty minutes present, oldest first).
 */
import assert from 'node:assert/strict';
import { ActivityService } from '../../../apis/process/operations/activity-service';
import { InMemoryOrderStore, type OrderRecord } from '../../../apis/process/orders/order-store';
import { InMemoryExceptionStore } from '../../../apis/process/orders/workflow/exception-store';
import { createLogger } from '../../../gateway/logger';
import {
  ACTIVITY_MINUTES,
  createRequestActivity,
  emptyMinute,
  LATENCY_BOUNDS_MS,
  latencyBucket,
  latencyPercentile,
} from '../../../gateway/metrics/request-activity';

const logger = createLogger({ level: 'silent' });
const MINUTE = 60_000;

describe('request activity', () => {
  describe('latency buckets and percentiles', () => {
    it('puts a latency in the first bucket whose upper bound holds it, and beyond the last bound in the open bucket', () => {
      assert.equal(latencyBucket(0.4), 0);
      assert.equal(latencyBucket(1), 0);
      assert.equal(latencyBucket(1.01), 1);
      assert.equal(latencyBucket(100), LATENCY_BOUNDS_MS.indexOf(100));
      assert.equal(latencyBucket(60_000), LATENCY_BOUNDS_MS.length);
    });

    it('interpolates percentiles inside the bucket, and is null without requests', () => {
      const counts = emptyMinute(0).latency;
      assert.equal(latencyPercentile(counts, 50), null);
      // 100 requests between 10 and 15 ms: the median is halfway through that bucket.
      counts[latencyBucket(12)] = 100;
      assert.equal(latencyPercentile(counts, 50), 12.5);
      assert.equal(latencyPercentile(counts, 95), 14.75);
      // 10 slow ones (200-300 ms) move the p95 there, not the median.
      counts[latencyBucket(250)] = 10;
      assert.ok((latencyPercentile(counts, 50) as number) < 15);
      assert.ok((latencyPercentile(counts, 95) as number) > 200);
      // Everything above the last bound: "at least" that bound.
      const slow = emptyMinute(0).latency;
      slow[LATENCY_BOUNDS_MS.length] = 3;
      assert.equal(latencyPercentile(slow, 95), LATENCY_BOUNDS_MS.at(-1));
    });
  });

  describe('in memory', () => {
    it('counts requests, server and client errors per minute, and answers every minute asked, oldest first', async () => {
      const activity = createRequestActivity({ logger });
      const base = 29_000_000 * MINUTE;
      activity.record(base + 1000, 200, 5);
      activity.record(base + 2000, 503, 40);
      activity.record(base + 3000, 404, 2);
      activity.record(base + 2 * MINUTE, 201, 9);
      const minutes = await activity.minutes(base / MINUTE - 1, 4);
      assert.deepEqual(
        minutes.map(({ minute, requests, serverErrors, clientErrors }) => ({ minute, requests, serverErrors, clientErrors })),
        [
          { minute: base / MINUTE - 1, requests: 0, serverErrors: 0, clientErrors: 0 },
          { minute: base / MINUTE, requests: 3, serverErrors: 1, clientErrors: 1 },
          { minute: base / MINUTE + 1, requests: 0, serverErrors: 0, clientErrors: 0 },
          { minute: base / MINUTE + 2, requests: 1, serverErrors: 0, clientErrors: 0 },
        ],
      );
      assert.equal(minutes[1]?.latency[latencyBucket(40)], 1);
      assert.equal(minutes[1]?.latency.reduce((sum, count) => sum + count, 0), 3);
      await activity.close();
    });

    it(`keeps only the last ${ACTIVITY_MINUTES} minutes`, async () => {
      const activity = createRequestActivity({ logger });
      const first = 29_000_000;
      activity.record(first * MINUTE, 200, 1);
      activity.record((first + ACTIVITY_MINUTES - 1) * MINUTE, 200, 1);
      assert.equal((await activity.minutes(first, 1))[0]?.requests, 1, 'still inside the window');
      activity.record((first + ACTIVITY_MINUTES) * MINUTE, 200, 1);
      assert.equal((await activity.minutes(first, 1))[0]?.requests, 0, 'dropped once the window moved past it');
      assert.equal((await activity.minutes(first + ACTIVITY_MINUTES - 1, 2)).reduce((sum, minute) => sum + minute.requests, 0), 2);
    });
  });

  describe('the activity series', () => {
    it('answers one bucket per minute with requests, percentiles, orders received and exceptions opened', async () => {
      const now = new Date('2026-11-28T10:30:20.000Z');
      const requests = createRequestActivity({ logger });
      requests.record(Date.parse('2026-11-28T10:30:05Z'), 200, 12);
      requests.record(Date.parse('2026-11-28T10:30:06Z'), 500, 12);
      requests.record(Date.parse('2026-11-28T10:28:59Z'), 401, 1);
      const orders = new InMemoryOrderStore();
      const order = (id: string, receivedAt: string) => ({ id, orderNumber: id, receivedAt, source: { partnerId: 'acme' } }) as unknown as OrderRecord;
      await orders.insert(order('ord_1', '2026-11-28T10:30:00.000Z'));
      await orders.insert(order('ord_2', '2026-11-28T10:29:59.999Z'));
      await orders.insert(order('ord_3', '2026-11-28T10:20:00.000Z')); // before the window
      const exceptions = new InMemoryExceptionStore();
      await exceptions.open({ orderId: 'ord_1', partnerId: 'acme', orderNumber: '1', step: 'post', reason: 'r', attempts: 8, lastError: 'e', statusBefore: 'ALLOCATED', createdAt: '2026-11-28T10:27:30.000Z' });

      const series = await new ActivityService({ requests, orders, exceptions, clock: () => now }).activity(5);
      assert.deepEqual(Object.keys(series), ['from', 'to', 'bucketSeconds', 'buckets']);
      assert.equal(series.from, '2026-11-28T10:26:00.000Z');
      assert.equal(series.to, now.toISOString());
      assert.equal(series.bucketSeconds, 60);
      assert.deepEqual(series.buckets.map((bucket) => bucket.start), ['10:26', '10:27', '10:28', '10:29', '10:30'].map((hm) => `2026-11-28T${hm}:00.000Z`));
      assert.deepEqual(series.buckets[0], { start: '2026-11-28T10:26:00.000Z', requests: 0, serverErrors: 0, clientErrors: 0, latencyMs: { p50: null, p95: null }, ordersReceived: 0, exceptionsOpened: 0 });
      assert.deepEqual(series.buckets.map((bucket) => bucket.requests), [0, 0, 1, 0, 2]);
      assert.deepEqual(series.buckets.map((bucket) => bucket.clientErrors), [0, 0, 1, 0, 0]);
      assert.deepEqual(series.buckets.map((bucket) => bucket.serverErrors), [0, 0, 0, 0, 1]);
      assert.deepEqual(series.buckets.map((bucket) => bucket.ordersReceived), [0, 0, 0, 1, 1]);
      assert.deepEqual(series.buckets.map((bucket) => bucket.exceptionsOpened), [0, 1, 0, 0, 0]);
      assert.deepEqual(series.buckets[4]?.latencyMs, { p50: 12.5, p95: 14.75 });
    });
  });
});
