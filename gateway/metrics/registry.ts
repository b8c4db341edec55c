/**
 * One prom-client registry per gateway instance, never prom-client's global default registry: tests start several
 * gateways in one process, and each must count only its own requests. Node's process metrics (CPU, memory, event
 * loop lag, GC) come with it.
 *
 * node:cluster (`WORKERS=n`, gateway/cluster.ts) needs nothing else from this design: each worker hands its registry to
 * `exposeToClusterPrimary`, and the primary answers scrapes from an AggregatorRegistry (it
 * sums counters and histograms across workers; gauges say how they combine with `aggregator`).
 */
import { AggregatorRegistry, collectDefaultMetrics, Registry, type PrometheusContentType } from 'prom-client';

export type MetricsRegistry = Registry<PrometheusContentType>;

export function createMetricsRegistry(): MetricsRegistry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** In a cluster worker: makes this registry the one the primary's AggregatorRegistry asks for (instead of the global one). */
export function exposeToClusterPrimary(registry: MetricsRegistry): void {
  AggregatorRegistry.setRegistries([registry]);
  // prom-client installs the worker's answer to the primary's requests only in AggregatorRegistry's constructor
  // (lib/cluster.js addListeners); without one the primary's scrape times out after 5 s.
  new AggregatorRegistry();
}
