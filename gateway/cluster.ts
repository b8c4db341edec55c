/**
 * `WORKERS=n`: n worker processes share the gateway's port (node:cluster hands each connection to one of them), so
 * one instance uses every core. The primary serves no API itself; it prepares what the workers must share and then
 * supervises them:
 *
 * - The embedded sandboxes run once, in the primary. In a worker each would be a separate in-memory ERP behind the
 *   same shared port, and an order posted to one would be missing from the next.
 * - The built-in issuer's signing key is created (or read) before the first fork, so the workers never race to
 *   create it and every worker accepts every other's tokens.
 * - Each worker writes its own audit file (`audit.log` → `audit-worker-2.log`): the writer vouches for a file's
 *   chain only when it is the file's one writer, and `npm run audit:verify` checks each file.
 * - Limits, idempotency, orders and the event bus live in Redis, as between instances: without `state.redisUrl`
 *   the start is refused rather than n gateways each counting their own share of a plan.
 * - /metrics is served by the primary on `metrics.port`, summed over the workers (prom-client's AggregatorRegistry
 *   asks each worker over IPC); on the main port a scrape would only see the worker that took the connection.
 *
 * A worker that dies is replaced (after a pause that grows while workers keep dying, so a crash loop does not spin).
 * SIGTERM/SIGINT to the primary stops the workers gracefully (each drains as a single gateway does), then the
 * sandboxes.
 */
import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import path from 'node:path';
import { PROJECT_ROOT } from '../openapi/catalog';
import { loadOrCreateSigningKey } from './auth/signing-key';
import { AggregatorRegistry, type PrometheusContentType } from 'prom-client';
import { ConfigError, type GatewayConfig } from './config';
import { startMetricsServer, type MetricsServer } from './metrics/metrics-endpoint';
import type { Logger } from './logger';
import { startSandboxes } from './runtime';

/** How long the primary waits for a worker to drain after SIGTERM before it kills it, in milliseconds. */
const WORKER_STOP_TIMEOUT_MS = 20_000;
const RESTART_MIN_DELAY_MS = 500;
const RESTART_MAX_DELAY_MS = 10_000;

export interface RunningCluster {
  /** The port the workers share. */
  port: number;
  /** Where the primary serves /metrics, summed over the workers (`metrics.port`). */
  metricsUrl?: string;
  workers(): Worker[];
  stop(): Promise<void>;
}

/** `audit/audit.log` → `audit/audit-worker-2.log`. */
export function workerAuditFile(file: string, workerNumber: number): string {
  const extension = path.extname(file);
  return `${file.slice(0, file.length - extension.length)}-worker-${workerNumber}${extension}`;
}

/** What a worker tells the primary once its gateway serves requests (gateway/main.ts sends it). */
export interface WorkerReady {
  type: 'gateway-ready';
  port: number;
}

export function isWorkerReady(message: unknown): message is WorkerReady {
  return typeof message === 'object' && message !== null && (message as WorkerReady).type === 'gateway-ready' && typeof (message as WorkerReady).port === 'number';
}

/** Resolves with the worker's port once its gateway is ready; rejects if it exits first. */
function readyPort(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isWorkerReady(message)) return;
      worker.off('exit', onExit);
      worker.off('message', onMessage);
      resolve(message.port);
    };
    const onExit = () => {
      worker.off('message', onMessage);
      reject(new Error('a gateway worker exited before it was ready (its log says why)'));
    };
    worker.on('message', onMessage);
    worker.once('exit', onExit);
  });
}

export function assertClusterable(config: GatewayConfig): void {
  if (config.server.workers > 1 && !config.state.redisUrl) {
    throw new ConfigError(
      `server.workers: ${config.server.workers} workers need shared state; set state.redisUrl (REDIS_URL), or run one worker (limits, idempotency, orders and the event bus would otherwise be counted per worker)`,
    );
  }
  // On the main port a scrape would reach whichever worker took the connection and see its share only.
  if (config.server.workers > 1 && config.metrics.enabled && config.metrics.port === undefined) {
    throw new ConfigError(
      `server.workers: with ${config.server.workers} workers /metrics is served by the primary on a port of its own, summed over the workers; set metrics.port (METRICS_PORT), or metrics.enabled: false`,
    );
  }
}

