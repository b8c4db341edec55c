/**
 * The `metrics` configuration section and its defaults: zod only, so gateway/config/schema.ts can include it without
 * importing prom-client (or the configuration loader back).
 */
import { z } from 'zod';

export const DEFAULTS = {
  enabled: true,
  host: '127.0.0.1',
  activityFlushIntervalMs: 5000,
};

/** The `metrics` configuration section. */
export const metricsSchema = z
  .object({
    /**
     * Serve Prometheus metrics at `GET /metrics` and record them. Default true. (The operations API's per-minute
     * activity is recorded either way: it is part of a released contract, not of the metrics.)
     */
    enabled: z.boolean().default(DEFAULTS.enabled),
    /**
     * A separate port for `GET /metrics`, unauthenticated, bound to `metrics.host`; the main port then has no
     * `/metrics`. Absent (the default): `/metrics` is on the main port and needs an access token with
     * `operations.read`. 0 picks a free port. Env: METRICS_PORT.
     */
    port: z.number().int().min(0).max(65535).optional(),
    /**
     * Interface the separate metrics port binds to. Default 127.0.0.1: whoever reaches that port reads the metrics
     * without a token, so open it (0.0.0.0) only on a network where only the scraper gets in. Env: METRICS_HOST.
     */
    host: z.string().min(1).default(DEFAULTS.host),
    /**
     * How often each instance adds its per-minute request counts to Redis (one pipelined call), in milliseconds,
     * when `state.redisUrl` is set: the operations activity of several instances adds up there. Default 5000.
     */
    activityFlushIntervalMs: z.number().int().min(50).max(60_000).default(DEFAULTS.activityFlushIntervalMs),
  })
  .strict();

export type MetricsConfig = z.infer<typeof metricsSchema>;
