/**
 * The sandbox ERP and WMS in a process of their own, so the tier-hop baseline (a direct call to the sandbox) and the
 * gateway's calls reach the same servers, and neither shares an event loop with the gateway or the load generator.
 * The ERP runs its duplicate PO check as a warning (as reliability.test.ts does): a duplicate the gateway let
 * through would be created, and counted.
 */
import { startSandboxErp } from '../../sandbox/erp/server';
import { startSandboxWms } from '../../sandbox/wms/server';
import { announceReady } from '../lib/child';
import { benchConfig, benchEnvironment } from '../lib/bench-config';

export interface SandboxInfo {
  erpUrl: string;
  wmsUrl: string;
}

async function main(): Promise<void> {
  const config = benchConfig(benchEnvironment());
  const erp = await startSandboxErp({
    port: 0,
    credentials: { username: config.platforms.erp.username, password: config.platforms.erp.password },
    billingDelayMs: config.sandbox.billingDelayMs,
    duplicatePurchaseOrders: 'warning',
  });
  const wms = await startSandboxWms({ port: 0, apiToken: config.platforms.wms.apiToken, shipDelayMs: config.sandbox.shipDelayMs });
  const info: SandboxInfo = { erpUrl: erp.url, wmsUrl: wms.url };
  announceReady(info, async () => {
    await Promise.all([erp.close(), wms.close()]);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
