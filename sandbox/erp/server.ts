/** The sandbox ERP: an express app speaking SAP S/4HANA's OData V2 dialect (DIALECT.md), and the server running it. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createDistributorSeed, type DistributorSeed } from '../seed/distributor';
import type { SandboxServer, SandboxServerOptions } from '../types';
import { authenticatedUser, createBasicAuth, type Credentials } from './basic-auth';
import { createControls } from './controls';
import { FaultInjector } from './faults';
import { journalRequests, RequestJournal } from './journal';
import { createCsrfProtection } from './odata/csrf';
import { notFound, odataErrorHandler } from './odata/errors';
import { createServiceRouter } from './odata/service-router';
import { createAvailabilityService } from './services/availability';
import { createBillingService } from './services/billing';
import { createBusinessPartnerService } from './services/business-partner';
import { createProductService } from './services/product';
import { createSalesOrderService } from './services/sales-order';
import { createSimulationService } from './services/simulation';
import { ErpStore } from './store';

/** Where the OData services live under the server's origin. */
export const ODATA_ROOT = '/sap/opu/odata/sap';

export interface SandboxErpOptions extends SandboxServerOptions {
  /** The distributor's data; default createDistributorSeed(). */
  seed?: DistributorSeed;
  /** The one user HTTP Basic accepts; default SANDBOX / sandbox. */
  credentials?: Credentials;
  /** How long a CSRF token stays valid, in milliseconds; default 30 minutes. */
  csrfTtlMs?: number;
  /** The clock (epoch milliseconds); default Date.now. Tests move it to expire tokens or date documents. */
  now?: () => number;
}

const DEFAULT_CREDENTIALS: Credentials = { username: 'SANDBOX', password: 'sandbox' };
const DEFAULT_CSRF_TTL_MS = 30 * 60 * 1000;
const KNOWN_OPTIONS = new Set(['port', 'host', 'seed', 'credentials', 'csrfTtlMs', 'now']);

/** Options checked once: a misspelled or nonsensical option fails at start, not as odd behaviour later. */
function resolveOptions(options: SandboxErpOptions): Required<Omit<SandboxErpOptions, 'port' | 'host'>> {
  for (const key of Object.keys(options)) if (!KNOWN_OPTIONS.has(key)) throw new TypeError(`sandbox ERP: unknown option '${key}'`);
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  if (!credentials.username || credentials.username.includes(':') || !credentials.password) {
    throw new TypeError('sandbox ERP: credentials need a username without ":" and a password');
  }
  const csrfTtlMs = options.csrfTtlMs ?? DEFAULT_CSRF_TTL_MS;
  if (!Number.isFinite(csrfTtlMs) || csrfTtlMs <= 0) throw new TypeError('sandbox ERP: csrfTtlMs must be a positive number of milliseconds');
  return { seed: options.seed ?? createDistributorSeed(), credentials, csrfTtlMs, now: options.now ?? Date.now };
}

interface ErpApp {
  app: express.Express;
  faults: FaultInjector;
}

function assemble(options: SandboxErpOptions): ErpApp {
  const { seed, credentials, csrfTtlMs, now } = resolveOptions(options);
  const store = new ErpStore(seed);
  const journal = new RequestJournal();
  const faults = new FaultInjector();
  const services = [
    createBusinessPartnerService(store),
    createProductService(store),
    createSimulationService(store),
    createAvailabilityService(store, now),
    createSalesOrderService(store, now),
    createBillingService(store),
  ];

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use('/__sandbox', createControls({ store, journal, faults, now }));
  // The order of the OData pipeline matters: journal first (failed requests are evidence too), then injected faults
  // (a "down" platform fails before logon), then logon, CSRF, the body, and the services.
  app.use(
    ODATA_ROOT,
    journalRequests(journal, now),
    faults.middleware(),
    createBasicAuth(credentials),
    createCsrfProtection({ ttlMs: csrfTtlMs, now, userOf: authenticatedUser }),
    express.json({ limit: '1mb' }),
    createServiceRouter(services),
  );
  app.use(() => {
    throw notFound('No resource at this address (the OData services live under /sap/opu/odata/sap/)');
  });
  app.use(odataErrorHandler);
  return { app, faults };
}

/** The app without listening, for supertest. */
export function createSandboxErpApp(options: SandboxErpOptions = {}): express.Express {
  return assemble(options).app;
}

/** Starts the ERP; resolves once it listens. `close()` ends open keep-alive connections too. */
export async function startSandboxErp(options: SandboxErpOptions = {}): Promise<SandboxServer> {
  const { app, faults } = assemble(options);
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const origin = host.includes(':') ? `[${host}]` : host;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${origin}:${port}`,
        close: () => {
          closing ??= new Promise<void>((done, fail) => {
            faults.cancelPending();
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}
