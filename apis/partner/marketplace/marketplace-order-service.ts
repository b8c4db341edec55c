/**
 * The marketplace channel: takes a marketplace's vendor purchase orders for the partner behind the caller, hands
 * each to the process tier as a canonical order, and reads them back by purchase order number in the marketplace's
 * shape. A partner sees only the orders it placed through this channel: any other purchase order number (another
 * partner's, another channel's, a missing one) is the same 404.
 */
import type { CallerRef } from '../../../gateway/auth/caller';
import { ConfigError, type PartnerConfig } from '../../../gateway/config';
import { GatewayError, PROBLEM_CODES, notFound } from '../../../gateway/errors';
import { PROBLEM_TYPE_BASE, toGatewayError } from '../../../gateway/problem-handler';
import type { OrdersProcessClient } from '../../process/orders/v2/client';
import type { ProcessOrder } from '../../process/orders/v2/models';
import type { MarketplaceChannelConfig, MarketplacePartnerProfile } from './config-schema';
import { toVendorAcknowledgement, toVendorOrderStatus } from './vendor-acknowledgement';
import { checkVendorOrder, toVendorSubmission, type VendorPlacement } from './vendor-order-intake';
import { toVendorOrder } from './vendor-order-views';
import { toShipmentConfirmation } from './vendor-shipment-confirmation';
import type { Order, OrderAcknowledgement, OrderStatus, OrderSubmissionResult, ShipmentConfirmationList, SubmissionProblem } from './v1/models';

export interface MarketplaceOrderServiceOptions {
  orders: OrdersProcessClient;
  /** The partners (auth.partners): their accounts. */
  partners: readonly PartnerConfig[];
  /** channels.marketplace. */
  channel: MarketplaceChannelConfig;
}

interface Seller {
  partner: PartnerConfig;
  profile: MarketplacePartnerProfile;
}

/** A refused order's problem, as the problem handler would write it (without `instance`: it is the request's). */
function problemOf(error: unknown): SubmissionProblem {
  const failure = toGatewayError(error);
  const info = PROBLEM_CODES[failure.code];
  const orderId = failure.extensions['orderId'];
  return {
    type: `${PROBLEM_TYPE_BASE}${failure.code}`,
    title: info.title,
    status: failure.status,
    detail: failure.expose ? failure.message : info.title,
    code: failure.code,
    ...(failure.fields ? { errors: failure.fields.map(({ name, message }) => ({ name, message })) } : {}),
    ...(typeof orderId === 'string' ? { orderId } : {}),
  };
}

export class MarketplaceOrderService {
  private readonly sellers = new Map<string, Seller>();

  constructor(private readonly options: MarketplaceOrderServiceOptions) {
    const partners = new Map(options.partners.map((partner) => [partner.id, partner]));
    options.channel.partners.forEach((profile, index) => {
      const at = `channels.marketplace.partners.${index}`;
      const partner = partners.get(profile.partnerId);
      if (!partner) throw new ConfigError(`${at}.partnerId: no partner ${profile.partnerId} in auth.partners`);
      const accounts: Array<[string, string | undefined]> = [
        [`${at}.customerNumber`, profile.customerNumber],
        ...Object.entries(profile.buyingParties).map(([party, account]): [string, string] => [`${at}.buyingParties.${party}`, account]),
      ];
      for (const [key, account] of accounts) {
        if (account !== undefined && !partner.customerNumbers.includes(account)) throw new ConfigError(`${key}: ${account} is not one of partner ${partner.id}'s accounts`);
      }
      this.sellers.set(profile.partnerId, { partner, profile });
    });
  }

  private sellerOf(caller: CallerRef): Seller {
    const seller = caller.partnerId ? this.sellers.get(caller.partnerId) : undefined;
    if (!seller) throw new GatewayError('ERR_FORBIDDEN', `Client ${caller.clientId} does not act for a marketplace partner; this API is for marketplaces`);
    return seller;
  }

  private placementOf(order: Order, { partner, profile }: Seller): VendorPlacement {
    const details = order.orderDetails;
    const customerNumber = (details.buyingParty && profile.buyingParties[details.buyingParty.partyId]) ?? profile.customerNumber ?? partner.customerNumbers[0];
    if (!customerNumber) throw new GatewayError('ERR_FORBIDDEN', `Partner ${partner.id} has no account to order on`);
    const shipTo = details.shipToParty ? profile.shipToParties[details.shipToParty.partyId] : undefined;
    return { partnerId: partner.id, customerNumber, ...(shipTo ? { shipTo } : {}), currency: profile.currency };
  }

  /** Places each order on its own, in the order sent: a refused one does not stop the others. */
  async submit(orders: readonly Order[], caller: CallerRef): Promise<OrderSubmissionResult[]> {
    const seller = this.sellerOf(caller);
    const results: OrderSubmissionResult[] = [];
    for (const [index, order] of orders.entries()) {
      try {
        checkVendorOrder(order, `body.orders.${index}`, seller.profile.currency);
        const accepted = await this.options.orders.submitOrder(toVendorSubmission(order, this.placementOf(order, seller)));
        results.push({ purchaseOrderNumber: order.purchaseOrderNumber, result: 'Accepted', orderId: accepted.id });
      } catch (error) {
        results.push({ purchaseOrderNumber: order.purchaseOrderNumber, result: 'Refused', problem: problemOf(error) });
      }
    }
    return results;
  }

  /** The partner's order placed through this channel with this purchase order number; anything else is 404. */
  private async own(purchaseOrderNumber: string, caller: CallerRef): Promise<{ order: ProcessOrder; seller: Seller }> {
    const seller = this.sellerOf(caller);
    const [order] = (await this.options.orders.findOrders(seller.partner.id, purchaseOrderNumber)).filter(
      (candidate) => candidate.source.channel === 'MARKETPLACE' && candidate.source.partnerId === seller.partner.id,
    );
    if (!order) throw notFound('Purchase order', purchaseOrderNumber);
    return { order, seller };
  }

  async order(purchaseOrderNumber: string, caller: CallerRef): Promise<Order> {
    const { order, seller } = await this.own(purchaseOrderNumber, caller);
    return toVendorOrder(order, seller.profile.sellingParty);
  }

  async acknowledgement(purchaseOrderNumber: string, caller: CallerRef): Promise<OrderAcknowledgement> {
    const { order, seller } = await this.own(purchaseOrderNumber, caller);
    const acknowledgement = toVendorAcknowledgement(order, seller.profile.sellingParty);
    if (!acknowledgement) throw new GatewayError('ERR_NOT_FOUND', `Purchase order '${purchaseOrderNumber}' is not acknowledged yet: we are still checking it (state New)`);
    return acknowledgement;
  }

  async status(purchaseOrderNumber: string, caller: CallerRef): Promise<OrderStatus> {
    const { order, seller } = await this.own(purchaseOrderNumber, caller);
    return toVendorOrderStatus(order, seller.profile.sellingParty);
  }

  async shipments(purchaseOrderNumber: string, caller: CallerRef): Promise<ShipmentConfirmationList> {
    const { order, seller } = await this.own(purchaseOrderNumber, caller);
    const shipments = (await this.options.orders.listShipments(order.id)) ?? [];
    return { shipmentConfirmations: shipments.map((shipment) => toShipmentConfirmation(shipment, order, seller.profile.sellingParty)) };
  }
}
