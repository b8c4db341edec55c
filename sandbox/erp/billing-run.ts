/**
 * The billing run: bills sales orders whose goods were issued (SAP's billing due list, worked by VF04 or a scheduled
 * job). One F2 billing document per order, referencing its outbound delivery; tax is a flat sales-tax rate on each
 * item's net amount (see SALES_TAX_BASIS_POINTS). Goods issue (shipping.ts) puts an order on the due list; the run
 * bills it at once or after the sandbox's `billingDelayMs`.
 */
import type { BillingDocument, ErpStore } from './store';

/** 6.25% (the Texas state rate, chosen as one plausible flat rate): the sandbox has no tax jurisdictions. */
export const SALES_TAX_BASIS_POINTS = 625;

export type BillingResult =
  | { outcome: 'billed'; document: BillingDocument }
  /** Billing is idempotent: a second run answers the document the first one made. */
  | { outcome: 'already-billed'; document: BillingDocument }
  | { outcome: 'unknown-order' }
  /** The order's goods have not been issued: it is not on the billing due list. */
  | { outcome: 'not-due' };

function taxCents(netCents: number): number {
  // Half-up rounding per item; the header total is the sum, so items always add up to it.
  return Math.floor((netCents * SALES_TAX_BASIS_POINTS) / 10_000 + 0.5);
}

/** Bills a whole sales order whose goods were issued; dated the goods issue day, as SAP proposes for delivery-related billing. */
export function billSalesOrder(store: ErpStore, salesOrder: string): BillingResult {
  const order = store.salesOrder(salesOrder);
  if (!order) return { outcome: 'unknown-order' };
  if (order.billingDocument) {
    const existing = store.billingDocument(order.billingDocument);
    if (existing) return { outcome: 'already-billed', document: existing };
  }
  const delivery = store.deliveriesOf(salesOrder).find((candidate) => candidate.overallGoodsMovementStatus === 'C');
  if (!delivery || delivery.actualGoodsMovementDate === null) return { outcome: 'not-due' };
  const items = delivery.items.map((deliveryItem) => {
    const item = order.items.find((candidate) => candidate.salesOrderItem === deliveryItem.salesOrderItem);
    if (!item) throw new TypeError(`delivery ${delivery.deliveryDocument} item ${deliveryItem.deliveryDocumentItem} names no item of order ${salesOrder}`);
    return {
      billingDocumentItem: item.salesOrderItem,
      salesDocument: order.salesOrder,
      salesDocumentItem: item.salesOrderItem,
      material: item.material,
      text: item.text,
      quantity: item.quantity,
      unit: item.unit,
      netCents: item.netCents,
      taxCents: taxCents(item.netCents),
      referenceSDDocument: delivery.deliveryDocument,
      referenceSDDocumentItem: deliveryItem.deliveryDocumentItem,
    };
  });
  const document = store.addBillingDocument({
    billingDocumentType: 'F2',
    billingDocumentDate: delivery.actualGoodsMovementDate,
    soldToParty: order.soldToParty,
    purchaseOrderByCustomer: order.purchaseOrderByCustomer,
    salesOrder: order.salesOrder,
    currency: order.currency,
    paymentTerms: order.paymentTerms,
    totalNetCents: items.reduce((sum, item) => sum + item.netCents, 0),
    totalTaxCents: items.reduce((sum, item) => sum + item.taxCents, 0),
    items,
  });
  // Billed completes the order and the delivery; the goods left at goods issue, so stock is not touched here.
  for (const item of order.items) item.processStatus = 'C';
  order.overallStatus = 'C';
  order.billingDocument = document.billingDocument;
  delivery.billingStatus = 'C';
  delivery.revision += 1;
  return { outcome: 'billed', document };
}

/** The billing due list and its run: orders are billed `delayMs` after goods issue (0: within the goods issue). */
export class BillingRun {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: ErpStore,
    /** Milliseconds from goods issue to billing; 0 bills as part of posting goods issue. */
    readonly delayMs: number,
  ) {}

  /** Goods issue was posted for the order: bill it now, or schedule it. */
  due(salesOrder: string): void {
    if (this.delayMs === 0) {
      billSalesOrder(this.store, salesOrder);
      return;
    }
    this.cancel(salesOrder);
    const timer = setTimeout(() => {
      this.pending.delete(salesOrder);
      try {
        billSalesOrder(this.store, salesOrder);
      } catch (error) {
        console.error(`sandbox ERP: the billing run failed for sales order ${salesOrder}`, error);
      }
    }, this.delayMs);
    // Not unref'd: a billing still due keeps the sandbox alive, so `close()` and a reset must (and do) drop it.
    this.pending.set(salesOrder, timer);
  }

  /** Bills the order now (the sandbox control), instead of when its timer would have. */
  billNow(salesOrder: string): BillingResult {
    this.cancel(salesOrder);
    return billSalesOrder(this.store, salesOrder);
  }

  /** Forgets every scheduled billing: the server is closing, or the data was reset. */
  cancelPending(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private cancel(salesOrder: string): void {
    const timer = this.pending.get(salesOrder);
    if (timer) clearTimeout(timer);
    this.pending.delete(salesOrder);
  }
}
