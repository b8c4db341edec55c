/** Shared set-up of the ERP system API tests: a real sandbox ERP, an adapter pointed at it, and its controls. */
import { createErpAdapter } from '../../../apis/system/erp/adapters';
import type { ErpAdapter } from '../../../apis/system/erp/adapters/erp-adapter';
import type { ErpConnection } from '../../../gateway/config/schema';
import { startSandboxErp, type SandboxErpOptions } from '../../../sandbox/erp/server';
import type { SandboxServer } from '../../../sandbox/types';
import { ErpSandboxControls } from '../../support/sandbox-controls';

export const ODATA_ROOT = '/sap/opu/odata/sap';

/** Short timeouts and backoff: failure tests stay well under a second or two each. */
export function connectionTo(erp: SandboxServer, overrides: Partial<ErpConnection> = {}): ErpConnection {
  return {
    baseUrl: `${erp.url}${ODATA_ROOT}`,
    timeoutMs: 400,
    retries: 2,
    retryBaseDelayMs: 5,
    username: 'SANDBOX',
    password: 'sandbox',
    sapClient: '100',
    salesOrganization: '1010',
    distributionChannel: '10',
    division: '00',
    production: false,
    plants: ['1010', '1020', '1030'],
    ...overrides,
  };
}

export interface ErpFixture {
  erp: SandboxServer;
  controls: ErpSandboxControls;
  adapter: ErpAdapter;
}

export async function startErpFixture(options: SandboxErpOptions = {}, overrides: Partial<ErpConnection> = {}): Promise<ErpFixture> {
  const erp = await startSandboxErp(options);
  return { erp, controls: new ErpSandboxControls(erp), adapter: createErpAdapter(connectionTo(erp, overrides)) };
}

/** Resolves when `predicate` holds, polling; fails after `timeoutMs`. */
export async function eventually(predicate: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
