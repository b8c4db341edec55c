/**
 * Builds the ERP adapter for a configured connection. Today every ERP speaks S/4HANA's OData V2 dialect (the
 * sandbox ERP included); another dialect would be chosen here from the connection.
 */
import { ConfigError, type ErpConnection } from '../../../../gateway/config';
import { createPlatformClient, type PlatformClientOptions } from '../../../../gateway/http/platform-client';
import type { ErpAdapter } from './erp-adapter';
import { ODataClient } from './s4hana/odata-client';
import { S4HanaAdapter } from './s4hana/s4hana-adapter';

export type { ErpAdapter, ItemQuery, SalesOrderQuery } from './erp-adapter';

export interface ErpAdapterDependencies {
  /** The clock; `new Date()` by default. */
  now?: () => Date;
  /** Observers for the platform HTTP client (the gateway's upstream metrics). */
  instrument?: PlatformClientOptions['instrument'];
}

export function createErpAdapter(connection: ErpConnection, dependencies: ErpAdapterDependencies = {}): ErpAdapter {
  if (!connection.baseUrl) {
    // The runtime fills it in from the embedded sandbox; reaching here without one is a wiring mistake.
    throw new ConfigError('platforms.erp.baseUrl: required to create the ERP adapter (where are the OData services?)');
  }
  const http = createPlatformClient({
    name: 'ERP',
    baseURL: connection.baseUrl,
    timeoutMs: connection.timeoutMs,
    retries: connection.retries,
    retryBaseDelayMs: connection.retryBaseDelayMs,
    headers: { Accept: 'application/json' },
    auth: { username: connection.username, password: connection.password },
    ...(dependencies.instrument ? { instrument: dependencies.instrument } : {}),
  });
  return new S4HanaAdapter({
    odata: new ODataClient({ http, sapClient: connection.sapClient }),
    salesArea: {
      salesOrganization: connection.salesOrganization,
      distributionChannel: connection.distributionChannel,
      division: connection.division,
    },
    plants: [...connection.plants],
    ...(dependencies.now ? { now: dependencies.now } : {}),
  });
}
