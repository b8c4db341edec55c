/**
 * Starts a whole gateway from its configuration: the embedded sandboxes when asked, the platform adapters, the
 * HTTP server, the clients between tiers (pointed at this very process when their base URL is `self`), and the
 * app. `stop()` closes everything it started, in reverse order.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createErpAdapter } from '../apis/system/erp/adapters';
import { createWmsAdapter } from '../apis/system/wms/adapters';
import { createOrdersProcessClient } from '../apis/process/orders/v2/client';
import { createProcessTier } from './process-tier';
import type { EventBus } from './events/ports';
import { CustomerOrderService } from '../apis/partner/customers/customer-order-service';
import { MarketplaceOrderService } from '../apis/partner/marketplace/marketplace-order-service';
import { createCustomerChannel } from '../apis/partner/customers/customer-channel';
import { createInventoryProcessClient } from '../apis/process/inventory/v1/client';
import { loadCatalog, type CatalogEntry } from '../openapi/catalog';
import { startSandboxErp } from '../sandbox/erp/server';
import { startSandboxWms } from '../sandbox/wms/server';
import type { SandboxServer } from '../sandbox/types';
import { createGatewayApp } from './app';
import { PROBLEM_CODES } from './errors';
import { PROBLEM_TYPE_BASE } from './problem-handler';
import type { GatewayConfig } from './config';
import { createHttpServer } from './http/server';
import { createTierClient } from './http/tier-client';
import { publicHost } from './http/public-host';
import type { AppLogger } from './logger';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PROJECT_ROOT } from '../openapi/catalog';
import { createGatewayAuth } from './auth/setup';
import { assertNoDevSecretsInProduction } from './auth/dev-secrets';
import { assertNoInsecureSettingsInProduction } from './config/production-checks';
import { createAuditLog } from '../policies/audit';
import { buildApiPolicies } from './api-policies';
import { createSharedState } from './state/setup';
import { UsageReportService } from '../apis/process/operations/usage-report-service';
import { createEdiChannel } from '../apis/partner/edi/edi-channel';
import { EDI_CONSUMER_GROUP } from '../apis/partner/edi/outbound';
import { DELIVERY_GROUP, DELIVERY_TOPIC, WEBHOOK_EVENTS_GROUP } from '../apis/partner/customers/webhooks/webhook-dispatcher';
import { STEPS_GROUP, STEPS_TOPIC } from '../apis/process/orders/workflow/engine';
import { EVENTS_TOPIC } from '../apis/process/orders/workflow/order-events';
import { createGatewayMetrics } from './metrics';

export interface RunningGateway {
  /** Origin the gateway answers on, e.g. http://127.0.0.1:8080. */
  url: string;
  portalUrl: string;
  config: GatewayConfig;
  /** The embedded sandboxes, when the configuration started them. */
  sandboxes: { erp?: SandboxServer; wms?: SandboxServer };
  /** The process tier's event bus: the workflow's business events (`orders.events`) for in-process consumers. */
  bus: EventBus;
  /** Origin of the separate metrics port (`metrics.port`), when /metrics is served there. */
  metricsUrl?: string;
  /** The express app answering on `url` (the route inventory test walks its router). */
  app: Express;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger: AppLogger;
  catalog?: CatalogEntry[];
  version?: string;
  /** The environment the production checks read; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/** The event bus's consumer groups whose queues /metrics reports (gateway_event_bus_*). */
const BUS_CONSUMERS = [
  { topic: STEPS_TOPIC, group: STEPS_GROUP },
  { topic: EVENTS_TOPIC, group: WEBHOOK_EVENTS_GROUP },
  { topic: DELIVERY_TOPIC, group: DELIVERY_GROUP },
  { topic: EVENTS_TOPIC, group: EDI_CONSUMER_GROUP },
] as const;

/** How long stop() lets requests in flight finish before it cuts their connections, in milliseconds. */
const STOP_GRACE_MS = 10_000;

/** Where an S/4HANA system serves its OData V2 services; the sandbox ERP serves them at the same path. */
const SAP_ODATA_ROOT = '/sap/opu/odata/sap';

