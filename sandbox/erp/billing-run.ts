/**
 * Bills a whole sales order: one F2 billing document, goods issued from the plants, the order completed.
 * Tax is a flat sales-tax rate on each item's net amount (see SALES_TAX_BASIS_POINTS).
 */
import { startOfUtcDay } from './odata/values';
import type { BillingDocument, ErpStore } from './store';

/** 6.25% (the Texas state rate, chosen as one plausible flat rate): the sandbox has no tax jurisdictions. */
export const SALES_TAX_BASIS_POINTS = 625;

export type BillingResult =
  | { outcome: 'billed'; document: BillingDocument }
  /** Billing is idempotent: a second run answers the document the first one made. */
  | { outcome: 'already-billed'; document: BillingDocument }
  | { outcome: 'unknown-order' };

function taxCents(netCents: number): number {
  // Half-up rounding per item; the header total is the sum, so items always add up to it.
  return Math.floor((netCents * SALES_TAX_BASIS_POINTS) / 10_000 + 0.5);
}

export function billSalesOrder(store: ErpStore, salesOrder: string, now: () => number): BillingResult {
  const order = store.salesOrder(salesOrder);
  if (!order) return { outcome: 'unknown-order' };
  if (order.billingDocument) {
    const existing = store.billingDocument(order.billingDocument);
    if (existing) return { outcome: 'already-billed', document: existing };
  }
  const items = order.items.map((item) => ({
    billingDocumentItem: item.salesOrderItem,
    salesDocument: order.salesOrder,
    salesDocumentItem: item.salesOrderItem,
    material: item.material,
    text: item.text,
    quantity: item.quantity,
    unit: item.unit,
    netCents: item.netCents,
    taxCents: taxCents(item.netCents),
  }));
  const document = store.addBillingDocument({
    billingDocumentType: 'F2',
    billingDocumentDate: startOfUtcDay(now()),
    soldToParty: order.soldToParty,
    purchaseOrderByCustomer: order.purchaseOrderByCustomer,
    salesOrder: order.salesOrder,
    currency: order.currency,
    paymentTerms: order.paymentTerms,
    totalNetCents: items.reduce((sum, item) => sum + item.netCents, 0),
    totalTaxCents: items.reduce((sum, item) => sum + item.taxCents, 0),
    items,
  });
  // Billing stands for the whole shipping flow: the goods left the plant, so on-hand drops and the order is no longer
  // open — available-to-promise is unchanged by billing, as it should be.
  for (const item of order.items) {
    store.issueGoods(item.plant, item.material, item.eaches);
    item.processStatus = 'C';
    item.deliveryStatus = 'C';
  }
  order.overallStatus = 'C';
  order.overallDeliveryStatus = 'C';
  order.billingDocument = document.billingDocument;
  return { outcome: 'billed', document };
}
