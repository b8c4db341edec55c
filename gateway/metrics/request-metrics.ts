/**
 * HTTP request metrics: `gateway_http_requests_total` and `gateway_http_request_duration_seconds`, labelled by the
 * API version and the spec's operation name, never by the raw path (a path holds order ids: one series per order
 * would exhaust Prometheus). Requests outside any API (portal, health, /metrics, unknown routes) are tier="none",
 * operation="unmatched".
 */
import { Counter, Histogram } from 'prom-client';
import type { MetricsRegistry } from './registry';

/**
 * Request durations in seconds, 1 ms (a cached answer or a refusal by a policy) to 10 s (the longest platform timeout
 * plus a retry): a gateway's answers spread over four orders of magnitude.
 */
export const DURATION_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The labels of a request outside any API version. */
export const OUTSIDE_API = Object.freeze({ tier: 'none', api: 'none', version: 'none' });
export const UNMATCHED_OPERATION = 'unmatched';

export interface RequestSample {
  tier: string;
  api: string;
  /** `v2`, or `none`. */
  version: string;
  /** The spec's operation name (`GET /process/orders/v2/orders/{orderId}`), or `unmatched`. */
  operation: string;
  status: number;
  /** The caller's client plan, or `none` before (or without) authentication. */
  plan: string;
  seconds: number;
}

export interface RequestMetrics {
  observe(sample: RequestSample): void;
}

export function createRequestMetrics(registry: MetricsRegistry): RequestMetrics {
  const requests = new Counter({
    name: 'gateway_http_requests_total',
    help: 'HTTP requests answered, by API version, operation (the spec’s name), status code and client plan',
    labelNames: ['tier', 'api', 'version', 'operation', 'status', 'plan'] as const,
    registers: [registry],
  });
  // The status class, not the code, on the histogram: every code would multiply its 14 series per operation.
  const duration = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by API version, operation, status class and client plan',
    labelNames: ['tier', 'api', 'version', 'operation', 'status_class', 'plan'] as const,
    buckets: DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });
  return {
    observe(sample) {
      const { tier, api, version, operation, plan } = sample;
      requests.inc({ tier, api, version, operation, status: String(sample.status), plan });
      duration.observe({ tier, api, version, operation, status_class: `${Math.floor(sample.status / 100)}xx`, plan }, sample.seconds);
    },
  };
}
