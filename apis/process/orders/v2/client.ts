/** Typed HTTP client of the orders process API v2, for the partner tier. */
import type { AxiosInstance } from 'axios';
import { answer, answerOrUndefined, pathSegment } from '../../../../gateway/http/tier-calls';
import type { Invoice, OrderAccepted, OrderSubmission, ProcessOrder, Shipment } from './models';

export interface OrdersProcessClient {
  submitOrder(submission: OrderSubmission): Promise<OrderAccepted>;
  getOrder(orderId: string): Promise<ProcessOrder | undefined>;
  /** The partner's order with this order number: none or one. */
  findOrders(partnerId: string, orderNumber: string): Promise<ProcessOrder[]>;
  /** The order's shipments (canonical), or undefined for an unknown order. */
  listShipments(orderId: string): Promise<Shipment[] | undefined>;
  /** The order's invoices (canonical), or undefined for an unknown order. */
  listInvoices(orderId: string): Promise<Invoice[] | undefined>;
}

export function createOrdersProcessClient(http: AxiosInstance): OrdersProcessClient {
  return {
    submitOrder: (submission) => answer(http.post<OrderAccepted>('/orders', submission)),
    getOrder: (orderId) => answerOrUndefined(http.get<ProcessOrder>(`/orders/${pathSegment(orderId)}`)),
    listShipments: (orderId) => answerOrUndefined(http.get<Shipment[]>(`/orders/${pathSegment(orderId)}/shipments`)),
    listInvoices: (orderId) => answerOrUndefined(http.get<Invoice[]>(`/orders/${pathSegment(orderId)}/invoices`)),
    findOrders: async (partnerId, orderNumber) => (await answer(http.get<{ orders: ProcessOrder[] }>('/orders', { params: { partnerId, orderNumber, limit: 1 } }))).orders,
  };
}
