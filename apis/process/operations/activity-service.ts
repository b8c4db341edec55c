/**
 * The operations page's time series: per minute, the API requests (errors and latency percentiles included) as the
 * gateway's request observer recorded them (gateway/metrics/request-activity.ts: every instance's, summed in Redis
 * when there is one), the orders received and the exceptions opened, counted from the stores' time indexes.
 *
 * Bounded whatever the traffic: at most ACTIVITY_MINUTES buckets, each one counter read per source (one Redis
 * pipeline each), never a scan of records.
 */
import type { MinuteActivity } from '../../../gateway/metrics/request-activity';
import { ACTIVITY_MINUTES, emptyMinute, latencyPercentile } from '../../../gateway/metrics/request-activity';
import type { OrderStore } from '../orders/order-store';
import type { ExceptionStore } from '../orders/workflow/exception-store';
import type { ActivitySeries } from './v1/models';

const MINUTE_MS = 60_000;

export interface ActivityServiceOptions {
  /** The per-minute API requests; absent: every minute shows none (a gateway without the request observer). */
  requests?: { minutes(fromMinute: number, count: number): Promise<MinuteActivity[]> };
  orders: Pick<OrderStore, 'countReceived'>;
  exceptions: Pick<ExceptionStore, 'countCreated'>;
  clock?: () => Date;
}

export class ActivityService {
  constructor(private readonly options: ActivityServiceOptions) {}

  /** The last `minutes` minutes (1 to ACTIVITY_MINUTES), the current one last. */
  async activity(minutes: number): Promise<ActivitySeries> {
    const count = Math.min(Math.max(1, Math.floor(minutes)), ACTIVITY_MINUTES);
    const to = (this.options.clock ?? (() => new Date()))();
    const firstMinute = Math.floor(to.getTime() / MINUTE_MS) - count + 1;
    const from = new Date(firstMinute * MINUTE_MS);
    const [requests, orders, exceptions] = await Promise.all([
      this.options.requests?.minutes(firstMinute, count) ?? Promise.resolve(Array.from({ length: count }, (_, index) => emptyMinute(firstMinute + index))),
      this.options.orders.countReceived(from, MINUTE_MS, count),
      this.options.exceptions.countCreated(from, MINUTE_MS, count),
    ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bucketSeconds: MINUTE_MS / 1000,
      buckets: requests.map((minute, index) => ({
        start: new Date((firstMinute + index) * MINUTE_MS).toISOString(),
        requests: minute.requests,
        serverErrors: minute.serverErrors,
        clientErrors: minute.clientErrors,
        latencyMs: { p50: latencyPercentile(minute.latency, 50), p95: latencyPercentile(minute.latency, 95) },
        ordersReceived: orders[index] ?? 0,
        exceptionsOpened: exceptions[index] ?? 0,
      })),
    };
  }
}
