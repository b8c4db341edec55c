/**
 * Upstream platform calls: `gateway_upstream_request_duration_seconds{platform, method, outcome}` per attempt (a
 * retry is another attempt) and `gateway_upstream_errors_total{platform, method, outcome}` for the attempts that
 * failed on the platform's side (5xx, 429, timeouts, refused or reset connections). A 4xx is the platform answering,
 * not failing: it is an outcome of the histogram, not an error.
 *
 * Installed through createPlatformClient's `instrument` hook, before its retries, so each attempt is seen once with
 * the platform's own answer.
 */
import { AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import { Counter, Histogram } from 'prom-client';
import type { MetricsRegistry } from './registry';
import { DURATION_BUCKETS_SECONDS } from './request-metrics';

export type UpstreamOutcome = 'success' | 'client_error' | 'throttled' | 'server_error' | 'timeout' | 'network_error' | 'canceled';

const ERROR_OUTCOMES: ReadonlySet<UpstreamOutcome> = new Set(['throttled', 'server_error', 'timeout', 'network_error']);

export function outcomeOf(statusOrError: number | unknown): UpstreamOutcome {
  if (typeof statusOrError === 'number') {
    if (statusOrError < 400) return 'success';
    if (statusOrError === 429) return 'throttled';
    return statusOrError >= 500 ? 'server_error' : 'client_error';
  }
  if (statusOrError instanceof AxiosError) {
    if (statusOrError.response) return outcomeOf(statusOrError.response.status);
    if (statusOrError.code === AxiosError.ERR_CANCELED) return 'canceled';
    if (statusOrError.code === 'ECONNABORTED' || statusOrError.code === 'ETIMEDOUT' || statusOrError.code === AxiosError.ETIMEDOUT) return 'timeout';
  }
  return 'network_error';
}

export type PlatformClientInstrument = (client: AxiosInstance, platform: string) => void;

export function createUpstreamMetrics(registry: MetricsRegistry): PlatformClientInstrument {
  const duration = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Duration of each attempt of a call to a platform (ERP, WMS), by method and outcome',
    labelNames: ['platform', 'method', 'outcome'] as const,
    buckets: DURATION_BUCKETS_SECONDS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'gateway_upstream_errors_total',
    help: 'Attempts of calls to a platform that failed on its side (5xx, 429, timeout, connection), by method and outcome',
    labelNames: ['platform', 'method', 'outcome'] as const,
    registers: [registry],
  });

  return (client, platform) => {
    // Per attempt: a retry sends a fresh config object through the interceptors again.
    const started = new WeakMap<InternalAxiosRequestConfig, bigint>();
    const observe = (config: InternalAxiosRequestConfig | undefined, outcome: UpstreamOutcome): void => {
      const start = config ? started.get(config) : undefined;
      if (!config || start === undefined) return;
      started.delete(config);
      const labels = { platform, method: (config.method ?? 'get').toUpperCase(), outcome };
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
      if (ERROR_OUTCOMES.has(outcome)) errors.inc(labels);
    };
    client.interceptors.request.use((config) => {
      started.set(config, process.hrtime.bigint());
      return config;
    });
    client.interceptors.response.use(
      (response) => {
        observe(response.config, outcomeOf(response.status));
        return response;
      },
      (error: unknown) => {
        observe(error instanceof AxiosError ? error.config : undefined, outcomeOf(error));
        throw error;
      },
    );
  };
}
