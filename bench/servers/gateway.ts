/**
 * A whole gateway as `npm start` runs it (gateway/runtime.ts startGateway), on the bench configuration and Redis,
 * pointed at the sandboxes of bench/servers/sandbox.ts (ERP and WMS URLs in BENCH_ERP_URL, BENCH_WMS_URL).
 * BENCH_GATEWAY_OVERRIDES may hold JSON merged over the configuration (the order scenario's workflow settings).
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { mergeConfig } from '../../gateway/config';
import { createLogger } from '../../gateway/logger';
import { startGateway } from '../../gateway/runtime';
import { announceReady } from '../lib/child';
import { startControlServer } from '../lib/control-server';
import { benchConfig, benchEnvironment } from '../lib/bench-config';

export interface GatewayInfo {
  url: string;
  /** The control port (bench/lib/control-server.ts): CPU time and in-process profiles. */
  controlUrl: string;
}

async function main(): Promise<void> {
  const bench = benchEnvironment();
  const { BENCH_ERP_URL, BENCH_WMS_URL } = process.env;
  if (!BENCH_ERP_URL || !BENCH_WMS_URL) throw new Error('BENCH_ERP_URL and BENCH_WMS_URL must be set');
  const dataDir = path.join(bench.BENCH_DATA_DIR, `gateway-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  const overrides = JSON.parse(process.env.BENCH_GATEWAY_OVERRIDES ?? '{}') as Record<string, unknown>;
  const config = benchConfig(
    { ...bench, BENCH_DATA_DIR: dataDir },
    mergeConfig(overrides, {
      sandbox: { enabled: false },
      platforms: { erp: { baseUrl: `${BENCH_ERP_URL}/sap/opu/odata/sap` }, wms: { baseUrl: BENCH_WMS_URL } },
    }),
  );
  const logFile = createWriteStream(path.join(dataDir, 'app.log'));
  const logger = createLogger({ level: config.log.level, redactKeys: config.log.redactKeys, stream: logFile });
  const gateway = await startGateway(config, { logger, env: {}, version: 'bench' });
  const control = await startControlServer(dataDir);
  const info: GatewayInfo = { url: gateway.url, controlUrl: control.url };
  announceReady(info, async () => {
    await gateway.stop();
    await control.close();
    logFile.end();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
