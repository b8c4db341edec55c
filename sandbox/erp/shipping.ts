/**
 * Shipping in the sandbox ERP: an outbound delivery for the whole of a sales order, and its goods issue, which takes
 * the stock out of the plants (the one place stock is issued) and puts the order on the billing due list.
 */
import type { BillingRun } from './billing-run';
import { startOfUtcDay } from './odata/values';
import type { ErpStore, OutboundDelivery, SalesOrder } from './store';

export interface DeliveryOptions {
  /** The goods issue day asked for (a calendar day, midnight UTC); goods issue posts on the day it runs when null. */
  actualGoodsMovementDate: number | null;
  /** The external identification of the delivery (SAP's LIFEX, 35 characters). */
  deliveryDocumentBySupplier: string;
}

export type GoodsIssueResult = { outcome: 'posted'; delivery: OutboundDelivery } | { outcome: 'already-posted'; delivery: OutboundDelivery };

export class Shipping {
  constructor(
    private readonly store: ErpStore,
    private readonly billing: BillingRun,
    private readonly now: () => number,
  ) {}

  /** Creates the delivery of every item of the order, full quantities; the order is then completely delivered. */
  deliver(order: SalesOrder, options: DeliveryOptions): OutboundDelivery {
    const shipTo = order.partners.find((partner) => partner.partnerFunction === 'SH')?.customer ?? order.soldToParty;
    const delivery = this.store.addDelivery({
      salesOrder: order.salesOrder,
      soldToParty: order.soldToParty,
      shipToParty: shipTo,
      salesOrganization: order.salesOrganization,
      shippingPoint: order.items[0]?.plant ?? '',
      creationDate: startOfUtcDay(this.now()),
      actualGoodsMovementDate: options.actualGoodsMovementDate,
      deliveryDocumentBySupplier: options.deliveryDocumentBySupplier,
      overallGoodsMovementStatus: 'A',
      billingStatus: 'A',
      revision: 1,
      items: order.items.map((item, index) => ({
        deliveryDocumentItem: String((index + 1) * 10),
        salesOrderItem: item.salesOrderItem,
        material: item.material,
        text: item.text,
        quantity: item.quantity,
        unit: item.unit,
        eaches: item.eaches,
        plant: item.plant,
        goodsMovementStatus: 'A',
      })),
    });
    for (const item of order.items) {
      item.deliveryStatus = 'C';
      if (item.processStatus === 'A') item.processStatus = 'B';
    }
    order.overallDeliveryStatus = 'C';
    if (order.overallStatus === 'A') order.overallStatus = 'B';
    return delivery;
  }

  /**
   * Posts goods issue for a delivery: stock leaves the plants and the order stops counting as open (so available-to-
   * promise does not move), then the billing run is told, unless `scheduleBilling` is false (the control bills itself).
   */
  postGoodsIssue(delivery: OutboundDelivery, scheduleBilling = true): GoodsIssueResult {
    if (delivery.overallGoodsMovementStatus === 'C') return { outcome: 'already-posted', delivery };
    const order = this.store.salesOrder(delivery.salesOrder);
    if (!order) throw new TypeError(`delivery ${delivery.deliveryDocument} belongs to no sales order`);
    for (const deliveryItem of delivery.items) {
      this.store.issueGoods(deliveryItem.plant, deliveryItem.material, deliveryItem.eaches);
      deliveryItem.goodsMovementStatus = 'C';
      const item = order.items.find((candidate) => candidate.salesOrderItem === deliveryItem.salesOrderItem);
      if (item) item.goodsIssued = true;
    }
    delivery.actualGoodsMovementDate ??= startOfUtcDay(this.now());
    delivery.overallGoodsMovementStatus = 'C';
    delivery.revision += 1;
    if (scheduleBilling) this.billing.due(order.salesOrder);
    return { outcome: 'posted', delivery };
  }

  /** The whole shipping leg for the sandbox control: a delivery if the order has none, and its goods issue, not billed. */
  ship(order: SalesOrder): OutboundDelivery {
    const delivery = this.store.deliveriesOf(order.salesOrder)[0] ?? this.deliver(order, { actualGoodsMovementDate: null, deliveryDocumentBySupplier: '' });
    return this.postGoodsIssue(delivery, false).delivery;
  }
}
