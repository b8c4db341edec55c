/**
 * `npm run sandbox`: the reference ERP and WMS on their own, so a gateway (or anything else) can be pointed at
 * them by configuration. Ports: SANDBOX_ERP_PORT (default 4010) and SANDBOX_WMS_PORT (default 4020).
 * SANDBOX_ERP_BILLING_DELAY_MS: how long after goods issue the ERP's billing run bills an order (default 0).
 */
import { startSandboxErp } from './erp/server';
import { startSandboxWms } from './wms/server';

async function main(): Promise<void> {
  const erp = await startSandboxErp({
    port: Number(process.env.SANDBOX_ERP_PORT ?? 4010),
    host: process.env.SANDBOX_HOST ?? '127.0.0.1',
    billingDelayMs: Number(process.env.SANDBOX_ERP_BILLING_DELAY_MS ?? 0),
  });
  const wms = await startSandboxWms({ port: Number(process.env.SANDBOX_WMS_PORT ?? 4020), host: process.env.SANDBOX_HOST ?? '127.0.0.1' });
  console.log(`Sandbox ERP (S/4HANA OData V2): ${erp.url}/sap/opu/odata/sap  (HTTP Basic SANDBOX / sandbox)`);
  console.log(`Sandbox WMS (ShipBob-style REST): ${wms.url}/2026-01  (Bearer sandbox-wms-token)`);
  console.log('Point a gateway at them: SANDBOX=false ERP_BASE_URL=... WMS_BASE_URL=... npm start');
  const stop = () => void Promise.all([erp.close(), wms.close()]).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('sandbox failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