/** Environment overrides that make a worker use what the primary prepared instead of starting its own. */
function workerEnvironment(config: GatewayConfig, workerNumber: number): Record<string, string> {
  return {
    GATEWAY_WORKER: String(workerNumber),
    SANDBOX: 'false',
    ...(config.platforms.erp.baseUrl ? { ERP_BASE_URL: config.platforms.erp.baseUrl } : {}),
    ...(config.platforms.wms.baseUrl ? { WMS_BASE_URL: config.platforms.wms.baseUrl } : {}),
    AUDIT_FILE: workerAuditFile(config.audit.file, workerNumber),
  };
}

export async function startCluster(initialConfig: GatewayConfig, logger: Logger): Promise<RunningCluster> {
  assertClusterable(initialConfig);
  const { config, sandboxes } = await startSandboxes(initialConfig);
  const closeSandboxes = async () => {
    await Promise.all([sandboxes.erp?.close(), sandboxes.wms?.close()]);
  };
  try {
    if (!config.auth.issuer) await loadOrCreateSigningKey(path.resolve(PROJECT_ROOT, config.server.dataDir, config.auth.signingKeyFile));
  } catch (error) {
    await closeSandboxes();
    throw error;
  }

  const byNumber = new Map<number, Worker>();
  let stopping = false;
  let recentDeaths = 0;

  const fork = (workerNumber: number): Worker => {
    const worker = cluster.fork(workerEnvironment(config, workerNumber));
    byNumber.set(workerNumber, worker);
    worker.once('exit', (code, signal) => {
      if (byNumber.get(workerNumber) === worker) byNumber.delete(workerNumber);
      if (stopping) return;
      recentDeaths += 1;
      const delay = Math.min(RESTART_MIN_DELAY_MS * 2 ** (recentDeaths - 1), RESTART_MAX_DELAY_MS);
      logger.error('gateway worker exited; starting a replacement', { worker: workerNumber, code, signal, restartInMs: delay });
      setTimeout(() => {
        if (stopping) return;
        readyPort(fork(workerNumber)).then(
          () => {
            recentDeaths = Math.max(0, recentDeaths - 1);
          },
          () => undefined,
        );
      }, delay).unref();
    });
    return worker;
  };

  const first = Array.from({ length: config.server.workers }, (_unused, index) => fork(index + 1));
  let port: number;
  try {
    const ports = await Promise.all(first.map((worker) => readyPort(worker)));
    port = ports[0] as number;
  } catch (error) {
    stopping = true;
    for (const worker of byNumber.values()) worker.process.kill('SIGKILL');
    await closeSandboxes();
    throw error;
  }

  let metrics: MetricsServer | undefined;
  if (config.metrics.enabled && config.metrics.port !== undefined) {
    const aggregator = new AggregatorRegistry<PrometheusContentType>();
    metrics = await startMetricsServer({ registry: { metrics: () => aggregator.clusterMetrics(), contentType: aggregator.contentType }, host: config.metrics.host, port: config.metrics.port, limits: config.server, logger });
  }

  return {
    port,
    ...(metrics ? { metricsUrl: metrics.url } : {}),
    workers: () => [...byNumber.values()],
    async stop() {
      stopping = true;
      await metrics?.close();
      await Promise.all(
        [...byNumber.values()].map(async (worker) => {
          if (worker.isDead()) return;
          const exited = once(worker, 'exit');
          const kill = setTimeout(() => worker.process.kill('SIGKILL'), WORKER_STOP_TIMEOUT_MS);
          worker.process.kill('SIGTERM');
          await exited;
          clearTimeout(kill);
        }),
      );
      await closeSandboxes();
    },
  };
}
