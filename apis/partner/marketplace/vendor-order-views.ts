/**
 * Our order record → Amazon's Order, and our statuses → Amazon's purchase order states, mapped faithfully: an order
 * is New until we have acknowledged it, Acknowledged while we release, ship and invoice it, Closed once nothing more
 * will happen (invoiced, or rejected as a whole).
 */
import type { Address as CanonicalAddress, Party } from '../../canonical/model';
import type { OrderStatus, ProcessOrder } from '../../process/orders/v2/models';
import { MARKETPLACE_PARTY } from './vendor-order-intake';
import { netCostOf, productIdsOf, idOf, toItemQuantity } from './vendor-units';
import type { Address, Order, OrderDetails, PartyIdentification, PurchaseOrderState, PurchaseOrderStatus, PurchaseOrderType } from './v1/models';

/**
 * Our status → Amazon's `purchaseOrderState`.
 * - New: RECEIVED to POSTED, and EXCEPTION (a step failed and waits for our replay): the order is still ours to
 *   check, price, allocate and post, and the marketplace has no acknowledgement yet.
 * - Acknowledged: ACKNOWLEDGED, RELEASED, PARTIALLY_SHIPPED, SHIPPED: the acknowledgement is sent; the goods are
 *   being picked, packed and shipped (and invoiced after).
 * - Closed: INVOICED (every item shipped and billed) and REJECTED (the acknowledgement rejected every item).
 */
export const PURCHASE_ORDER_STATE: Readonly<Record<OrderStatus, PurchaseOrderState>> = {
  RECEIVED: 'New',
  VALIDATED: 'New',
  PRICED: 'New',
  ALLOCATED: 'New',
  POSTED: 'New',
  EXCEPTION: 'New',
  ACKNOWLEDGED: 'Acknowledged',
  RELEASED: 'Acknowledged',
  PARTIALLY_SHIPPED: 'Acknowledged',
  SHIPPED: 'Acknowledged',
  INVOICED: 'Closed',
  REJECTED: 'Closed',
};

/** Amazon's order status (OPEN/CLOSED) is the state's closure: Closed is CLOSED, New and Acknowledged are OPEN. */
export function purchaseOrderStatusOf(status: OrderStatus): PurchaseOrderStatus {
  return PURCHASE_ORDER_STATE[status] === 'Closed' ? 'CLOSED' : 'OPEN';
}

/** When the order entered its current Amazon state: the first status of its history that maps to it. */
export function stateChangedAt(order: ProcessOrder): string {
  const state = PURCHASE_ORDER_STATE[order.status];
  let since = order.receivedAt;
  for (const entry of order.history) {
    if (PURCHASE_ORDER_STATE[entry.status] === state) {
      since = entry.at;
      break;
    }
  }
  return since;
}

/** One of the envelope values the intake kept (`purchaseOrderDate`, `shipWindow`...). */
export function documentOf(order: ProcessOrder, type: string): string | undefined {
  return order.source.documents?.find((document) => document.type === type)?.value;
}

/** The purchase order's date-time as sent (the order date at midnight UTC for orders without one). */
export function purchaseOrderDateOf(order: ProcessOrder): string {
  return documentOf(order, 'purchaseOrderDate') ?? `${order.orderDate}T00:00:00Z`;
}

function toAddress(address: CanonicalAddress): Address {
  const [line1 = '', line2, line3] = address.lines;
  return {
    name: address.name ?? '',
    addressLine1: line1,
    ...(line2 ? { addressLine2: line2 } : {}),
    ...(line3 ? { addressLine3: line3 } : {}),
    ...(address.city ? { city: address.city } : {}),
    ...(address.region ? { stateOrRegion: address.region } : {}),
    ...(address.postalCode ? { postalCode: address.postalCode } : {}),
    countryCode: address.country,
  };
}

/** The marketplace party of a role as the order named it, with its address when one was sent. */
export function marketplaceParty(order: ProcessOrder, role: Party['role']): PartyIdentification | undefined {
  const party = order.parties.find((candidate) => candidate.role === role);
  const partyId = party && idOf(party.ids, MARKETPLACE_PARTY);
  if (!party || !partyId) return undefined;
  return { partyId, ...(party.address ? { address: toAddress(party.address) } : {}) };
}

/** The order in Amazon's shape: as it was sent, with its current state. */
export function toVendorOrder(order: ProcessOrder, sellingParty: string): Order {
  const buyingParty = marketplaceParty(order, 'BUYER');
  const shipToParty = marketplaceParty(order, 'SHIP_TO');
  const purchaseOrderType = documentOf(order, 'purchaseOrderType') as PurchaseOrderType | undefined;
  const shipWindow = documentOf(order, 'shipWindow');
  const deliveryWindow = documentOf(order, 'deliveryWindow');
  const orderDetails: OrderDetails = {
    purchaseOrderDate: purchaseOrderDateOf(order),
    purchaseOrderStateChangedDate: stateChangedAt(order),
    ...(purchaseOrderType ? { purchaseOrderType } : {}),
    ...(buyingParty ? { buyingParty } : {}),
    sellingParty: { partyId: sellingParty },
    ...(shipToParty ? { shipToParty } : {}),
    ...(shipWindow ? { shipWindow } : {}),
    ...(deliveryWindow ? { deliveryWindow } : {}),
    items: order.lines.map((line) => {
      const buyerPart = idOf(line.item.ids, 'BUYER_PART');
      const asSent = productIdsOf(line.item.ids.filter((id) => id.scheme !== 'ERP_MATERIAL'));
      return {
        itemSequenceNumber: line.lineNumber,
        ...asSent,
        ...(buyerPart ? { buyerProductIdentifier: buyerPart } : {}),
        orderedQuantity: toItemQuantity(line.quantity),
        ...(line.partnerUnitPrice ? { netCost: netCostOf(line.partnerUnitPrice, line.quantity) } : {}),
      };
    }),
  };
  return { purchaseOrderNumber: order.orderNumber, purchaseOrderState: PURCHASE_ORDER_STATE[order.status], orderDetails };
}
