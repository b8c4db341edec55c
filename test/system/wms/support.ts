/** Shared set-up of the WMS system API tests: a real sandbox WMS, an adapter pointed at it, its controls, the API app. */
import type { Express } from 'express';
import { createWmsAdapter } from '../../../apis/system/wms/adapters';
import type { WmsAdapter } from '../../../apis/system/wms/adapters/wms-adapter';
import { createControllers } from '../../../apis/system/wms/v1';
import type { OrderReleaseCreate } from '../../../apis/system/wms/v1/models';
import type { WmsConnection } from '../../../gateway/config/schema';
import { gs1CheckDigit } from '../../../sandbox/seed/distributor';
import { startSandboxWms, type SandboxWmsOptions } from '../../../sandbox/wms/server';
import type { SandboxServer } from '../../../sandbox/types';
import { createApiTestApp } from '../../support/api-app';
import { WmsSandboxControls } from '../../support/sandbox-controls';

export const BASE = '/system/wms/v1';

/** Short timeouts and backoff: failure tests stay well under a second each. */
export function connectionTo(wms: SandboxServer, overrides: Partial<WmsConnection> = {}): WmsConnection {
  return {
    baseUrl: wms.url,
    timeoutMs: 400,
    retries: 2,
    retryBaseDelayMs: 5,
    apiToken: 'sandbox-wms-token',
    channelId: '100',
    ...overrides,
  };
}

export interface WmsFixture {
  wms: SandboxServer;
  adapter: WmsAdapter;
  controls: WmsSandboxControls;
  app: Express;
}

export async function startWmsFixture(connection: Partial<WmsConnection> = {}, sandbox: SandboxWmsOptions = {}): Promise<WmsFixture> {
  const wms = await startSandboxWms({ shipDelayMs: 60_000, ...sandbox });
  const adapter = createWmsAdapter(connectionTo(wms, connection));
  return { wms, adapter, controls: new WmsSandboxControls(wms), app: createApiTestApp('system/wms/v1', createControllers({ wms: adapter })) };
}

export function release(overrides: Partial<OrderReleaseCreate> = {}): OrderReleaseCreate {
  return {
    salesOrderNumber: '1000001',
    customerPurchaseOrderNumber: 'PO-4711',
    shipTo: { name: 'Globex Facilities Group - Main DC', lines: ['4951 Logistics Way', 'Dock 4'], city: 'Columbus', region: 'OH', postalCode: '43215', country: 'US' },
    warehouse: '1010',
    requestedShipDate: '2026-12-01',
    lines: [
      { lineNumber: '00010', material: 'TG-10001', quantity: { value: '2', uom: 'CS' } },
      { lineNumber: 'A-20', material: 'TG-10002', quantity: { value: '5', uom: 'EA' } },
    ],
    ...overrides,
  };
}

export function isValidSscc(value: unknown): boolean {
  return typeof value === 'string' && /^\d{18}$/.test(value) && gs1CheckDigit(value.slice(0, 17)) === value.slice(17);
}
