/**
 * Every API version the gateway can serve, keyed by catalog id: its generated routes and how to build its
 * controllers from the gateway's dependencies. The catalog decides what is served; this table only says how.
 * A catalog entry without a module here (or the reverse) stops the start.
 */
import type { Router } from 'express';
import type { GatewayConfig } from './config';
import type { AppLogger } from './logger';
import type { ControllerFactory } from './ioc';
import type { ErpAdapter } from '../apis/system/erp/adapters/erp-adapter';
import type { WmsAdapter } from '../apis/system/wms/adapters/wms-adapter';
import type { OrderService } from '../apis/process/orders/order-service';
import type { CustomerOrderService } from '../apis/partner/customers/customer-order-service';
import type { MarketplaceOrderService } from '../apis/partner/marketplace/marketplace-order-service';
import type { CustomerChannelV2 } from '../apis/partner/customers/customer-channel';
import type { UsageReportService } from '../apis/process/operations/usage-report-service';
import type { ExceptionsService } from '../apis/process/operations/exceptions-service';
import type { KpiService } from '../apis/process/operations/kpi-service';
import type { ActivityService } from '../apis/process/operations/activity-service';
import type { EventBus } from './events/ports';
import type { InventoryService } from '../apis/process/inventory/inventory-service';
import type { EdiChannelService } from '../apis/partner/edi/edi-channel-service';
import { RegisterRoutes as partnerEdiV1Routes } from '../apis/partner/edi/v1/routes.generated';
import { createControllers as partnerEdiV1Controllers } from '../apis/partner/edi/v1';
import { RegisterRoutes as processOperationsV1Routes } from '../apis/process/operations/v1/routes.generated';
import { createControllers as processOperationsV1Controllers } from '../apis/process/operations/v1';
import { RegisterRoutes as systemErpV1Routes } from '../apis/system/erp/v1/routes.generated';
import { createControllers as systemErpV1Controllers } from '../apis/system/erp/v1';
import { RegisterRoutes as systemWmsV1Routes } from '../apis/system/wms/v1/routes.generated';
import { createControllers as systemWmsV1Controllers } from '../apis/system/wms/v1';
import { RegisterRoutes as processOrdersV1Routes } from '../apis/process/orders/v1/routes.generated';
import { createControllers as processOrdersV1Controllers } from '../apis/process/orders/v1';
import { RegisterRoutes as processOrdersV2Routes } from '../apis/process/orders/v2/routes.generated';
import { createControllers as processOrdersV2Controllers } from '../apis/process/orders/v2';
import { RegisterRoutes as processInventoryV1Routes } from '../apis/process/inventory/v1/routes.generated';
import { createControllers as processInventoryV1Controllers } from '../apis/process/inventory/v1';
import { RegisterRoutes as partnerCustomersV1Routes } from '../apis/partner/customers/v1/routes.generated';
import { createControllers as partnerCustomersV1Controllers } from '../apis/partner/customers/v1';
import { RegisterRoutes as partnerCustomersV2Routes } from '../apis/partner/customers/v2/routes.generated';
import { createControllers as partnerCustomersV2Controllers } from '../apis/partner/customers/v2';
import { RegisterRoutes as partnerMarketplaceV1Routes } from '../apis/partner/marketplace/v1/routes.generated';
import { createControllers as partnerMarketplaceV1Controllers } from '../apis/partner/marketplace/v1';

/** What API versions may need. Each module takes only its part. */
export interface ApiDependencies {
  config: GatewayConfig;
  logger: AppLogger;
  erp: ErpAdapter;
  wms: WmsAdapter;
  orders: OrderService;
  customerOrders: CustomerOrderService;
  marketplaceOrders: MarketplaceOrderService;
  /** The customer channel's v2 capabilities: partner views (tailoring), documents, availability, webhooks. */
  customerChannel: CustomerChannelV2;
  usageReports: UsageReportService;
  exceptions: ExceptionsService;
  kpis: KpiService;
  /** The operations page's per-minute activity series. */
  activity: ActivityService;
  /** The process tier's event bus: partner channels consume the workflow's business events (`orders.events`) from it. */
  bus: EventBus;
  inventory: InventoryService;
  /** The EDI channel (partner/edi): intake, outbox and trading-partner profiles. */
  edi: EdiChannelService;
}

export interface ApiModule {
  registerRoutes(router: Router): void;
  /** One factory per controller class: each request gets its own controller (see gateway/ioc.ts). */
  createControllers(deps: ApiDependencies): ControllerFactory[];
  /** Media types the version's request bodies may have. Default: application/json. */
  mediaTypes?: readonly string[];
}

export const API_MODULES: Readonly<Record<string, ApiModule>> = {
  'system/erp/v1': { registerRoutes: systemErpV1Routes, createControllers: (deps) => systemErpV1Controllers({ erp: deps.erp }) },
  'system/wms/v1': { registerRoutes: systemWmsV1Routes, createControllers: (deps) => systemWmsV1Controllers({ wms: deps.wms }) },
  'process/orders/v1': { registerRoutes: processOrdersV1Routes, createControllers: (deps) => processOrdersV1Controllers({ orders: deps.orders }) },
  'process/orders/v2': { registerRoutes: processOrdersV2Routes, createControllers: (deps) => processOrdersV2Controllers({ orders: deps.orders }) },
  'process/inventory/v1': {
    registerRoutes: processInventoryV1Routes,
    createControllers: (deps) => processInventoryV1Controllers({ inventory: deps.inventory }),
  },
  'process/operations/v1': {
    registerRoutes: processOperationsV1Routes,
    createControllers: (deps) => processOperationsV1Controllers({ usageReports: deps.usageReports, exceptions: deps.exceptions, kpis: deps.kpis, activity: deps.activity }),
  },
  'partner/customers/v1': {
    registerRoutes: partnerCustomersV1Routes,
    createControllers: (deps) => partnerCustomersV1Controllers({ customerOrders: deps.customerOrders }),
  },
  'partner/customers/v2': {
    registerRoutes: partnerCustomersV2Routes,
    createControllers: (deps) => partnerCustomersV2Controllers({ customerOrders: deps.customerOrders, customerChannel: deps.customerChannel }),
  },
  'partner/edi/v1': {
    registerRoutes: partnerEdiV1Routes,
    createControllers: (deps) => partnerEdiV1Controllers({ edi: deps.edi }),
    mediaTypes: ['application/edi-x12', 'text/plain', 'application/json'],
  },
  'partner/marketplace/v1': {
    registerRoutes: partnerMarketplaceV1Routes,
    createControllers: (deps) => partnerMarketplaceV1Controllers({ marketplaceOrders: deps.marketplaceOrders }),
  },
};
