/** Joins the catalog's deprecated versions with the usage counts the lifecycle policy keeps. */
import type { ClientConfig } from '../../../gateway/config';
import type { UsageStore } from '../../../gateway/state/ports';
import type { CatalogEntry } from '../../../openapi/catalog';
import type { DeprecatedUsageReport } from './v1/models';

export class UsageReportService {
  private readonly partnerOfClient: ReadonlyMap<string, string>;

  constructor(
    private readonly catalog: readonly CatalogEntry[],
    private readonly usage: UsageStore,
    clients: readonly ClientConfig[],
  ) {
    this.partnerOfClient = new Map(clients.flatMap((client) => (client.partner ? [[client.id, client.partner] as const] : [])));
  }

  async deprecatedUsage(): Promise<DeprecatedUsageReport> {
    const versions = this.catalog.filter((entry) => entry.status !== 'active');
    const entries = versions.length === 0 ? [] : await this.usage.report(versions.map((entry) => entry.id));
    return {
      versions: versions.map((entry) => {
        const successor = entry.successor === undefined ? undefined : this.catalog.find((other) => other.tier === entry.tier && other.api === entry.api && other.version === entry.successor);
        return {
          id: entry.id,
          status: entry.status as 'deprecated' | 'retired',
          ...(entry.deprecatedOn ? { deprecatedOn: entry.deprecatedOn } : {}),
          ...(entry.sunsetOn ? { sunsetOn: entry.sunsetOn } : {}),
          ...(successor ? { successor: successor.basePath } : {}),
          clients: entries
            .filter((usage) => usage.apiVersion === entry.id)
            .map((usage) => {
              const partnerId = this.partnerOfClient.get(usage.clientId);
              return { clientId: usage.clientId, ...(partnerId ? { partnerId } : {}), calls: usage.calls, lastSeen: usage.lastSeen };
            }),
        };
      }),
    };
  }
}
