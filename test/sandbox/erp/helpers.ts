/** Shared set-up for the sandbox ERP tests: an app, an authenticated agent with a cookie jar, CSRF, order bodies. */
import request from 'supertest';
import type { Express } from 'express';
import { createSandboxErpApp, ODATA_ROOT, type SandboxErpOptions } from '../../../sandbox/erp/server';

export const USERNAME = 'SANDBOX';
export const PASSWORD = 'sandbox';

/** `/API_SALES_ORDER_SRV/A_SalesOrder` → the full path under the OData root. */
export function odata(path: string): string {
  return `${ODATA_ROOT}${path}`;
}

export interface ErpClient {
  /** The app under test, or the origin of a started sandbox (both work with supertest's `request()`). */
  app: Express | string;
  /** Keeps cookies between requests, as the adapter's HTTP client does. */
  agent: ReturnType<typeof request.agent>;
  get(path: string): request.Test;
  /** Fetches a CSRF token from the service's root and POSTs JSON with it. */
  post(service: string, path: string, body: unknown): Promise<request.Response>;
  fetchToken(service: string): Promise<string>;
}

export function erpClient(options: SandboxErpOptions = {}): ErpClient {
  return erpClientOf(createSandboxErpApp(options));
}

/** The same client for an app or for a started sandbox's origin (`startSandboxErp(...).url`). */
export function erpClientOf(app: Express | string): ErpClient {
  const agent = request.agent(app);
  const get = (path: string): request.Test => agent.get(odata(path)).auth(USERNAME, PASSWORD).set('Accept', 'application/json');
  const fetchToken = async (service: string): Promise<string> => {
    const response = await get(`/${service}/`).set('x-csrf-token', 'Fetch').expect(200);
    return String(response.headers['x-csrf-token']);
  };
  const post = async (service: string, path: string, body: unknown): Promise<request.Response> => {
    const token = await fetchToken(service);
    return agent.post(odata(`/${service}${path}`)).auth(USERNAME, PASSWORD).set('Accept', 'application/json').set('x-csrf-token', token).send(body as object);
  };
  return { app, agent, get, post, fetchToken };
}

export const SOLD_TO = '0010100001';
export const SHIP_TO = '0010200001';

export interface OrderItemInput {
  SalesOrderItem?: string;
  Material: string;
  RequestedQuantity: string;
  RequestedQuantityUnit?: string;
  UnderlyingPurchaseOrderItem?: string;
  ProductionPlant?: string;
}

/** A sales order deep-insert body as DIALECT.md shows it. */
export function orderBody(purchaseOrder: string, items: OrderItemInput[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SalesOrderType: 'OR',
    SalesOrganization: '1010',
    DistributionChannel: '10',
    OrganizationDivision: '00',
    SoldToParty: SOLD_TO,
    PurchaseOrderByCustomer: purchaseOrder,
    CustomerPurchaseOrderDate: '/Date(1764288000000)/',
    RequestedDeliveryDate: '/Date(1764547200000)/',
    to_Partner: [{ PartnerFunction: 'SH', Customer: SHIP_TO }],
    to_Item: items,
    ...overrides,
  };
}

/** The `errordetails` of an OData error body. */
export function errorDetails(body: unknown): Array<{ code: string; message: string; target: string; severity: string }> {
  const error = (body as { error?: { innererror?: { errordetails?: unknown } } }).error;
  const details = error?.innererror?.errordetails;
  return Array.isArray(details) ? (details as Array<{ code: string; message: string; target: string; severity: string }>) : [];
}
