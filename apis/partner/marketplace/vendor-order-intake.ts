/**
 * One Amazon vendor purchase order → the canonical order submission: what the schema cannot check (a case without
 * its size, an item without any id, a cost in another currency), then the mapping. Every failing field of the order
 * at once, named as the caller wrote it (`body.orders.2.orderDetails.items.0.orderedQuantity.unitSize`).
 */
import type { Address as CanonicalAddress, Ident, Party } from '../../canonical/model';
import { isCalendarDate } from '../../canonical/dates';
import { GatewayError, type FieldError } from '../../../gateway/errors';
import type { ChannelDocument, OrderLineSubmission, OrderSubmission } from '../../process/orders/v2/models';
import { toQty, unitPriceOf } from './vendor-units';
import type { Address, Order, OrderItem } from './v1/models';

/** The scheme under which a marketplace party id (a vendor code, a fulfilment centre) is kept beside our ERP numbers. */
export const MARKETPLACE_PARTY = 'MARKETPLACE_PARTY';

/** What the channel settled before mapping: who orders, on which account, shipping where, in which currency. */
export interface VendorPlacement {
  partnerId: string;
  /** The ERP customer the order is placed on. */
  customerNumber: string;
  /** Our ERP ship-to for the order's ship-to party, when the profile maps it. */
  shipTo?: string;
  currency: string;
}

/** The envelope values kept in `source.documents`, so the order reads back as it was sent. */
export const DOCUMENT_TYPES = ['purchaseOrderDate', 'purchaseOrderType', 'shipWindow', 'deliveryWindow'] as const;

function checkItem(item: OrderItem, at: string, currency: string, fields: FieldError[]): void {
  const quantity = item.orderedQuantity;
  if (!item.vendorProductIdentifier && !item.amazonProductIdentifier && !item.buyerProductIdentifier) {
    fields.push({ name: at, message: 'give vendorProductIdentifier (our SKU), amazonProductIdentifier (the ASIN), or both' });
  }
  if (quantity.amount < 1) fields.push({ name: `${at}.orderedQuantity.amount`, message: 'must be at least 1', value: quantity.amount });
  if (quantity.unitOfMeasure === 'Cases' && quantity.unitSize === undefined) {
    fields.push({ name: `${at}.orderedQuantity.unitSize`, message: 'required with Cases: the number of eaches in a case' });
  }
  if (quantity.unitOfMeasure === 'Eaches' && quantity.unitSize !== undefined && quantity.unitSize !== 1) {
    fields.push({ name: `${at}.orderedQuantity.unitSize`, message: 'an each is one unit: leave unitSize out or send 1', value: quantity.unitSize });
  }
  if (item.netCost?.unitOfMeasure !== undefined) {
    fields.push({ name: `${at}.netCost.unitOfMeasure`, message: 'we sell by the each, not by weight', value: item.netCost.unitOfMeasure });
  }
  if (item.netCost && item.netCost.currencyCode !== currency) {
    fields.push({ name: `${at}.netCost.currencyCode`, message: `we sell to you in ${currency}`, value: item.netCost.currencyCode });
  }
}

/** The date part of an ISO 8601 date or date-time, or undefined when it is no calendar date. */
function dateOf(value: string): string | undefined {
  const date = value.slice(0, 10);
  return isCalendarDate(date) ? date : undefined;
}

