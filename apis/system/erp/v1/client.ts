/**
 * Typed HTTP client of the ERP system API v1, for the process tier. It speaks only the v1 contract (models.ts);
 * the HTTP concerns (timeouts, retries, trace headers, error mapping) come from the client it is given.
 */
import type { AxiosInstance } from 'axios';
import { answer, answerOrUndefined } from '../../../../gateway/http/tier-calls';
import type { Customer, CustomerPriceList, Item, ItemPage, SalesOrder, SalesOrderCreate } from './models';

export interface ErpSystemClient {
  getCustomer(customerNumber: string): Promise<Customer | undefined>;
  getItem(material: string): Promise<Item | undefined>;
  findItemsByGtin(gtin: string): Promise<Item[]>;
  getCustomerPrices(customerNumber: string, materials: string[]): Promise<CustomerPriceList>;
  findSalesOrders(customerNumber: string, purchaseOrderNumber: string): Promise<SalesOrder[]>;
  createSalesOrder(order: SalesOrderCreate): Promise<SalesOrder>;
  getSalesOrder(salesOrderNumber: string): Promise<SalesOrder | undefined>;
}

export function createErpSystemClient(http: AxiosInstance): ErpSystemClient {
  const segment = encodeURIComponent;
  return {
    getCustomer: (customerNumber) => answerOrUndefined(http.get<Customer>(`/customers/${segment(customerNumber)}`)),
    getItem: (material) => answerOrUndefined(http.get<Item>(`/items/${segment(material)}`)),
    findItemsByGtin: async (gtin) => (await answer(http.get<ItemPage>('/items', { params: { gtin, limit: 10 } }))).items,
    getCustomerPrices: (customerNumber, materials) =>
      answer(http.get<CustomerPriceList>(`/customers/${segment(customerNumber)}/prices`, { params: new URLSearchParams(materials.map((m): [string, string] => ['material', m])) })),
    findSalesOrders: (customerNumber, purchaseOrderNumber) =>
      answer(http.get<SalesOrder[]>('/sales-orders', { params: { customerNumber, purchaseOrderNumber } })),
    createSalesOrder: (order) => answer(http.post<SalesOrder>('/sales-orders', order)),
    getSalesOrder: (salesOrderNumber) => answerOrUndefined(http.get<SalesOrder>(`/sales-orders/${segment(salesOrderNumber)}`)),
  };
}