/** The configuration with the embedded sandboxes' addresses filled in where no platform URL was given. */
export async function startSandboxes(config: GatewayConfig): Promise<{ config: GatewayConfig; sandboxes: RunningGateway['sandboxes'] }> {
  if (!config.sandbox.enabled) return { config, sandboxes: {} };
  const erp = await startSandboxErp({
    port: config.sandbox.erpPort,
    credentials: { username: config.platforms.erp.username, password: config.platforms.erp.password },
    billingDelayMs: config.sandbox.billingDelayMs,
  });
  const wms = await startSandboxWms({ port: config.sandbox.wmsPort, apiToken: config.platforms.wms.apiToken, shipDelayMs: config.sandbox.shipDelayMs });
  const platforms = {
    erp: { ...config.platforms.erp, baseUrl: config.platforms.erp.baseUrl ?? `${erp.url}${SAP_ODATA_ROOT}` },
    wms: { ...config.platforms.wms, baseUrl: config.platforms.wms.baseUrl ?? wms.url },
  };
  return { config: Object.freeze({ ...config, platforms: Object.freeze(platforms) }), sandboxes: { erp, wms } };
}

export async function startGateway(initialConfig: GatewayConfig, options: StartOptions): Promise<RunningGateway> {
  assertNoInsecureSettingsInProduction(initialConfig, options.env ?? process.env);
  await assertNoDevSecretsInProduction(initialConfig.auth, options.env ?? process.env);
  const dataDir = path.resolve(PROJECT_ROOT, initialConfig.server.dataDir);
  // What start-up has opened so far, closed in reverse if a later step fails: a failed start leaks nothing.
  const opened: Array<() => Promise<unknown>> = [];
  const closeOpened = async () => {
    for (const close of opened.reverse()) await close().catch(() => undefined);
  };
  try {
    return await start(initialConfig, options, dataDir, opened);
  } catch (error) {
    await closeOpened();
    throw error;
  }
}


/** Until the app is attached, the listening port answers 503: a load balancer's probe gets an answer, not a hang. */
function answerStarting(request: http.IncomingMessage, response: http.ServerResponse): void {
  response.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
  const { status, title } = PROBLEM_CODES.ERR_STARTING;
  response.end(JSON.stringify({ type: `${PROBLEM_TYPE_BASE}ERR_STARTING`, title, status, detail: 'The gateway is starting', instance: (request.url ?? '/').split('?')[0], code: 'ERR_STARTING' }));
}

