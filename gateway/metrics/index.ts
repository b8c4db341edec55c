/**
 * The metrics of one gateway instance, assembled from configuration: its own registry, the request observer (HTTP
 * metrics, policy decisions, per-minute activity), the deprecated-calls counter, the platform-client hook, the
 * workflow gauges, and where /metrics is served. The runtime wires each piece where it belongs.
 *
 * With `metrics.enabled: false` nothing is registered and /metrics is not served; the per-minute activity is still
 * recorded, because the operations API's activity series is a released contract.
 */
import cluster from 'node:cluster';
import type { RequestHandler } from 'express';
import type { GatewayConfig } from '../config';
import type { Logger } from '../logger';
import type { UsageStore } from '../state/ports';
import type { SharedState } from '../state/setup';
import { createDeprecatedCallsCounter } from './deprecated-calls';
import { authenticatedMetricsRoute, startMetricsServer, type MetricsServer } from './metrics-endpoint';
import { createPolicyDecisionMetrics } from './policy-decisions';
import { createMetricsRegistry, exposeToClusterPrimary, type MetricsRegistry } from './registry';
import { createRequestActivity, type RequestActivity } from './request-activity';
import { createRequestMetrics } from './request-metrics';
import { createRequestObserver, type OperationOf } from './request-observer';
import { createUpstreamMetrics, type PlatformClientInstrument } from './upstream-metrics';
import { registerWorkflowGauges, type WorkflowSources } from './workflow-gauges';

export { attributeFailures } from './policy-decisions';
export { exposeToClusterPrimary } from './registry';
export type { RequestActivity } from './request-activity';

export interface GatewayMetrics {
  /** Absent when `metrics.enabled` is false. */
  readonly registry?: MetricsRegistry;
  /** The per-minute API activity of the operations page (recorded whether metrics are on or not). */
  readonly activity: RequestActivity;
  /** For createPlatformClient's `instrument` (ERP and WMS adapters); absent when metrics are off. */
  readonly instrumentPlatformClient?: PlatformClientInstrument;
  /** The usage store the lifecycle policy records deprecated calls in, counting them too. */
  countDeprecatedCalls(usage: UsageStore): UsageStore;
  /** The `metrics` request policy. */
  requestObserver(operationOf: OperationOf): RequestHandler;
  /** Registers the collect-time gauges of the process tier. */
  watchWorkflow(sources: WorkflowSources): void;
  /** The main port's /metrics route, or undefined when metrics are off or served on their own port. */
  mainPortRoute(authentication: RequestHandler): RequestHandler[] | undefined;
  /** Opens the separate metrics port, when `metrics.port` is set; its URL. */
  listen(): Promise<string | undefined>;
  /** Closes the metrics port and flushes the activity one last time. */
  close(): Promise<void>;
}

export function createGatewayMetrics(options: { config: GatewayConfig; logger: Logger; state: SharedState }): GatewayMetrics {
  const { config, logger, state } = options;
  const settings = config.metrics;
  const activity = createRequestActivity({
    ...(state.redis ? { redis: state.redis } : {}),
    keyPrefix: state.keyPrefix,
    flushIntervalMs: settings.activityFlushIntervalMs,
    logger,
  });
  const registry = settings.enabled ? createMetricsRegistry() : undefined;
  // A WORKERS=n worker: the primary serves the scrape, summed over the workers (gateway/cluster.ts).
  const servedByPrimary = cluster.isWorker && process.env.GATEWAY_WORKER !== undefined;
  if (registry && servedByPrimary) exposeToClusterPrimary(registry);
  const requests = registry ? createRequestMetrics(registry) : undefined;
  const decisions = registry ? createPolicyDecisionMetrics(registry) : undefined;
  const countDeprecated = registry ? createDeprecatedCallsCounter(registry) : undefined;
  let server: MetricsServer | undefined;

  return {
    registry,
    activity,
    ...(registry ? { instrumentPlatformClient: createUpstreamMetrics(registry) } : {}),
    countDeprecatedCalls: (usage) => (countDeprecated ? countDeprecated(usage) : usage),
    requestObserver: (operationOf) => createRequestObserver({ operationOf, activity, ...(requests ? { requests } : {}), ...(decisions ? { decisions } : {}) }),
    watchWorkflow(sources) {
      if (registry) registerWorkflowGauges(registry, sources, { logger });
    },
    mainPortRoute: (authentication) => (registry && settings.port === undefined ? authenticatedMetricsRoute(registry, authentication) : undefined),
    async listen() {
      if (!registry || settings.port === undefined || servedByPrimary) return undefined;
      server = await startMetricsServer({ registry, host: settings.host, port: settings.port, limits: config.server, logger });
      logger.info('metrics served on their own port', { url: `${server.url}/metrics` });
      return server.url;
    },
    async close() {
      await server?.close();
      await activity.close();
    },
  };
}
