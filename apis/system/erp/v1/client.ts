/**
 * Typed HTTP client of the ERP system API v1, for the process tier. It speaks only the v1 contract (models.ts);
 * the HTTP concerns (timeouts, retries, trace headers, error mapping) come from the client it is given.
 */
import type { AxiosInstance } from 'axios';
import { answer, answerOrUndefined, pathSegment } from '../../../../gateway/http/tier-calls';
import type { Availability, Customer, CustomerPriceList, GoodsIssue, GoodsIssueCreate, Invoice, Item, ItemPage, SalesOrder, SalesOrderCreate } from './models';

export interface ErpSystemClient {
  getCustomer(customerNumber: string): Promise<Customer | undefined>;
  getItem(material: string): Promise<Item | undefined>;
  findItemsByGtin(gtin: string): Promise<Item[]>;
  /** Available-to-promise per plant (every configured plant when none is given); undefined when the ERP does not know the item. */
  getAvailability(material: string, plant?: string): Promise<Availability[] | undefined>;
  getCustomerPrices(customerNumber: string, materials: string[]): Promise<CustomerPriceList>;
  findSalesOrders(customerNumber: string, purchaseOrderNumber: string): Promise<SalesOrder[]>;
  createSalesOrder(order: SalesOrderCreate): Promise<SalesOrder>;
  getSalesOrder(salesOrderNumber: string): Promise<SalesOrder | undefined>;
  /**
   * Posts goods issue of the whole order (its goods left the warehouse); safe to repeat: `alreadyPosted` says whether
   * an earlier call had posted it. An unknown order is a 502 here, as for createSalesOrder: the caller created it.
   */
  postGoodsIssue(salesOrderNumber: string, body: GoodsIssueCreate): Promise<GoodsIssue>;
  /** The order's invoices, oldest first: [] until the ERP's billing run has billed it; undefined for an unknown order. */
  getInvoices(salesOrderNumber: string): Promise<Invoice[] | undefined>;
}

export function createErpSystemClient(http: AxiosInstance): ErpSystemClient {
  const segment = pathSegment;
  return {
    getCustomer: (customerNumber) => answerOrUndefined(http.get<Customer>(`/customers/${segment(customerNumber)}`)),
    getItem: (material) => answerOrUndefined(http.get<Item>(`/items/${segment(material)}`)),
    findItemsByGtin: async (gtin) => (await answer(http.get<ItemPage>('/items', { params: { gtin, limit: 10 } }))).items,
    getAvailability: (material, plant) =>
      answerOrUndefined(http.get<Availability[]>(`/items/${segment(material)}/availability`, { params: plant === undefined ? {} : { plant } })),
    getCustomerPrices: (customerNumber, materials) =>
      answer(http.get<CustomerPriceList>(`/customers/${segment(customerNumber)}/prices`, { params: new URLSearchParams(materials.map((m): [string, string] => ['material', m])) })),
    findSalesOrders: (customerNumber, purchaseOrderNumber) =>
      answer(http.get<SalesOrder[]>('/sales-orders', { params: { customerNumber, purchaseOrderNumber } })),
    createSalesOrder: (order) => answer(http.post<SalesOrder>('/sales-orders', order)),
    getSalesOrder: (salesOrderNumber) => answerOrUndefined(http.get<SalesOrder>(`/sales-orders/${segment(salesOrderNumber)}`)),
    postGoodsIssue: (salesOrderNumber, body) => answer(http.post<GoodsIssue>(`/sales-orders/${segment(salesOrderNumber)}/goods-issue`, body)),
    getInvoices: (salesOrderNumber) => answerOrUndefined(http.get<Invoice[]>(`/sales-orders/${segment(salesOrderNumber)}/invoices`)),
  };
}