async function start(initialConfig: GatewayConfig, options: StartOptions, dataDir: string, opened: Array<() => Promise<unknown>>): Promise<RunningGateway> {
  const { logger } = options;
  const { config, sandboxes } = await startSandboxes(initialConfig);
  opened.push(async () => Promise.all([sandboxes.erp?.close(), sandboxes.wms?.close()]));
  const server = createHttpServer(config.server);
  server.on('request', answerStarting);
  server.listen(config.server.port, config.server.host);
  await once(server, 'listening');
  opened.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const url = `http://${publicHost(config.server.host)}:${(server.address() as AddressInfo).port}`;

  const publicUrl = config.server.publicUrl?.replace(/\/$/, '') ?? url;
  const auth = await createGatewayAuth(config, publicUrl, dataDir, logger);
  opened.push(() => auth.close());
  const auditLog = config.audit.enabled
    ? await createAuditLog({
        file: path.resolve(dataDir, config.audit.file),
        instanceId: `${process.pid}-${randomUUID().slice(0, 8)}`,
        logger,
        bufferLimit: config.audit.bufferLimit,
        redactKeys: config.log.redactKeys,
      })
    : undefined;
  if (auditLog) opened.push(() => auditLog.close());

  const tierClient = (name: string, base: string, basePath: string) =>
    createTierClient({
      tokens: auth.serviceTokens,
      name,
      baseURL: `${base === 'self' ? url : base}${basePath}`,
      timeoutMs: config.tiers.timeoutMs,
      retries: config.tiers.retries,
      retryBaseDelayMs: 50,
    });

  const catalog = options.catalog ?? loadCatalog();
  const state = await createSharedState(config, logger);
  opened.push(() => state.close());
  const metrics = createGatewayMetrics({ config, logger, state });
  opened.push(() => metrics.close());
  const built = await buildApiPolicies({
    config, logger, catalog, authentication: auth.authentication, ...(auditLog ? { auditLog } : {}), state,
    lifecycleUsage: metrics.countDeprecatedCalls(state.usage),
  });

  const instrument = metrics.instrumentPlatformClient ? { instrument: metrics.instrumentPlatformClient } : {};
  const erp = createErpAdapter(config.platforms.erp, instrument);
  const wms = createWmsAdapter(config.platforms.wms, instrument);
  // The process tier reaches platforms only through the system APIs, over HTTP like any other caller.
  const processTier = createProcessTier({
    config,
    logger,
    state,
    systemErpHttp: tierClient('system/erp/v1', config.tiers.systemBaseUrl, '/system/erp/v1'),
    systemWmsHttp: tierClient('system/wms/v1', config.tiers.systemBaseUrl, '/system/wms/v1'),
    requestActivity: metrics.activity,
  });
  opened.push(() => processTier.stop());
  // The partner tier's channels reach the process tier through its API too: one client, shared.
  const processOrdersClient = createOrdersProcessClient(tierClient('process/orders/v2', config.tiers.processBaseUrl, '/process/orders/v2'));
  const customerOrders = new CustomerOrderService({
    partners: config.auth.partners,
    orders: processOrdersClient,
    currency: config.channels.customers.currency,
  });
  const marketplaceOrders = new MarketplaceOrderService({
    partners: config.auth.partners,
    orders: processOrdersClient,
    channel: config.channels.marketplace,
  });
  const usageReports = new UsageReportService(catalog, state.usage, config.auth.clients);
  const { orders, inventory, exceptions, kpis, bus } = processTier;
  const edi = createEdiChannel({ config, logger, bus, state, orders: processOrdersClient });
  opened.push(() => edi.stop());
  kpis.addOverdueDocumentSource(async () => (await edi.service.overdueDocuments()).map((document) => ({ channel: 'EDI', partnerId: document.partnerId })));
  const customerChannel = createCustomerChannel({
    config, logger, bus, state, customerOrders,
    orders: processOrdersClient,
    inventory: createInventoryProcessClient(tierClient('process/inventory/v1', config.tiers.processBaseUrl, '/process/inventory/v1')),
  });
  opened.push(() => customerChannel.dispatcher.stop());
  metrics.watchWorkflow({
    circuits: processTier.circuits,
    bus,
    consumers: BUS_CONSUMERS,
    ordersByStatus: () => kpis.ordersByStatus(24),
    openExceptions: () => kpis.openExceptions(),
  });
  const metricsUrl = await metrics.listen();

  const app = createGatewayApp({
    catalog,
    deps: { config, logger, erp, wms, orders, customerOrders, customerChannel, marketplaceOrders, usageReports, inventory, exceptions, kpis, activity: processTier.activity, bus, edi: edi.service },
    readiness: [{ name: 'erp', check: () => erp.checkHealth() }, { name: 'wms', check: () => wms.checkHealth() }, ...built.readiness],
    policies: built.policies,
    ...(auth.authorizationServer ? { authorizationServer: auth.authorizationServer } : {}),
    ...(auth.externalTokenUrl ? { portalTokenUrl: auth.externalTokenUrl } : {}),
    version: options.version ?? process.env.npm_package_version ?? '0.0.0',
    metrics: { observe: metrics.requestObserver(built.operationOf), route: metrics.mainPortRoute(auth.authentication) },
  });
  server.off('request', answerStarting);
  server.on('request', app);
  processTier.start();
  edi.start();
  customerChannel.dispatcher.start();

  return {
    url,
    portalUrl: `${publicUrl}/portal/`,
    config,
    sandboxes,
    bus: processTier.bus,
    ...(metricsUrl ? { metricsUrl } : {}),
    app,
    async stop() {
      // The workflow first: its steps in flight finish (they call this very server's system tier), nothing new starts.
      await edi.stop();
      await customerChannel.dispatcher.stop();
      await processTier.stop();
      // Drain: no new connections, idle ones closed now, requests in flight get a grace period to finish.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A keep-alive connection whose request finishes after close() would otherwise sit idle until the grace ends.
      const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
      await closed;
      clearInterval(idleSweep);
      clearTimeout(grace);
      await built.close();
      await metrics.close(); // its last activity flush needs the state store, closed next
      await Promise.all([sandboxes.erp?.close(), sandboxes.wms?.close(), auditLog?.close(), state.close(), auth.close()]);
    },
  };
}
