/**
 * The customer orders channel: checks what the schema cannot, then hands canonical orders to the process tier.
 * A partner sees and orders only for its own accounts: another partner's order answers 404 exactly like a missing
 * one, so ids reveal nothing.
 */
import type { CallerRef } from '../../../gateway/auth/caller';
import type { PartnerConfig } from '../../../gateway/config';
import { GatewayError, notFound } from '../../../gateway/errors';
import type { OrdersProcessClient } from '../../process/orders/v1/client';
import { toCustomerOrder, toSubmission } from './customer-order-mapping';
import type { CustomerOrder, CustomerOrderRequest } from './v1/models';

export interface CustomerOrderServiceOptions {
  orders: OrdersProcessClient;
  partners: readonly PartnerConfig[];
  /** Currency of orders placed through this channel. */
  currency: string;
  clock?: () => Date;
}

export class CustomerOrderService {
  private readonly partners: ReadonlyMap<string, PartnerConfig>;

  constructor(private readonly options: CustomerOrderServiceOptions) {
    this.partners = new Map(options.partners.map((partner) => [partner.id, partner]));
  }

  private partnerOf(caller: CallerRef): PartnerConfig {
    const partner = caller.partnerId ? this.partners.get(caller.partnerId) : undefined;
    if (!partner) throw new GatewayError('ERR_FORBIDDEN', `Client ${caller.clientId} does not act for a partner; this API is for partners' clients`);
    return partner;
  }

  async place(request: CustomerOrderRequest, caller: CallerRef): Promise<CustomerOrder> {
    const partner = this.partnerOf(caller);
    const customerNumber = request.customerNumber ?? partner.customerNumbers[0];
    if (!customerNumber) throw new GatewayError('ERR_FORBIDDEN', `Partner ${partner.id} has no account to order on`);
    if (!partner.customerNumbers.includes(customerNumber)) {
      throw new GatewayError('ERR_FORBIDDEN', `Account ${customerNumber} is not one of yours`, {
        fields: [{ name: 'body.customerNumber', message: 'not one of your accounts', value: customerNumber }],
      });
    }
    request.lines.forEach((line, index) => {
      if (!line.sku && !line.gtin) {
        throw new GatewayError('ERR_VALIDATION', `Line ${line.lineNumber} names no item`, {
          fields: [{ name: `body.lines.${index}`, message: 'give sku, gtin, or both' }],
        });
      }
    });
    const today = (this.options.clock?.() ?? new Date()).toISOString().slice(0, 10);
    const order = await this.options.orders.submitOrder(toSubmission(request, partner.id, customerNumber, today, this.options.currency));
    return toCustomerOrder(order);
  }

  async get(orderId: string, caller: CallerRef): Promise<CustomerOrder> {
    const partner = this.partnerOf(caller);
    const order = await this.options.orders.getOrder(orderId);
    // Only this partner's orders placed through this channel; anything else is indistinguishable from missing.
    if (!order || order.source.channel !== 'API' || order.source.partnerId !== partner.id) throw notFound('Order', orderId);
    return toCustomerOrder(order);
  }
}
