/** The customer orders channel: validates what the schema cannot, then hands canonical orders to the process tier. */
import { GatewayError, notFound } from '../../../gateway/errors';
import type { OrdersProcessClient } from '../../process/orders/v1/client';
import { toCustomerOrder, toSubmission } from './customer-order-mapping';
import type { CustomerOrder, CustomerOrderRequest } from './v1/models';

export interface CustomerOrderServiceOptions {
  orders: OrdersProcessClient;
  /** Currency of orders placed through this channel. */
  currency: string;
  clock?: () => Date;
}

export class CustomerOrderService {
  constructor(private readonly options: CustomerOrderServiceOptions) {}

  async place(request: CustomerOrderRequest): Promise<CustomerOrder> {
    request.lines.forEach((line, index) => {
      if (!line.sku && !line.gtin) {
        throw new GatewayError('ERR_VALIDATION', `Line ${line.lineNumber} names no item`, {
          fields: [{ name: `body.lines.${index}`, message: 'give sku, gtin, or both' }],
        });
      }
    });
    const today = (this.options.clock?.() ?? new Date()).toISOString().slice(0, 10);
    const order = await this.options.orders.submitOrder(toSubmission(request, today, this.options.currency));
    return toCustomerOrder(order);
  }

  async get(orderId: string): Promise<CustomerOrder> {
    const order = await this.options.orders.getOrder(orderId);
    // Only orders placed through this channel are visible here.
    if (!order || order.source.channel !== 'API') throw notFound('Order', orderId);
    return toCustomerOrder(order);
  }
}
