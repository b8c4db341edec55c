/**
 * `npm start`: loads the configuration, starts the gateway (and, on the embedded default, the sandbox ERP and
 * WMS), prints where the portal is, and shuts down cleanly on SIGINT/SIGTERM. A configuration mistake stops the
 * start with a message naming the key. `WORKERS=n` (n > 1) runs n worker processes on the port (gateway/cluster.ts).
 */
import cluster from 'node:cluster';
import { startCluster, type WorkerReady } from './cluster';
import { publicHost } from './http/public-host';
import { ConfigError, loadConfig, type GatewayConfig } from './config';
import { createLogger, type Logger } from './logger';
import { startGateway } from './runtime';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`distribution-gateway cannot start: ${error.message}`);
      process.exitCode = 78; // EX_CONFIG
      return;
    }
    throw error;
  }
  const logger = createLogger({ level: config.log.level, redactKeys: config.log.redactKeys });
  if (config.server.workers > 1 && cluster.isPrimary) {
    await runPrimary(config, logger);
    return;
  }
  const gateway = await startGateway(config, { logger });
  if (cluster.isWorker) {
    // The primary prints where the gateway is once every worker says it is ready.
    process.send?.({ type: 'gateway-ready', port: Number(new URL(gateway.url).port) } satisfies WorkerReady);
  } else {
    const platforms = config.sandbox.enabled
      ? `sandbox ERP ${gateway.sandboxes.erp?.url}, sandbox WMS ${gateway.sandboxes.wms?.url}`
      : `ERP ${gateway.config.platforms.erp.baseUrl}, WMS ${gateway.config.platforms.wms.baseUrl}`;
    console.log(`distribution-gateway listening on ${gateway.url} (${platforms})`);
    console.log(`Developer portal: ${gateway.portalUrl}`);
  }
  onStopSignal(logger, () => gateway.stop());
}

/** `WORKERS=n`: the primary prepares the shared pieces, forks the workers and stops them on a signal (gateway/cluster.ts). */
async function runPrimary(config: GatewayConfig, logger: Logger): Promise<void> {
  const running = await startCluster(config, logger);
  const url = config.server.publicUrl ?? `http://${publicHost(config.server.host)}:${running.port}`;
  console.log(`distribution-gateway listening on ${url} with ${config.server.workers} workers (pid ${running.workers().map((worker) => worker.process.pid).join(', ')})`);
  if (running.metricsUrl) console.log(`Metrics (all workers): ${running.metricsUrl}/metrics`);
  console.log(`Developer portal: ${url.replace(/\/$/, '')}/portal/`);
  onStopSignal(logger, () => running.stop());
}

/** SIGINT/SIGTERM: stop gracefully once (in-flight requests and workflow steps finish, the audit log is flushed), then exit. */
function onStopSignal(logger: Logger, stopAll: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    stopAll().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('distribution-gateway failed to start:', error instanceof Error ? error.message : error);
  // Configuration mistakes found while starting (development secrets in production, a foreign key file) are EX_CONFIG too.
  process.exit(error instanceof ConfigError ? 78 : 1);
});