/** Refuses what the schema lets through but the channel cannot take. */
export function checkVendorOrder(order: Order, at: string, currency: string): void {
  const fields: FieldError[] = [];
  if (order.purchaseOrderState !== 'New') {
    fields.push({ name: `${at}.purchaseOrderState`, message: 'only New purchase orders are taken; send changes and cancellations to your account manager', value: order.purchaseOrderState });
  }
  const details = order.orderDetails;
  if (!dateOf(details.purchaseOrderDate)) fields.push({ name: `${at}.orderDetails.purchaseOrderDate`, message: 'not a calendar date', value: details.purchaseOrderDate });
  if (details.deliveryWindow !== undefined && !dateOf(details.deliveryWindow.split('--')[1] ?? '')) {
    fields.push({ name: `${at}.orderDetails.deliveryWindow`, message: 'an ISO 8601 interval: start--end', value: details.deliveryWindow });
  }
  const seen = new Set<string>();
  details.items.forEach((item, index) => {
    const itemAt = `${at}.orderDetails.items.${index}`;
    if (seen.has(item.itemSequenceNumber)) fields.push({ name: `${itemAt}.itemSequenceNumber`, message: 'item sequence numbers must be unique within the order', value: item.itemSequenceNumber });
    seen.add(item.itemSequenceNumber);
    checkItem(item, itemAt, currency, fields);
  });
  if (fields.length > 0) throw new GatewayError('ERR_VALIDATION', `Purchase order ${order.purchaseOrderNumber} is invalid: ${fields.map((field) => field.name).join(', ')}`, { fields });
}

function toAddress(address: Address): CanonicalAddress {
  return {
    name: address.name,
    lines: [address.addressLine1, address.addressLine2, address.addressLine3].filter((line): line is string => line !== undefined && line !== ''),
    ...(address.city ? { city: address.city } : {}),
    ...(address.stateOrRegion ? { region: address.stateOrRegion } : {}),
    ...(address.postalCode ? { postalCode: address.postalCode } : {}),
    country: address.countryCode,
  };
}

function toLine(item: OrderItem): OrderLineSubmission {
  const ids: Ident[] = [
    ...(item.vendorProductIdentifier ? [{ scheme: 'SKU', value: item.vendorProductIdentifier }] : []),
    ...(item.amazonProductIdentifier ? [{ scheme: 'ASIN', value: item.amazonProductIdentifier }] : []),
    ...(item.buyerProductIdentifier ? [{ scheme: 'BUYER_PART', value: item.buyerProductIdentifier }] : []),
  ];
  const quantity = toQty(item.orderedQuantity);
  return { lineNumber: item.itemSequenceNumber, item: { ids }, quantity, ...(item.netCost ? { unitPrice: unitPriceOf(item.netCost, quantity) } : {}) };
}

/** The canonical order of a checked vendor purchase order (see `checkVendorOrder`). */
export function toVendorSubmission(order: Order, placement: VendorPlacement): OrderSubmission {
  const details = order.orderDetails;
  const buyer: Party = {
    role: 'BUYER',
    ids: [{ scheme: 'ERP_CUSTOMER', value: placement.customerNumber }, ...(details.buyingParty ? [{ scheme: MARKETPLACE_PARTY, value: details.buyingParty.partyId }] : [])],
  };
  const shipTo: Party[] =
    details.shipToParty || placement.shipTo
      ? [
          {
            role: 'SHIP_TO',
            ids: [...(placement.shipTo ? [{ scheme: 'ERP_SHIP_TO', value: placement.shipTo }] : []), ...(details.shipToParty ? [{ scheme: MARKETPLACE_PARTY, value: details.shipToParty.partyId }] : [])],
            ...(details.shipToParty?.address ? { name: details.shipToParty.address.name, address: toAddress(details.shipToParty.address) } : {}),
          },
        ]
      : [];
  const documents: ChannelDocument[] = DOCUMENT_TYPES.flatMap((type) => (details[type] ? [{ type, value: details[type] }] : []));
  const requestedDelivery = details.deliveryWindow ? dateOf(details.deliveryWindow.split('--')[1] ?? '') : undefined;
  return {
    source: { channel: 'MARKETPLACE', partnerId: placement.partnerId, externalId: order.purchaseOrderNumber, documents },
    orderNumber: order.purchaseOrderNumber,
    purpose: 'ORIGINAL',
    orderDate: dateOf(details.purchaseOrderDate)!,
    currency: placement.currency,
    parties: [buyer, ...shipTo],
    ...(requestedDelivery ? { requestedDelivery } : {}),
    lines: details.items.map(toLine),
  };
}
