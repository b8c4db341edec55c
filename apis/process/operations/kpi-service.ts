/**
 * Transaction-level KPIs over a recent window of orders: how long orders take to reach the ERP and to ship, how
 * many sit in each status or are delayed, where the exceptions are, how often each partner's orders fail
 * validation, how many acknowledgements, shipment notices and invoices went out, how fresh each warehouse's
 * inventory feed is, and how the platforms' circuits and the workflow's queues stand.
 *
 * Computed from the order records on request, over at most KPI_SCAN_LIMIT orders (the answer says when the window
 * held more): right for an operations page, not a time-series store; issue 8's /metrics is that.
 */
import type { EventBus } from '../../../gateway/events/ports';
import type { PlatformCircuit } from '../../../gateway/http/circuit-breaker';
import type { InventoryFeedAge } from '../inventory/v1/models';
import type { OrderRecord, OrderStore } from '../orders/order-store';
import type { OrderService } from '../orders/order-service';
import { STEPS_TOPIC } from '../orders/workflow/engine';
import type { ExceptionStore } from '../orders/workflow/exception-store';
import type { OrderStatus } from '../orders/v2/models';
import type { Kpis, LatencyStats, PartnerKpis } from './v1/models';

/** Most orders one KPI answer reads. */
export const KPI_SCAN_LIMIT = 20_000;
const PAGE = 200;

