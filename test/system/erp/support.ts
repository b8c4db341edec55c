/** Shared set-up of the ERP system API tests: a real sandbox ERP, an adapter pointed at it, and its controls. */
import assert from 'node:assert/strict';
import { createErpAdapter } from '../../../apis/system/erp/adapters';
import type { ErpAdapter } from '../../../apis/system/erp/adapters/erp-adapter';
import type { ErpConnection } from '../../../gateway/config/schema';
import { startSandboxErp, type SandboxErpOptions } from '../../../sandbox/erp/server';
import type { SandboxServer } from '../../../sandbox/types';

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
    plants: ['1010', '1020', '1030'],
    ...overrides,
  };
}

export interface JournalEntry {
  method: string;
  path: string;
  query: string;
  correlationId: string | null;
  traceparent: string | null;
  status: number | null;
}

/** The sandbox's test controls (`/__sandbox/`), which only tests use. */
export class SandboxControls {
  constructor(readonly erp: SandboxServer) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.erp.url}/__sandbox${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    assert.ok(response.ok, `sandbox control ${method} ${path} answered ${response.status}`);
    return response.status === 204 ? undefined : response.json();
  }

  reset(): Promise<unknown> {
    return this.call('POST', '/reset');
  }

  faults(settings: { latencyMs?: number; failNext?: number; failStatus?: number }): Promise<unknown> {
    return this.call('POST', '/faults', settings);
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }

  bill(salesOrder: string): Promise<unknown> {
    return this.call('POST', `/orders/${salesOrder}/bill`);
  }

  /** Requests the ERP received, oldest first, optionally only those whose path contains `pathPart`. */
  async requests(pathPart = ''): Promise<JournalEntry[]> {
    const { requests } = (await this.call('GET', '/requests?limit=200')) as { requests: JournalEntry[] };
    return requests.filter((entry) => entry.path.includes(pathPart)).reverse();
  }
}

export interface ErpFixture {
  erp: SandboxServer;
  controls: SandboxControls;
  adapter: ErpAdapter;
}

export async function startErpFixture(options: SandboxErpOptions = {}, overrides: Partial<ErpConnection> = {}): Promise<ErpFixture> {
  const erp = await startSandboxErp(options);
  return { erp, controls: new SandboxControls(erp), adapter: createErpAdapter(connectionTo(erp, overrides)) };
}

/** Resolves when `predicate` holds, polling; fails after `timeoutMs`. */
export async function eventually(predicate: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
