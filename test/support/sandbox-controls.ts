/** The sandboxes' test controls (`/__sandbox/`): journal, faults, reset, and each platform's own levers. */
import assert from 'node:assert/strict';
import type { SandboxServer } from '../../sandbox/types';

export interface JournalEntry {
  method: string;
  path: string;
  query: string;
  status: number | null;
  correlationId: string | null;
  traceparent: string | null;
  /** WMS only: the `shipbob_channel_id` header. */
  channelId?: string | null;
}

export interface FaultSettings {
  /** Delay every answer by this much, in milliseconds. */
  latencyMs?: number;
  /** WMS only: delay only the next N answers. */
  latencyNext?: number;
  /** Fail the next N requests with `failStatus`. */
  failNext?: number;
  failStatus?: number;
}

export class SandboxControls {
  constructor(readonly server: SandboxServer) {}

  protected async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.server.url}/__sandbox${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    assert.ok(response.ok, `sandbox control ${method} ${path} answered ${response.status}`);
    return response.status === 204 ? undefined : response.json();
  }

  reset(): Promise<unknown> {
    return this.call('POST', '/reset');
  }

  faults(settings: FaultSettings): Promise<unknown> {
    return this.call('POST', '/faults', settings);
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }

  /** The requests the platform received, newest first (at most the last 200). */
  async journal(): Promise<JournalEntry[]> {
    return ((await this.call('GET', '/requests?limit=200')) as { requests: JournalEntry[] }).requests;
  }

  /** The requests the platform received, oldest first, optionally only those whose path contains `pathPart`. */
  async requests(pathPart = ''): Promise<JournalEntry[]> {
    return (await this.journal()).filter((entry) => entry.path.includes(pathPart)).reverse();
  }
}

export class ErpSandboxControls extends SandboxControls {
  /** Bills a whole sales order, as the ERP's billing run would. */
  bill(salesOrder: string): Promise<unknown> {
    return this.call('POST', `/orders/${salesOrder}/bill`);
  }
}

export class WmsSandboxControls extends SandboxControls {
  /** Ships a WMS order now instead of after the sandbox's delay. */
  ship(wmsOrderId: string): Promise<unknown> {
    return this.call('POST', `/orders/${wmsOrderId}/ship`);
  }
}
