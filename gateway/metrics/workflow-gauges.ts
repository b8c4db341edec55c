/**
 * Gauges read when Prometheus scrapes (prom-client `collect()` callbacks), from what the process tier already
 * exposes: each platform's circuit breaker, the event bus's queues per topic and consumer group, the exceptions
 * queue and the recent orders per status.
 *
 * A scrape every 15 s must stay cheap: circuits are in memory; bus counts are a few Redis commands, bounded by a
 * timeout; open exceptions and orders per status exist only as scans (up to 20,000 orders), so they are read at most
 * once per `scanCacheMs` (30 s) and served from the last reading in between. A reading that fails or times out
 * leaves its gauge without samples for that scrape (and is logged): an absent series, not a wrong zero.
 *
 * `aggregator` says how a node:cluster primary would combine workers: their circuits differ (max: any open one
 * shows); the bus, the exceptions and the orders are shared state every worker reads alike (max, not sum).
 */
import { Gauge } from 'prom-client';
import type { BusStats } from '../events/ports';
import type { CircuitState, PlatformCircuit } from '../http/circuit-breaker';
import type { Logger } from '../logger';
import type { MetricsRegistry } from './registry';

export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitState, number>> = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 };

export interface BusConsumer {
  topic: string;
  group: string;
}

export interface WorkflowSources {
  circuits: readonly PlatformCircuit[];
  bus: { stats(topic: string, group: string): Promise<BusStats> };
  /** The topics and consumer groups whose queues are reported. */
  consumers: readonly BusConsumer[];
  /** Orders received recently per current status (a scan: cached). */
  ordersByStatus: () => Promise<ReadonlyArray<{ status: string; count: number }>>;
  /** Open exceptions now per failed step (a scan: cached). */
  openExceptions: () => Promise<ReadonlyArray<{ step: string; count: number }>>;
}

export interface WorkflowGaugeOptions {
  logger: Logger;
  /** How long a scan's reading is served before the next scrape reads again, in milliseconds. Default 30000. */
  scanCacheMs?: number;
  /** Longest a scrape waits for one reading, in milliseconds. Default 2000. */
  readTimeoutMs?: number;
  clock?: () => number;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A reading served from cache for `ttlMs`; concurrent scrapes share one read. */
export function cachedReading<T>(read: () => Promise<T>, ttlMs: number, clock: () => number): () => Promise<T> {
  let value: { at: number; value: T } | undefined;
  let inFlight: Promise<T> | undefined;
  return async () => {
    if (value && clock() - value.at < ttlMs) return value.value;
    inFlight ??= read()
      .then((result) => {
        value = { at: clock(), value: result };
        return result;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

export function registerWorkflowGauges(registry: MetricsRegistry, sources: WorkflowSources, options: WorkflowGaugeOptions): void {
  const { logger } = options;
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.readTimeoutMs ?? 2000;
  const scanCacheMs = options.scanCacheMs ?? 30_000;
  const ordersByStatus = cachedReading(sources.ordersByStatus, scanCacheMs, clock);
  const openExceptions = cachedReading(sources.openExceptions, scanCacheMs, clock);

  /** Runs a reading for a scrape; a failure is logged and leaves the gauge empty. */
  const read = async <T>(what: string, reading: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await withTimeout(reading(), timeoutMs, what);
    } catch (error) {
      logger.warn('metrics: a gauge could not be read for this scrape', { gauge: what, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };

  new Gauge({
    name: 'gateway_circuit_breaker_state',
    help: 'Circuit breaker of each platform the workflow calls: 0 closed, 1 half-open, 2 open',
    labelNames: ['platform'] as const,
    registers: [registry],
    aggregator: 'max',
    collect() {
      for (const circuit of sources.circuits) this.set({ platform: circuit.platform }, CIRCUIT_STATE_VALUES[circuit.state()]);
    },
  });

  // The three bus gauges are collected one after the other in a scrape: they share one reading per consumer.
  const busReadings = new Map(
    sources.consumers.map((consumer) => [consumer, cachedReading(() => sources.bus.stats(consumer.topic, consumer.group), 1000, clock)] as const),
  );
  const statsOf = (consumer: BusConsumer): Promise<BusStats | undefined> => read(`event bus ${consumer.topic}/${consumer.group}`, busReadings.get(consumer)!);
  const busGauge = (name: string, help: string, field: keyof BusStats) =>
    new Gauge({
      name,
      help,
      labelNames: ['topic', 'group'] as const,
      registers: [registry],
      aggregator: 'max',
      async collect() {
        this.reset();
        const readings = await Promise.all(sources.consumers.map(async (consumer) => [consumer, await statsOf(consumer)] as const));
        for (const [consumer, stats] of readings) if (stats) this.set({ topic: consumer.topic, group: consumer.group }, stats[field]);
      },
    });
  busGauge('gateway_event_bus_pending_messages', 'Event bus messages waiting for a consumer group or in flight in it (its lag)', 'pending');
  busGauge('gateway_event_bus_scheduled_messages', 'Event bus messages not deliverable yet: delayed publishes and retries waiting for their backoff', 'scheduled');
  busGauge('gateway_event_bus_dead_lettered_messages', 'Event bus messages a consumer group gave up on after repeated failures, since the topic began', 'deadLettered');

  /**
   * A labelled gauge read from a scan: reset at each scrape (a failed reading leaves no samples, not a wrong 0), and
   * a label value once seen stays as 0 rather than vanishing, so an alert on it does not go quiet when it empties.
   */
  const countsGauge = <L extends string>(name: string, help: string, label: L, reading: () => Promise<ReadonlyArray<Record<L, string> & { count: number }>>) => {
    const seen = new Set<string>();
    return new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      aggregator: 'max',
      async collect() {
        this.reset();
        const counts = await read(name, reading);
        if (!counts) return;
        for (const entry of counts) seen.add(entry[label]);
        for (const value of seen) this.set({ [label]: value } as Partial<Record<L, string>>, counts.find((entry) => entry[label] === value)?.count ?? 0);
      },
    });
  };
  countsGauge('gateway_exceptions_open', 'Open exceptions in the workflow’s exceptions queue per failed step (read at most every 30 s)', 'step', openExceptions);
  countsGauge(
    'gateway_orders_by_status',
    'Orders received in the last 24 hours (at most 20,000, newest first) per current status (read at most every 30 s)',
    'status',
    ordersByStatus,
  );
}
