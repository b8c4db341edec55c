/** Typed HTTP client of the orders process API v1, for the partner tier. */
import type { AxiosInstance } from 'axios';
import { answer, answerOrUndefined } from '../../../../gateway/http/tier-calls';
import type { OrderSubmission, ProcessOrder } from './models';

export interface OrdersProcessClient {
  submitOrder(submission: OrderSubmission): Promise<ProcessOrder>;
  getOrder(orderId: string): Promise<ProcessOrder | undefined>;
  findOrders(partnerId: string, orderNumber: string): Promise<ProcessOrder[]>;
}

export function createOrdersProcessClient(http: AxiosInstance): OrdersProcessClient {
  return {
    submitOrder: (submission) => answer(http.post<ProcessOrder>('/orders', submission)),
    getOrder: (orderId) => answerOrUndefined(http.get<ProcessOrder>(`/orders/${encodeURIComponent(orderId)}`)),
    findOrders: (partnerId, orderNumber) => answer(http.get<ProcessOrder[]>('/orders', { params: { partnerId, orderNumber } })),
  };
}
