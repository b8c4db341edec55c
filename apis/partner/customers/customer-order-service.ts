/**
 * The customer orders channel, shared by every version of the API: checks what the schema cannot, then hands
 * canonical orders to the process tier. A partner sees and orders only for its own accounts: another partner's order
 * answers 404 exactly like a missing one, so ids reveal nothing.
 *
 * The core (`submitOrder`, `ownOrder`) speaks canonical orders only; each version maps its own JSON to and from them
 * (customer-order-mapping.ts for v1, customer-order-mapping-v2.ts for v2), so an order placed through one version
 * reads back through any other.
 */
import type { IsoDate } from '../../canonical/model';
import type { CallerRef } from '../../../gateway/auth/caller';
import type { PartnerConfig } from '../../../gateway/config';
import { GatewayError, notFound } from '../../../gateway/errors';
import { assertCalendarDates } from '../../canonical/dates';
import type { OrdersProcessClient } from '../../process/orders/v2/client';
import type { OrderSubmission, ProcessOrder } from '../../process/orders/v2/models';
import { toCustomerOrder, toSubmission } from './customer-order-mapping';
import type { CustomerOrder, CustomerOrderRequest } from './v1/models';

/** What a version needs to build the canonical order once the channel has settled who orders, and on what. */
export interface Placement {
  partnerId: string;
  /** The account the order is placed on: one of the partner's. */
  customerNumber: string;
  /** Today's date, the default order date. */
  today: IsoDate;
  /** The channel's currency: every order placed through it is in this currency. */
  currency: string;
}

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

  /** The partner the caller's client acts for; 403 for a client that acts for none. */
  partnerOf(caller: CallerRef): PartnerConfig {
    const partner = caller.partnerId ? this.partners.get(caller.partnerId) : undefined;
    if (!partner) throw new GatewayError('ERR_FORBIDDEN', `Client ${caller.clientId} does not act for a partner; this API is for partners' clients`);
    return partner;
  }

  /**
   * Places an order on `customerNumber` (the partner's first account when absent) after checking the account is
   * the partner's. Every version names the account `customerNumber` at the top of its body, so the problem names
   * `body.customerNumber`. `build` then checks what only the version's body can say (naming its own fields) and
   * returns the canonical order.
   */
  async submitOrder(caller: CallerRef, customerNumber: string | undefined, build: (placement: Placement) => OrderSubmission): Promise<ProcessOrder> {
    const partner = this.partnerOf(caller);
    const account = customerNumber ?? partner.customerNumbers[0];
    if (!account) throw new GatewayError('ERR_FORBIDDEN', `Partner ${partner.id} has no account to order on`);
    if (!partner.customerNumbers.includes(account)) {
      throw new GatewayError('ERR_FORBIDDEN', `Account ${account} is not one of yours`, {
        fields: [{ name: 'body.customerNumber', message: 'not one of your accounts', value: account }],
      });
    }
    const today = (this.options.clock?.() ?? new Date()).toISOString().slice(0, 10);
    const accepted = await this.options.orders.submitOrder(build({ partnerId: partner.id, customerNumber: account, today, currency: this.options.currency }));
    // The process tier answers 202 with the id; the record as it stands (RECEIVED, usually) is the channel's answer.
    const order = await this.options.orders.getOrder(accepted.id);
    if (!order) throw new GatewayError('ERR_PLATFORM_BAD_GATEWAY', `The process tier accepted order ${accepted.id} but does not show it`);
    return order;
  }

  /** One of the partner's orders placed through this channel, by any version; anything else is 404, like a missing one. */
  async ownOrder(orderId: string, caller: CallerRef): Promise<ProcessOrder> {
    const partner = this.partnerOf(caller);
    const order = await this.options.orders.getOrder(orderId);
    if (!order || order.source.channel !== 'API' || order.source.partnerId !== partner.id) throw notFound('Order', orderId);
    return order;
  }

  /** The partner's order placed through this channel with this order number (its PO, v2's customer reference): none or one. */
  async findOwn(orderNumber: string, caller: CallerRef): Promise<ProcessOrder[]> {
    const partner = this.partnerOf(caller);
    const found = await this.options.orders.findOrders(partner.id, orderNumber);
    return found.filter((order) => order.source.channel === 'API' && order.source.partnerId === partner.id);
  }

  /** v1: places an order from a v1 body. */
  async place(request: CustomerOrderRequest, caller: CallerRef): Promise<CustomerOrder> {
    const order = await this.submitOrder(caller, request.customerNumber, (placement) => {
      const seen = new Set<string>();
      request.lines.forEach((line, index) => {
        if (seen.has(line.lineNumber)) {
          throw new GatewayError('ERR_VALIDATION', `Line number ${line.lineNumber} appears twice`, {
            fields: [{ name: `body.lines.${index}.lineNumber`, message: 'line numbers must be unique', value: line.lineNumber }],
          });
        }
        seen.add(line.lineNumber);
        if (!line.sku && !line.gtin) {
          throw new GatewayError('ERR_VALIDATION', `Line ${line.lineNumber} names no item`, {
            fields: [{ name: `body.lines.${index}`, message: 'give sku, gtin, or both' }],
          });
        }
      });
      assertCalendarDates([
        ['body.orderDate', request.orderDate],
        ['body.requestedDeliveryDate', request.requestedDeliveryDate],
      ]);
      return toSubmission(request, placement.partnerId, placement.customerNumber, placement.today, placement.currency);
    });
    return toCustomerOrder(order);
  }

  /** v1: reads one of the partner's orders as v1 shows it. */
  async get(orderId: string, caller: CallerRef): Promise<CustomerOrder> {
    return toCustomerOrder(await this.ownOrder(orderId, caller));
  }
}
