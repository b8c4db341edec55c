/**
 * `npm start`: loads the configuration, starts the gateway (and, on the embedded default, the sandbox ERP and
 * WMS), prints where the portal is, and shuts down cleanly on SIGINT/SIGTERM. A configuration mistake stops the
 * start with a message naming the key.
 */
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
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
  const gateway = await startGateway(config, { logger });
  const platforms = config.sandbox.enabled
    ? `sandbox ERP ${gateway.sandboxes.erp?.url}, sandbox WMS ${gateway.sandboxes.wms?.url}`
    : `ERP ${gateway.config.platforms.erp.baseUrl}, WMS ${gateway.config.platforms.wms.baseUrl}`;
  console.log(`distribution-gateway listening on ${gateway.url} (${platforms})`);
  console.log(`Developer portal: ${gateway.portalUrl}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    gateway.stop().then(
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
