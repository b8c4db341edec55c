/** The sandbox ERP: an express app speaking SAP S/4HANA's OData V2 dialect (DIALECT.md), and the server running it. */
import express from 'express';
import { createDistributorSeed, type DistributorSeed } from '../seed/distributor';
import { servePlatform } from '../listen';
import type { PlatformServer, SandboxServerOptions } from '../types';
import { authenticatedUser, createBasicAuth, type Credentials } from './basic-auth';
import { BillingRun } from './billing-run';
import { createControls } from './controls';
import { FaultInjector } from './faults';
import { journalRequests, RequestJournal } from './journal';
import { createCsrfProtection } from './odata/csrf';
import { notFound, odataErrorHandler } from './odata/errors';
import { createServiceRouter } from './odata/service-router';
import { createAvailabilityService } from './services/availability';
import { createBillingService } from './services/billing';
import { createBusinessPartnerService } from './services/business-partner';
import { createOutboundDeliveryService } from './services/outbound-delivery';
import { createProductService } from './services/product';
import { createSalesOrderService } from './services/sales-order';
import { createSimulationService } from './services/simulation';
import { Shipping } from './shipping';
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
  /**
   * How long after goods issue the billing run bills the order, in milliseconds; default 0: billed as part of posting
   * goods issue, so the invoice is there when PostGoodsIssue answers. A real system bills in a scheduled run, so a
   * client must not rely on 0: tests of the waiting set a delay. Pending billings end with `close()` and a reset.
   */
  billingDelayMs?: number;
  /**
   * What a second order with the same customer PO number for the same sold-to party gets, as SAP's duplicate
   * purchase order check can be customised: `error` (default) refuses it, `warning` creates it, as most systems
   * do. Exactly-once tests use `warning`, so a duplicate the gateway let through would show as a second order.
   */
  duplicatePurchaseOrders?: 'error' | 'warning';
}

export const DEFAULT_CREDENTIALS: Credentials = { username: 'SANDBOX', password: 'sandbox' };
const DEFAULT_CSRF_TTL_MS = 30 * 60 * 1000;
/** The longest delay setTimeout keeps (2^31 - 1 ms, about 24.8 days). */
const MAX_DELAY_MS = 2_147_483_647;
const KNOWN_OPTIONS = new Set(['port', 'host', 'seed', 'credentials', 'csrfTtlMs', 'now', 'billingDelayMs', 'duplicatePurchaseOrders']);

/** Options checked once: a misspelled or nonsensical option fails at start, not as odd behaviour later. */
function resolveOptions(options: SandboxErpOptions): Required<Omit<SandboxErpOptions, 'port' | 'host'>> {
  for (const key of Object.keys(options)) if (!KNOWN_OPTIONS.has(key)) throw new TypeError(`sandbox ERP: unknown option '${key}'`);
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  if (!credentials.username || credentials.username.includes(':') || !credentials.password) {
    throw new TypeError('sandbox ERP: credentials need a username without ":" and a password');
  }
  const csrfTtlMs = options.csrfTtlMs ?? DEFAULT_CSRF_TTL_MS;
  if (!Number.isFinite(csrfTtlMs) || csrfTtlMs <= 0) throw new TypeError('sandbox ERP: csrfTtlMs must be a positive number of milliseconds');
  const billingDelayMs = options.billingDelayMs ?? 0;
  if (!Number.isInteger(billingDelayMs) || billingDelayMs < 0 || billingDelayMs > MAX_DELAY_MS) {
    throw new TypeError('sandbox ERP: billingDelayMs must be a whole number of milliseconds, 0 or more');
  }
  const duplicatePurchaseOrders = options.duplicatePurchaseOrders ?? 'error';
  if (duplicatePurchaseOrders !== 'error' && duplicatePurchaseOrders !== 'warning') throw new TypeError("sandbox ERP: duplicatePurchaseOrders must be 'error' or 'warning'");
  return { seed: options.seed ?? createDistributorSeed(), credentials, csrfTtlMs, now: options.now ?? Date.now, billingDelayMs, duplicatePurchaseOrders };
}

interface ErpApp {
  app: express.Express;
  faults: FaultInjector;
  billingRun: BillingRun;
}

function assemble(options: SandboxErpOptions): ErpApp {
  const { seed, credentials, csrfTtlMs, now, billingDelayMs, duplicatePurchaseOrders } = resolveOptions(options);
  const store = new ErpStore(seed);
  const journal = new RequestJournal();
  const faults = new FaultInjector();
  const billingRun = new BillingRun(store, billingDelayMs);
  const shipping = new Shipping(store, billingRun, now);
  const services = [
    createBusinessPartnerService(store),
    createProductService(store),
    createSimulationService(store),
    createAvailabilityService(store, now),
    createSalesOrderService(store, now, duplicatePurchaseOrders),
    createOutboundDeliveryService(store, shipping, now),
    createBillingService(store),
  ];

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use('/__sandbox', createControls({ store, journal, faults, shipping, billingRun }));
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
  return { app, faults, billingRun };
}

/** The app without listening, for supertest. */
export function createSandboxErpApp(options: SandboxErpOptions = {}): express.Express {
  return assemble(options).app;
}

/** Starts the ERP; resolves once it listens. `close()` ends open keep-alive connections too. */
export async function startSandboxErp(options: SandboxErpOptions = {}): Promise<PlatformServer> {
  const { app, faults, billingRun } = assemble(options);
  return servePlatform(app, options, () => {
    faults.cancelPending();
    billingRun.cancelPending();
  });
}