export interface KpiServiceOptions {
  store: OrderStore;
  orders: OrderService;
  exceptions: ExceptionStore;
  bus: EventBus;
  circuits: readonly PlatformCircuit[];
  feedAges: () => Promise<InventoryFeedAge[]>;
  clock?: () => Date;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function latency(seconds: number[]): LatencyStats {
  const sorted = [...seconds].sort((a, b) => a - b);
  return sorted.length === 0 ? { count: 0 } : { count: sorted.length, p50Seconds: percentile(sorted, 50), p95Seconds: percentile(sorted, 95) };
}

/** Seconds from receipt to the first time the order reached one of `statuses`. */
function secondsTo(record: OrderRecord, statuses: ReadonlySet<OrderStatus>): number | undefined {
  const reached = record.history.find((entry) => statuses.has(entry.status));
  return reached ? (Date.parse(reached.at) - Date.parse(record.receivedAt)) / 1000 : undefined;
}

const POSTED_OR_LATER = new Set<OrderStatus>(['POSTED', 'ACKNOWLEDGED', 'RELEASED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'INVOICED']);
const SHIPPED_OR_LATER = new Set<OrderStatus>(['SHIPPED', 'INVOICED']);

function countBy<T>(values: T[], key: (value: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(key(value), (counts.get(key(value)) ?? 0) + 1);
  return counts;
}

/** One outbound channel document its partner has not acknowledged in time (an 855/856/810 without its 997). */
export interface OverdueDocument {
  channel: string;
  partnerId: string;
}

export class KpiService {
  private readonly overdueSources: Array<() => Promise<OverdueDocument[]>> = [];

  constructor(private readonly options: KpiServiceOptions) {}

  /** A partner channel that owes acknowledgements reports its overdue documents here (the channels start after this tier). */
  addOverdueDocumentSource(source: () => Promise<OverdueDocument[]>): void {
    this.overdueSources.push(source);
  }

  async kpis(windowHours: number): Promise<Kpis> {
    const to = (this.options.clock ?? (() => new Date()))();
    const from = new Date(to.getTime() - windowHours * 3_600_000);
    const { records, truncated } = await this.recent(from);
    const views = records.map((record) => this.options.orders.view(record));
    const [openExceptions, feeds, steps, overdue] = await Promise.all([
      this.options.exceptions.list({ status: 'OPEN', limit: KPI_SCAN_LIMIT }),
      this.options.feedAges(),
      this.options.bus.stats(STEPS_TOPIC, 'process'),
      Promise.all(this.overdueSources.map((source) => source())).then((lists) => lists.flat()),
    ]);

    const partners: PartnerKpis[] = [...countBy(records, (record) => record.source.partnerId).entries()]
      .map(([partnerId, orders]) => {
        const own = records.filter((record) => record.source.partnerId === partnerId);
        const failedValidation = own.filter((record) => record.status === 'REJECTED' || record.lines.some((line) => line.status === 'REJECTED')).length;
        return { partnerId, orders, failedValidation, validationFailureRate: Math.round((failedValidation / orders) * 10_000) / 10_000 };
      })
      .sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1));

    return {
      window: { from: from.toISOString(), to: to.toISOString(), orders: records.length, truncated },
      latency: {
        receivedToPosted: latency(records.map((record) => secondsTo(record, POSTED_OR_LATER)).filter((value): value is number => value !== undefined)),
        receivedToShipped: latency(records.map((record) => secondsTo(record, SHIPPED_OR_LATER)).filter((value): value is number => value !== undefined)),
      },
      ordersByStatus: [...countBy(records, (record) => record.status).entries()].map(([status, count]) => ({ status: status as OrderStatus, count })).sort((a, b) => b.count - a.count),
      delayedOrders: views.filter((order) => order.delayed).length,
      exceptions: {
        open: openExceptions.length,
        byStep: [...countBy(openExceptions, (exception) => exception.step).entries()].map(([step, count]) => ({ step, count })),
        byPartner: [...countBy(openExceptions, (exception) => exception.partnerId).entries()].map(([partnerId, count]) => ({ partnerId, count })),
      },
      partners,
      documents: {
        acknowledgements: records.filter((record) => record.acknowledgement).length,
        shipmentNotices: records.reduce((sum, record) => sum + (record.wms?.shipmentIds.length ?? 0), 0),
        invoices: records.reduce((sum, record) => sum + (record.erp?.invoiceNumbers?.length ?? 0), 0),
      },
      inventoryFeeds: feeds,
      overdueDocuments: [...countBy(overdue, (document) => JSON.stringify([document.channel, document.partnerId])).entries()]
        .map(([key, count]) => {
          const [channel, partnerId] = JSON.parse(key) as [string, string];
          return { channel, partnerId, count };
        })
        .sort((a, b) => (a.channel + a.partnerId < b.channel + b.partnerId ? -1 : 1)),
      platforms: this.options.circuits.map((circuit) => ({ platform: circuit.platform, circuit: circuit.state(), openings: circuit.opened() })),
      workflow: { pendingSteps: steps.pending, scheduledSteps: steps.scheduled, deadLettered: steps.deadLettered },
    };
  }

  /** Orders received in the last `windowHours` per current status: the `ordersByStatus` of kpis() alone (for /metrics). */
  async ordersByStatus(windowHours: number): Promise<Array<{ status: string; count: number }>> {
    const to = (this.options.clock ?? (() => new Date()))();
    const { records } = await this.recent(new Date(to.getTime() - windowHours * 3_600_000));
    return [...countBy(records, (record) => record.status).entries()].map(([status, count]) => ({ status, count }));
  }

  /** Open exceptions now per failed step (up to KPI_SCAN_LIMIT), as kpis() counts them. */
  async openExceptions(): Promise<Array<{ step: string; count: number }>> {
    const open = await this.options.exceptions.list({ status: 'OPEN', limit: KPI_SCAN_LIMIT });
    return [...countBy(open, (exception) => exception.step).entries()].map(([step, count]) => ({ step, count }));
  }

  private async recent(from: Date): Promise<{ records: OrderRecord[]; truncated: boolean }> {
    const records: OrderRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.store.search({ receivedAfter: from, limit: PAGE, ...(cursor ? { cursor } : {}) });
      records.push(...page.records);
      cursor = page.nextCursor;
    } while (cursor && records.length < KPI_SCAN_LIMIT);
    return { records: records.slice(0, KPI_SCAN_LIMIT), truncated: cursor !== undefined };
  }
}
